import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { API, renderApp, USERS } from '../test/render';
import { server } from '../test/server';
import { aMilestone, aSchedule, OFFICERS, pageAnswers, PROJECT_ID, ZHANGZHENYU } from './county-fixtures';
import type { Instruction, Oversight, Urge } from './oversight-api';

const PERSON = { lvliang: { username: 'lvliang', displayName: '吕梁市人社局', role: 'city_officer' } } as const;

/** A stand-in projects service keeping the milestone's urgings and instructions, and the hourly rule. */
function oversightService(milestoneId: string) {
  const state: Oversight = { urges: [], instructions: [], nextUrgeAt: null };
  const posted: { path: string; body: unknown }[] = [];
  return {
    state,
    posted,
    handlers: [
      http.get(`${API}/milestones/${milestoneId}/oversight`, () => HttpResponse.json(state)),
      http.post(`${API}/milestones/${milestoneId}/urge`, async ({ request }) => {
        const body = (await request.json()) as { message?: string };
        posted.push({ path: 'urge', body });
        const urge: Urge = {
          id: '0190d000-0000-7000-8000-000000000001',
          milestoneId,
          message: body.message ?? '',
          urgedAt: '2023-03-20T02:00:00.000Z',
          urgedBy: PERSON.lvliang,
        };
        state.urges.unshift(urge);
        state.nextUrgeAt = '2023-03-20T03:00:00.000Z';
        return HttpResponse.json(urge, { status: 201 });
      }),
      http.post(`${API}/milestones/${milestoneId}/instructions`, async ({ request }) => {
        const body = (await request.json()) as { text: string };
        posted.push({ path: 'instructions', body });
        const instruction: Instruction = {
          id: '0190d000-0000-7000-8000-000000000002',
          milestoneId,
          text: body.text,
          writtenAt: '2023-03-20T02:05:00.000Z',
          writtenBy: PERSON.lvliang,
          acknowledgedAt: null,
          acknowledgedBy: null,
        };
        state.instructions.unshift(instruction);
        return HttpResponse.json(instruction, { status: 201 });
      }),
      http.post<{ id: string }>(`${API}/instructions/:id/acknowledge`, ({ params }) => {
        posted.push({ path: `acknowledge ${params.id}`, body: null });
        const instruction = state.instructions.find((item) => item.id === params.id);
        if (!instruction) return HttpResponse.json({ status: 404 }, { status: 404 });
        instruction.acknowledgedAt = '2023-03-20T03:30:00.000Z';
        instruction.acknowledgedBy = { username: 'linxian', displayName: '临县专班', role: 'county_officer' };
        return HttpResponse.json(instruction);
      }),
    ],
  };
}

function openDrawer(
  milestoneId: string,
  user: Parameters<typeof renderApp>[1],
  service: ReturnType<typeof oversightService>,
) {
  const milestone = aMilestone({ id: milestoneId, title: '出台建设方案' });
  server.use(
    ...service.handlers,
    http.get(`${API}/projects/${PROJECT_ID}/milestones`, () => HttpResponse.json([milestone])),
    http.get(`${API}/projects/${PROJECT_ID}/officers`, () => HttpResponse.json(OFFICERS)),
    http.get(`${API}/milestones/:id/reminders`, () => HttpResponse.json(aSchedule([]))),
    http.get(`${API}/milestones/:id/evidence`, () => HttpResponse.json([])),
    ...pageAnswers(),
  );
  renderApp(`/projects/${PROJECT_ID}/milestones/${milestoneId}`, user);
}

// antd spaces out a two-character button label: its accessible name is '催 办'.
const MILESTONE_ID = '0190c000-0000-7000-8000-0000000000a1';

describe('催办与批示', () => {
  it('the city urges (then waits an hour, and is told until when) and writes an instruction', async () => {
    const service = oversightService(MILESTONE_ID);
    openDrawer(MILESTONE_ID, USERS.lvliang, service);
    const section = await screen.findByRole('region', { name: '督办记录' });
    expect(await within(section).findByText('暂无批示')).toBeInTheDocument();
    expect(within(section).getByText('暂无催办')).toBeInTheDocument();

    await userEvent.click(within(section).getByRole('button', { name: '催 办' }));
    await userEvent.type(await screen.findByLabelText('催办说明（可选）'), '请本周内报送建设方案');
    await userEvent.click(screen.getByRole('button', { name: '发出催办' }));

    expect(
      await within(section).findByText('2023-03-20 10:00 吕梁市人社局（市局工作人员） 催办：请本周内报送建设方案'),
    ).toBeInTheDocument();
    expect(within(section).getByText('一小时内已催办，2023-03-20 11:00 后可再次催办')).toBeInTheDocument();
    expect(within(section).getByRole('button', { name: '催 办' })).toBeDisabled();

    await userEvent.click(within(section).getByRole('button', { name: '批 示' }));
    await userEvent.type(await screen.findByLabelText('批示内容'), '抓紧报县政府常务会审议');
    await userEvent.click(screen.getByRole('button', { name: '下发批示' }));

    expect(await within(section).findByText('抓紧报县政府常务会审议')).toBeInTheDocument();
    expect(within(section).getByText('待确认')).toBeInTheDocument();
    // The city writes instructions; it does not acknowledge them.
    expect(within(section).queryByRole('button', { name: '确认收到' })).toBeNull();
    expect(service.posted).toEqual([
      { path: 'urge', body: { message: '请本周内报送建设方案' } },
      { path: 'instructions', body: { text: '抓紧报县政府常务会审议' } },
    ]);
  });

  it('the county acknowledges an instruction after confirming, and sees 已确认; it cannot urge', async () => {
    const service = oversightService(MILESTONE_ID);
    service.state.instructions.push({
      id: '0190d000-0000-7000-8000-000000000009',
      milestoneId: MILESTONE_ID,
      text: '月底前完成选址',
      writtenAt: '2023-03-20T02:05:00.000Z',
      writtenBy: PERSON.lvliang,
      acknowledgedAt: null,
      acknowledgedBy: null,
    });
    openDrawer(MILESTONE_ID, USERS.linxian, service);
    const section = await screen.findByRole('region', { name: '督办记录' });
    expect(await within(section).findByText('月底前完成选址')).toBeInTheDocument();
    expect(within(section).queryByRole('button', { name: '催 办' })).toBeNull();
    expect(within(section).queryByRole('button', { name: '批 示' })).toBeNull();

    await userEvent.click(within(section).getByRole('button', { name: '确认收到' }));
    // Nothing is sent before the confirmation.
    expect(service.posted).toEqual([]);
    const confirm = await screen.findByRole('tooltip');
    await userEvent.click(within(confirm).getByRole('button', { name: '确认收到' }));

    await waitFor(() => expect(within(section).getByText(/已确认（临县专班，2023-03-20 11:30）/)).toBeInTheDocument());
    expect(within(section).queryByRole('button', { name: '确认收到' })).toBeNull();
    expect(service.posted).toEqual([{ path: 'acknowledge 0190d000-0000-7000-8000-000000000009', body: null }]);
  });

  it("the county's 组长 may urge and instruct", async () => {
    const service = oversightService(MILESTONE_ID);
    openDrawer(MILESTONE_ID, ZHANGZHENYU, service);
    const section = await screen.findByRole('region', { name: '督办记录' });
    expect(await within(section).findByRole('button', { name: '催 办' })).toBeEnabled();
    expect(within(section).getByRole('button', { name: '批 示' })).toBeEnabled();
  });
});
