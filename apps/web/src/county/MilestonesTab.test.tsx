import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { API, problem, renderApp, USERS } from '../test/render';
import { server } from '../test/server';
import type { Milestone, ReminderStage } from './county-api';
import {
  aMilestone,
  aSchedule,
  LEADER_ID,
  MEMBER_ID,
  OFFICERS,
  pageAnswers,
  PROJECT_ID,
  ZHANGZHENYU,
} from './county-fixtures';

/** A stand-in projects service holding the milestones, so a completion is what a later read returns. */
function milestonesService(initial: Milestone[]) {
  const milestones = new Map(initial.map((milestone) => [milestone.id, milestone]));
  const completions: unknown[] = [];
  return {
    completions,
    handlers: [
      http.get(`${API}/projects/${PROJECT_ID}/milestones`, () => HttpResponse.json([...milestones.values()])),
      http.get(`${API}/projects/${PROJECT_ID}/officers`, () => HttpResponse.json(OFFICERS)),
      // The drawer lists the milestone's files; none here.
      http.get(`${API}/milestones/:id/evidence`, () => HttpResponse.json([])),
      http.post<{ id: string }>(`${API}/milestones/:id/complete`, async ({ request, params }) => {
        const body = (await request.json()) as { evidence: Milestone['evidence'] };
        completions.push(body);
        const before = milestones.get(params.id);
        if (!before) return problem(404, '节点不存在');
        const done: Milestone = {
          ...before,
          status: 'done',
          light: 'done',
          completedAt: '2023-03-20T02:00:00.000Z',
          completedBy: 'linxian',
          completedByName: '临县专班',
          evidence: body.evidence,
        };
        milestones.set(done.id, done);
        return HttpResponse.json(done);
      }),
    ],
  };
}

const row = (name: string) => {
  const link = screen.getByRole('link', { name });
  const tableRow = link.closest('tr');
  if (!tableRow) throw new Error(`no row for ${name}`);
  return within(tableRow);
};

