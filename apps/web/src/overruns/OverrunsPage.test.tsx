import { screen, within } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import type { OverrunReportView } from '@duban/contracts';
import { API, renderApp, USERS } from '../test/render';
import { server } from '../test/server';

const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });

const LEADER = {
  officerId: '0195d000-0000-7000-8000-000000000001',
  name: '张振玉',
  role: 'leader',
  username: null,
} as const;
const DEPUTY = {
  officerId: '0195d000-0000-7000-8000-000000000002',
  name: '刘星',
  role: 'deputy',
  username: 'linxian',
} as const;
const LINXIAN_PROJECT = '0195d000-0000-7000-8000-0000000000a1';
const LISHI_PROJECT = '0195d000-0000-7000-8000-0000000000a2';
const PLAN = '0195d000-0000-7000-8000-0000000000b1';

const figures = (count: number, open: number, total: number, worst: number) => ({
  count,
  open,
  totalWorkingDaysLate: total,
  worstWorkingDaysLate: worst,
});

const REPORT: OverrunReportView = {
  region: { code: '141100', name: '吕梁市' },
  from: '2026-10-01',
  to: '2026-10-31',
  asOf: '2026-11-02T02:00:00.000Z',
  total: figures(3, 1, 9, 5),
  counties: [
    { rank: 1, regionCode: '141102', regionName: '离石区', projectId: LISHI_PROJECT, ...figures(1, 1, 5, 5) },
    { rank: 2, regionCode: '141124', regionName: '临县', projectId: LINXIAN_PROJECT, ...figures(2, 0, 4, 3) },
    // On time, both: one place, shared.
    { rank: 3, regionCode: '141128', regionName: '方山县', projectId: null, ...figures(0, 0, 0, 0) },
    { rank: 3, regionCode: '141129', regionName: '中阳县', projectId: null, ...figures(0, 0, 0, 0) },
  ],
  officers: [
    { ...LEADER, rank: 1, regionCode: '141124', regionName: '临县', ...figures(2, 0, 4, 3) },
    { ...DEPUTY, rank: 2, regionCode: '141124', regionName: '临县', ...figures(1, 0, 3, 3) },
  ],
  items: [
    {
      kind: 'milestone',
      deadlineId: PLAN,
      milestoneId: PLAN,
      month: null,
      projectId: LINXIAN_PROJECT,
      regionCode: '141124',
      regionName: '临县',
      title: '出台建设方案',
      dueDate: '2026-10-09',
      dueAt: null,
      status: 'done',
      completedAt: '2026-10-14T02:00:00.000Z',
      workingDaysLate: 3,
      overdueSince: null,
      answerable: [LEADER, DEPUTY],
      reminders: [
        { stage: 'overdue-1', sentAt: '2026-10-12T01:00:00.000Z', recipients: ['刘星'], channels: ['inbox'] },
      ],
    },
    {
      kind: 'report',
      deadlineId: `report:${LINXIAN_PROJECT}:2026-10`,
      milestoneId: null,
      month: '2026-10',
      projectId: LINXIAN_PROJECT,
      regionCode: '141124',
      regionName: '临县',
      title: '2026年10月月报',
      dueDate: '2026-10-25',
      dueAt: null,
      status: 'done',
      completedAt: '2026-10-26T02:00:00.000Z',
      workingDaysLate: 1,
      overdueSince: null,
      answerable: [LEADER],
      reminders: [],
    },
    {
      kind: 'report',
      deadlineId: `report:${LISHI_PROJECT}:2026-10`,
      milestoneId: null,
      month: '2026-10',
      projectId: LISHI_PROJECT,
      regionCode: '141102',
      regionName: '离石区',
      title: '2026年10月月报',
      dueDate: '2026-10-25',
      dueAt: null,
      status: 'pending',
      completedAt: null,
      workingDaysLate: 5,
      overdueSince: '2026-10-25T16:00:00.000Z',
      answerable: [],
      reminders: [],
    },
  ],
  remindersKnown: true,
};

describe('超时倒查', () => {
  it('lists milestones and monthly reports as items, each linked to where it is handled, and narrows to an officer’s', async () => {
    const queries: Record<string, string>[] = [];
    server.use(
      http.get(`${API}/overruns`, ({ request }) => {
        queries.push(Object.fromEntries(new URL(request.url).searchParams));
        return HttpResponse.json(REPORT);
      }),
    );
    renderApp('/overruns?region=141100&from=2026-10-01&to=2026-10-31', USERS.lvliang);

    const items = within(
      (await screen.findByText('超时事项', { selector: '.ant-card-head-title' })).closest('.ant-card') as HTMLElement,
    );
    // 名次 as the service placed them: a tie shares its place.
    const ranking = within(screen.getByText('县区排名').closest('.ant-card') as HTMLElement);
    expect(
      ranking
        .getAllByRole('row')
        .slice(1)
        .map((row) => [...(row as HTMLTableRowElement).cells].slice(0, 2).map((cell) => cell.textContent)),
    ).toEqual([
      ['1', '离石区'],
      ['2', '临县'],
      ['3', '方山县'],
      ['3', '中阳县'],
    ]);
    const rows = items.getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    const report = within(rows[1] as HTMLElement);
    expect(report.getByText('月报')).toBeInTheDocument();
    expect(report.getByRole('link', { name: '2026年10月月报' })).toHaveAttribute(
      'href',
      `/projects/${LINXIAN_PROJECT}/reports`,
    );
    expect(report.getByText('已报送 2026-10-26 10:00')).toBeInTheDocument();
    expect(report.getByText('张振玉（组长）')).toBeInTheDocument();
    const milestone = within(rows[0] as HTMLElement);
    expect(milestone.getByText('节点')).toBeInTheDocument();
    expect(milestone.getByRole('link', { name: '出台建设方案' })).toHaveAttribute(
      'href',
      `/projects/${LINXIAN_PROJECT}/milestones/${PLAN}`,
    );
    expect(within(rows[2] as HTMLElement).getByText('逾期自 2026-10-26 00:00')).toBeInTheDocument();

    // The 组长 answered for the milestone and the report: both are theirs; the missing 离石区 report is not.
    await user.click(screen.getByRole('button', { name: '张振玉' }));
    expect(await screen.findByText('超时事项：张振玉')).toBeInTheDocument();
    expect(
      items
        .getAllByRole('row')
        .slice(1)
        .map((row) => within(row).getAllByRole('link')[0]?.textContent),
    ).toEqual(['出台建设方案', '2026年10月月报']);
    expect(queries).toEqual([{ region: '141100', from: '2026-10-01', to: '2026-10-31' }]);
  });
});
