import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import type { AuditEntry, AuditPage as Page } from '@duban/contracts';
import { API, fill, press, problem, renderApp, USERS } from '../test/render';
import { server } from '../test/server';
import { anAccount } from '../people/people-fixtures';

const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });

const CANCEL: AuditEntry = {
  id: '12',
  at: '2026-12-05T03:04:05.000Z',
  actorUserId: 'u-lvliang',
  actorUsername: 'lvliang',
  actorRole: 'city_officer',
  action: 'inspection.cancel',
  targetType: 'inspection',
  targetId: '0195d000-0000-7000-8000-0000000000aa',
  outcome: 'done',
  regionCode: '141124',
  before: { status: 'open', date: '2026-12-01', inspectors: ['inspector'] },
  after: { status: 'cancelled', reason: '日期选错' },
  detail: null,
  correlationId: 'c-1',
};
const entry = (n: number): AuditEntry => ({
  ...CANCEL,
  id: String(n),
  action: 'inspection.score',
  before: null,
  after: { n },
});

/** The gateway's audit route: answers page `page` of `total` entries, and records each query string. */
function serve(pages: Record<number, AuditEntry[]>, total: number) {
  const queries: Record<string, string>[] = [];
  server.use(
    http.get(`${API}/regions`, ({ request }) => {
      const parent = new URL(request.url).searchParams.get('parent');
      return HttpResponse.json(
        parent === '140000'
          ? [{ code: '141100', name: '吕梁市', level: 'city', parentCode: '140000' }]
          : [{ code: '141124', name: '临县', level: 'county', parentCode: '141100' }],
      );
    }),
    http.get(`${API}/accounts`, () =>
      HttpResponse.json([anAccount({ username: 'lvliang', displayName: '吕梁市人社局', role: 'city_officer' })]),
    ),
    http.get(`${API}/audit/entries`, ({ request }) => {
      const query = Object.fromEntries(new URL(request.url).searchParams);
      queries.push(query);
      if (query.username === '无此人')
        return problem(400, '请求参数不正确', [{ field: 'username', message: '不能超过 64 个字符' }]);
      const page = Number(query.page ?? 1);
      return HttpResponse.json({
        service: query.service as Page['service'],
        items: pages[page] ?? [],
        total,
        page,
        pageSize: Number(query.pageSize),
      } satisfies Page);
    }),
  );
  return queries;
}

describe('审计记录', () => {
  it('shows who did what, when, and what changed (before → after), newest first', async () => {
    serve({ 1: [CANCEL] }, 1);
    renderApp('/audit', USERS.province);

    const row = within((await screen.findByText('撤销验收检查（inspection.cancel）')).closest('tr') as HTMLElement);
    // By name, login and role, and the county by name: not "lvliang（市局工作人员）" and "141124".
    expect(await row.findByText('吕梁市人社局（lvliang，市局工作人员）')).toBeInTheDocument();
    expect(await row.findByText('临县')).toBeInTheDocument();
    expect(row.getByText('验收检查 0195d000-0000-7000-8000-0000000000aa')).toBeInTheDocument();
    expect(row.getByText('已执行')).toBeInTheDocument();
    expect(row.getByText('status：')).toBeInTheDocument();
    expect(row.getByText((_, node) => node?.textContent === 'status：open → cancelled')).toBeInTheDocument();
    expect(row.getByText((_, node) => node?.textContent === 'reason：— → 日期选错')).toBeInTheDocument();
    expect(screen.getByText('共 1 条')).toBeInTheDocument();
  });

  it('sends the chosen service, county and person, and pages through the total', async () => {
    const queries = serve({ 1: [entry(60), entry(59)], 2: [entry(40)] }, 21);
    renderApp('/audit', USERS.province);
    await screen.findByText('共 21 条');

    await user.click(screen.getByLabelText('服务'));
    await user.click(await screen.findByText('资金'));
    await user.click(screen.getByLabelText('市'));
    await user.click(await screen.findByTitle('吕梁市'));
    await user.click(screen.getByLabelText('县'));
    // The option (the rows name the county too).
    await user.click(await screen.findByTitle('临县'));
    await fill(user, screen.getByLabelText('操作人（用户名）'), 'lvliang');
    await press(user, '查 询');
    await waitFor(() =>
      expect(queries.at(-1)).toEqual({
        service: 'funding',
        region: '141124',
        username: 'lvliang',
        page: '1',
        pageSize: '20',
      }),
    );

    await user.click(screen.getByTitle('2'));
    await waitFor(() => expect(queries.at(-1)).toMatchObject({ service: 'funding', region: '141124', page: '2' }));
    // The change's own line and the cell around it read the same.
    expect(await screen.findAllByText((_, node) => node?.textContent === '— → {"n":40}')).not.toHaveLength(0);
    expect(queries[0]).toEqual({ service: 'evaluation', page: '1', pageSize: '20' });
  });

  it('says why the gateway refused a filter, keeping what was typed', async () => {
    serve({}, 0);
    renderApp('/audit', USERS.province);
    await fill(user, await screen.findByLabelText('操作人（用户名）'), '无此人');
    await press(user, '查 询');
    expect(await screen.findByText('不能超过 64 个字符')).toBeInTheDocument();
    expect(screen.getByLabelText('操作人（用户名）')).toHaveValue('无此人');
  });
});