describe('节点', () => {
  it('completes a milestone with its evidence, and the drawer and the list show 已完成 without a reload', async () => {
    const plan = aMilestone({ title: '出台建设方案' });
    const site = aMilestone({ key: 'site', title: '完成选址', responsibleOfficerIds: [MEMBER_ID] });
    const service = milestonesService([plan, site]);
    server.use(
      ...service.handlers,
      http.get(`${API}/milestones/:id/reminders`, () => HttpResponse.json(aSchedule([]))),
      ...pageAnswers(),
    );
    const { router } = renderApp(`/projects/${PROJECT_ID}/milestones`, USERS.linxian);

    expect(await screen.findByRole('figure', { name: '节点时间轴' })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: '出台建设方案：期限 2023-03-31，正常' })).toBeInTheDocument();
    await waitFor(() => expect(row('完成选址').getByText('李华')).toBeInTheDocument());
    expect(row('出台建设方案').getByText('未开始')).toBeInTheDocument();
    expect(row('出台建设方案').getByText('张振宇')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('link', { name: '出台建设方案' }));
    expect(router.state.location.pathname).toBe(`/projects/${PROJECT_ID}/milestones/${plan.id}`);
    const drawer = await screen.findByRole('dialog');
    await userEvent.click(within(drawer).getByRole('button', { name: '完成节点' }));
    await userEvent.type(within(drawer).getByLabelText('完成情况说明'), '建设方案已经县政府常务会审议通过并发文');
    await userEvent.click(within(drawer).getByRole('button', { name: /添加附件/ }));
    await userEvent.type(within(drawer).getByLabelText('附件1名称'), '临政办发〔2023〕12号.pdf');
    await userEvent.type(within(drawer).getByLabelText('附件1链接或编号'), 'https://files.example/plan.pdf');
    await userEvent.click(within(drawer).getByRole('button', { name: /添加附件/ }));
    await userEvent.click(within(drawer).getByRole('button', { name: /确认完成/ }));

    await waitFor(() => expect(within(drawer).getByText('完成情况说明')).toBeInTheDocument());
    expect(service.completions).toEqual([
      {
        evidence: {
          text: '建设方案已经县政府常务会审议通过并发文',
          attachments: [{ name: '临政办发〔2023〕12号.pdf', ref: 'https://files.example/plan.pdf' }],
        },
      },
    ]);
    expect(within(drawer).getByRole('link', { name: '临政办发〔2023〕12号.pdf' })).toHaveAttribute(
      'href',
      'https://files.example/plan.pdf',
    );
    expect(within(drawer).getByText('临县专班')).toBeInTheDocument();
    expect(within(drawer).getAllByText('已完成').length).toBeGreaterThan(0);
    expect(within(drawer).queryByRole('button', { name: '完成节点' })).not.toBeInTheDocument();
    expect(within(drawer).getByRole('button', { name: /重新打开/ })).toBeInTheDocument();
    // The list behind the drawer: status and light both read 已完成 now.
    expect(row('出台建设方案').getAllByText('已完成')).toHaveLength(2);
    expect(row('完成选址').getByText('未开始')).toBeInTheDocument();
  });

  it('opens the drawer from its address and lists the reminder plan with the recipients named', async () => {
    const plan = aMilestone({ title: '出台建设方案', responsibleOfficerIds: [LEADER_ID, MEMBER_ID] });
    server.use(
      ...milestonesService([plan]).handlers,
      http.get(`${API}/milestones/${plan.id}/reminders`, () =>
        HttpResponse.json(
          aSchedule([
            {
              stage: 'before-7wd',
              fireAt: '2023-03-22T01:00:00.000Z',
              recipients: [
                { kind: 'user', username: 'zhangzhenyu', name: '张振宇' },
                // An officer without an account is named only.
                { kind: 'user', username: null, name: '李华' } as ReminderStage['recipients'][number],
              ],
              state: 'sent',
              sentAt: '2023-03-22T01:00:02.000Z',
            },
            {
              stage: 'overdue-1',
              fireAt: '2023-04-03T01:00:00.000Z',
              recipients: [{ kind: 'user', username: 'zhangzhenyu', name: '张振宇' }],
              state: 'planned',
              sentAt: null,
            },
            {
              stage: 'escalation',
              fireAt: '2023-04-10T01:00:00.000Z',
              recipients: [{ kind: 'role', role: 'city_officer', regionCode: '141100' }],
              state: 'planned',
              sentAt: null,
            },
          ]),
        ),
      ),
      ...pageAnswers(),
    );
    renderApp(`/projects/${PROJECT_ID}/milestones/${plan.id}`, USERS.linxian);

    const drawer = await screen.findByRole('dialog');
    expect(screen.getByRole('tab', { name: '节点', selected: true })).toBeInTheDocument();
    const reminders = within(await within(drawer).findByRole('region', { name: '提醒计划' }));
    const rows = await reminders.findAllByRole('row');
    expect(rows.map((tr) => tr.textContent)).toEqual([
      '阶段提醒时间提醒对象状态',
      '到期前提醒（提前7个工作日）2023-03-22 09:00:00张振宇、李华已发送（2023-03-22 09:00）',
      '逾期提醒2023-04-03 09:00:00张振宇待发送',
      '升级督办2023-04-10 09:00:00市局工作人员待发送',
    ]);
    // Named twice: as the responsible officers, and as the first reminder's recipients.
    expect(within(drawer).getAllByText('张振宇、李华')).toHaveLength(2);
    expect(within(drawer).getByText('2023-03-31')).toBeInTheDocument();
    expect(reminders.queryByText(/节假日安排尚未加载/)).toBeNull();
  });

  it('lists a milestone’s reopenings, naming who reopened it as people read it, at Beijing time', async () => {
    const plan = aMilestone({
      title: '出台建设方案',
      reopenings: [
        {
          reason: '方案未附县政府批复文件',
          reopenedAt: '2023-03-25T02:00:00.000Z',
          reopenedBy: 'lvliang',
          reopenedByName: '吕梁市人社局',
        },
      ],
    });
    server.use(
      ...milestonesService([plan]).handlers,
      http.get(`${API}/milestones/${plan.id}/reminders`, () => HttpResponse.json(aSchedule([]))),
      ...pageAnswers(),
    );
    renderApp(`/projects/${PROJECT_ID}/milestones/${plan.id}`, USERS.linxian);

    const drawer = within(await screen.findByRole('dialog'));
    expect(await drawer.findByText('重新打开记录')).toBeInTheDocument();
    expect(drawer.getByText('2023-03-25 10:00 吕梁市人社局：方案未附县政府批复文件')).toBeInTheDocument();
  });

  it('warns when the plan reaches a year without its holiday table (planned on Monday–Friday for now)', async () => {
    const plan = aMilestone({ title: '年底前完成公益性零工市场建设', responsibleOfficerIds: [LEADER_ID] });
    server.use(
      ...milestonesService([plan]).handlers,
      http.get(`${API}/milestones/${plan.id}/reminders`, () =>
        HttpResponse.json({
          ...aSchedule([
            {
              stage: 'overdue-1',
              fireAt: '2027-01-01T01:00:00.000Z',
              recipients: [{ kind: 'user', username: 'zhangzhenyu', name: '张振宇' }],
              state: 'planned',
              sentAt: null,
            },
          ]),
          assumedCalendarYears: [2027],
        }),
      ),
      ...pageAnswers(),
    );
    renderApp(`/projects/${PROJECT_ID}/milestones/${plan.id}`, USERS.linxian);

    const reminders = within(await screen.findByRole('region', { name: '提醒计划' }));
    expect(
      await reminders.findByText('2027年节假日安排尚未加载：提醒暂按周一至周五排定，加载后自动重新排期'),
    ).toBeInTheDocument();
  });

  it('shows the server’s refusal when a leading-group member completes a milestone', async () => {
    const plan = aMilestone({ title: '出台建设方案', responsibleOfficerIds: [LEADER_ID] });
    const site = aMilestone({ key: 'site', title: '完成选址', responsibleOfficerIds: [MEMBER_ID] });
    server.use(
      http.post(`${API}/milestones/:id/complete`, () => problem(403, '领导小组成员只能完成本人负责的节点')),
      ...milestonesService([plan, site]).handlers,
      http.get(`${API}/milestones/:id/reminders`, () => HttpResponse.json(aSchedule([]))),
      ...pageAnswers(),
    );
    const { router } = renderApp(`/projects/${PROJECT_ID}/milestones/${site.id}`, ZHANGZHENYU);

    // Not his milestone: no button. His own: the button, and the service has the last word.
    let drawer = await screen.findByRole('dialog');
    await within(drawer).findByText('李华');
    expect(within(drawer).queryByRole('button', { name: '完成节点' })).not.toBeInTheDocument();

    await router.navigate(`/projects/${PROJECT_ID}/milestones/${plan.id}`);
    drawer = await screen.findByRole('dialog');
    await userEvent.click(await within(drawer).findByRole('button', { name: '完成节点' }));
    await userEvent.type(within(drawer).getByLabelText('完成情况说明'), '已完成');
    await userEvent.click(within(drawer).getByRole('button', { name: /确认完成/ }));
    expect(await within(drawer).findByText('领导小组成员只能完成本人负责的节点')).toBeInTheDocument();
    expect(within(drawer).getByLabelText('完成情况说明')).toHaveValue('已完成');
  });
});
