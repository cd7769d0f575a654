import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { API, fill, problem, renderApp, USERS } from '../test/render';
import { server } from '../test/server';
import type { Officer } from './county-api';
import { aMilestone, LEADER_ID, MEMBER_ID, OFFICERS, pageAnswers, PROJECT_ID } from './county-fixtures';

const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });

describe('领导小组 editor', () => {
  it('adds a member without an account with an e-mail and a mobile they asked not to be texted on, and shows the contacts', async () => {
    const group: Officer[] = [...OFFICERS];
    const added: unknown[] = [];
    server.use(
      ...pageAnswers(),
      http.get(`${API}/projects/${PROJECT_ID}/officers`, () => HttpResponse.json(group)),
      http.get(`${API}/projects/${PROJECT_ID}/milestones`, () => HttpResponse.json([])),
      http.post(`${API}/projects/${PROJECT_ID}/officers`, async ({ request }) => {
        added.push(await request.json());
        const officer: Officer = {
          id: '6f1c0a4e-0000-4000-8000-0000000c0099',
          name: '王建国',
          role: 'member',
          roleLabel: '成员',
          title: '县财政局副局长',
          unit: '',
          username: null,
          contacts: { mobile: '13900000002', email: 'wjg@example.invalid', dingtalkId: null, wecomId: null },
          smsOptedOut: true,
        };
        group.push(officer);
        return HttpResponse.json(officer, { status: 201 });
      }),
    );
    renderApp(`/projects/${PROJECT_ID}/officers`, USERS.linxian);

    expect(await screen.findByText('邮箱 lihua@example.invalid')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '添加成员' }));
    const dialog = await screen.findByRole('dialog');
    await fill(user, within(dialog).getByLabelText('姓名'), '王建国');
    await fill(user, within(dialog).getByLabelText('职务'), '县财政局副局长');
    await fill(user, within(dialog).getByLabelText('电子邮箱'), 'wjg@example.invalid');
    await fill(user, within(dialog).getByLabelText('手机'), '13900000002');
    await user.click(within(dialog).getByLabelText('已退订短信'));
    await user.click(within(dialog).getByRole('button', { name: /添\s?加/ }));

    await waitFor(() =>
      expect(added).toEqual([
        {
          name: '王建国',
          role: 'member',
          title: '县财政局副局长',
          unit: '',
          username: '',
          contacts: { mobile: '13900000002', email: 'wjg@example.invalid', dingtalkId: '', wecomId: '' },
          smsOptedOut: true,
        },
      ]),
    );
    expect(await screen.findByText('手机 13900000002（已退订短信）；邮箱 wjg@example.invalid')).toBeInTheDocument();
  });

  it('shows the reason a member cannot be removed yet', async () => {
    server.use(
      ...pageAnswers(),
      http.get(`${API}/projects/${PROJECT_ID}/officers`, () => HttpResponse.json(OFFICERS)),
      http.get(`${API}/projects/${PROJECT_ID}/milestones`, () => HttpResponse.json([])),
      http.delete(`${API}/officers/:id`, () => problem(409, '李华仍是未完成节点的责任人（完成选址），请先更换责任人')),
    );
    renderApp(`/projects/${PROJECT_ID}/officers`, USERS.lvliang);
    const row = (await screen.findByText('李华')).closest('tr') as HTMLElement;
    await user.click(within(row).getByRole('button', { name: /移\s?除/ }));
    await user.click((await screen.findAllByRole('button', { name: /^移\s?除$/ })).at(-1) as HTMLElement);
    expect(await screen.findByText('李华仍是未完成节点的责任人（完成选址），请先更换责任人')).toBeInTheDocument();
  });

  it('sets who answers for a milestone', async () => {
    const site = aMilestone({ key: 'site', title: '完成选址', responsibleOfficerIds: [LEADER_ID] });
    const patches: unknown[] = [];
    server.use(
      ...pageAnswers(),
      http.get(`${API}/projects/${PROJECT_ID}/officers`, () => HttpResponse.json(OFFICERS)),
      http.get(`${API}/projects/${PROJECT_ID}/milestones`, () => HttpResponse.json([site])),
      http.patch(`${API}/milestones/${site.id}`, async ({ request }) => {
        patches.push(await request.json());
        return HttpResponse.json({ ...site, responsibleOfficerIds: [LEADER_ID, MEMBER_ID] });
      }),
    );
    renderApp(`/projects/${PROJECT_ID}/officers`, USERS.linxian);
    await user.click(await screen.findByLabelText('完成选址的责任人'));
    await user.click(await screen.findByTitle('李华'));
    await waitFor(() =>
      expect(patches).toEqual([{ responsibleOfficerIds: [LEADER_ID, MEMBER_ID], version: site.version }]),
    );
  });

  it('shows the group read-only to a leading-group member', async () => {
    server.use(
      ...pageAnswers(),
      http.get(`${API}/projects/${PROJECT_ID}/officers`, () => HttpResponse.json(OFFICERS)),
      http.get(`${API}/projects/${PROJECT_ID}/milestones`, () => HttpResponse.json([])),
    );
    renderApp(`/projects/${PROJECT_ID}/officers`, {
      ...USERS.linxian,
      username: 'zhangzhenyu',
      role: 'leading_member',
    });
    expect(await screen.findByText('张振宇')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '添加成员' })).not.toBeInTheDocument();
  });
});
