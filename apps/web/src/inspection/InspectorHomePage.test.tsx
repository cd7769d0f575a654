import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import type { InspectionSummary } from '@duban/contracts';
import { API, problem, renderApp, USERS, press as pressButton } from '../test/render';
import { server } from '../test/server';
import { fullMarks, inspection, summary } from './inspection-factory';

/** Clicks skip the pointer-events check, which reads computed styles (slow in jsdom with antd's styles). */
const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
const press = (name: string) => pressButton(user, name);

const project = (id: string, regionCode: string, regionName: string) => ({
  id,
  programmeId: '0195d000-0000-7000-8000-0000000000cc',
  programmeYear: 2025,
  regionCode,
  regionName,
  cityRegionCode: '141100',
  name: `${regionName}公益性零工市场`,
  light: 'green',
  population: null,
  populationSource: null,
  plannedAreaM2: null,
  plannedAreaAtLeast: false,
  constructionType: null,
  progress: null,
  actualAreaM2: null,
  address: null,
  noRecruitmentHall: false,
  version: 1,
  updatedAt: '2025-10-01T00:00:00.000Z',
});

const LINXIAN = project('0195d000-0000-7000-8000-0000000000b1', '141124', '临县');
const LISHI = project('0195d000-0000-7000-8000-0000000000b2', '141102', '离石区');
const LIULIN = project('0195d000-0000-7000-8000-0000000000b3', '141125', '柳林县');

const OPEN = summary(inspection({ id: '0195d000-0000-7000-8000-0000000000a1', projectId: LINXIAN.id }, { 1: 5, 2: 4 }));
const PASSED = summary(
  inspection(
    {
      id: '0195d000-0000-7000-8000-0000000000a3',
      projectId: LIULIN.id,
      regionName: '柳林县',
      status: 'signed',
      passed: true,
    },
    fullMarks(),
  ),
);

/** Three counties: 临县 with an inspection under way, 离石区 with none, 柳林县 signed and passed. */
function serve(inspections: Record<string, InspectionSummary[]>) {
  server.use(
    http.get(`${API}/projects`, () => HttpResponse.json([LISHI, LINXIAN, LIULIN])),
    http.get(`${API}/projects/:id/inspections`, ({ params }) =>
      HttpResponse.json({ items: inspections[params['id'] as string] ?? [] }),
    ),
  );
}

const card = (regionName: string) => screen.getByText(regionName).closest('.ant-card') as HTMLElement;

/** The open-inspection form offers the inspector accounts that may inspect the county; the city picks one. */
async function pickInspector() {
  await user.click(await screen.findByLabelText('检查人员'));
  await user.click(await screen.findByTitle('吕梁市验收组（inspector）'));
}

const eligibleInspectors = http.get(`${API}/projects/:id/eligible-inspectors`, () =>
  HttpResponse.json([{ username: 'inspector', displayName: '吕梁市验收组', regionCodes: ['141100'] }]),
);

describe('inspections home', () => {
  it('lists the inspector’s counties with their current inspection, to continue; the city opens new ones', async () => {
    serve({ [LINXIAN.id]: [OPEN], [LIULIN.id]: [PASSED] });
    renderApp('/inspections', USERS.inspector);

    expect(await screen.findByText('2025 年计划 · 您负责的 3 个县（市、区）')).toBeInTheDocument();
    const linxian = card('临县');
    expect(await within(linxian).findByText('评分中')).toBeInTheDocument();
    expect(within(linxian).getByText(/9 \/ 100 分 · 已评 2 \/ 15 项/)).toBeInTheDocument();
    expect(within(linxian).getByText('继续验收').closest('a')).toHaveAttribute('href', `/inspections/${OPEN.id}`);

    const liulin = card('柳林县');
    expect(await within(liulin).findByText('已签字·合格')).toBeInTheDocument();
    expect(within(liulin).getByText('查看结果').closest('a')).toHaveAttribute('href', `/inspections/${PASSED.id}`);

    expect(await within(card('离石区')).findByText('尚未验收，待市局发起')).toBeInTheDocument();
    expect(screen.queryByText('开始验收')).not.toBeInTheDocument();
    // Sorted by region code: 离石区 (141102), 临县 (141124), 柳林县 (141125).
    const titles = [...document.querySelectorAll('.ant-card-head-title')].map((title) => title.textContent);
    expect(titles).toEqual(['离石区', '临县', '柳林县']);
  });

  it('lets the city start an inspection of a county, naming the inspectors, on Beijing’s today', async () => {
    // 01:30 on 8 December in Beijing, still 7 December in the tests' browser (New York).
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-07T17:30:00Z'));
    const opened: InspectionSummary[] = [];
    serve({ [LINXIAN.id]: [OPEN], [LIULIN.id]: [PASSED], [LISHI.id]: opened });
    const bodies: unknown[] = [];
    server.use(
      eligibleInspectors,
      http.post(`${API}/projects/${LISHI.id}/inspections`, async ({ request }) => {
        bodies.push(await request.json());
        const created = inspection({
          id: '0195d000-0000-7000-8000-0000000000a2',
          projectId: LISHI.id,
          regionName: '离石区',
        });
        opened.push(summary(created));
        return HttpResponse.json(created, { status: 201 });
      }),
    );
    renderApp('/inspections', USERS.lvliang);

    const lishi = await screen.findByText('离石区').then(() => card('离石区'));
    await within(lishi).findByText('尚未验收');
    await user.click(within(lishi).getByText('开始验收'));
    await pickInspector();
    await press('发 起');

    await waitFor(() => expect(bodies).toHaveLength(1));
    expect(bodies[0]).toEqual({ kind: 'inspection', date: '2026-12-08', inspectors: ['inspector'] });
    expect(await within(card('离石区')).findByText('继续验收')).toBeInTheDocument();
    expect(within(card('离石区')).queryByText('开始验收')).not.toBeInTheDocument();
  });

  it('shows why the city could not start one, keeping the form', async () => {
    serve({});
    server.use(
      eligibleInspectors,
      http.post(`${API}/projects/${LISHI.id}/inspections`, () => problem(409, '尚未加载评分标准，不能开始检查', [])),
    );
    renderApp('/inspections', USERS.lvliang);

    await screen.findByText('离石区');
    await user.click(await within(card('离石区')).findByText('开始验收'));
    await pickInspector();
    await press('发 起');

    expect(await screen.findByText('尚未加载评分标准，不能开始检查')).toBeInTheDocument();
    // Still chosen in the form (the tag, and the option in the open list).
    expect(screen.getAllByTitle('吕梁市验收组（inspector）').length).toBeGreaterThan(0);
  });

  it('says so when the list cannot be loaded', async () => {
    server.use(http.get(`${API}/projects`, () => problem(503, '服务暂时不可用')));
    renderApp('/inspections', USERS.inspector);
    // A service that does not answer is not the user's doing: they see the status sentence, not its English detail.
    expect(await screen.findByText('服务器暂时无法处理，请稍后重试')).toBeInTheDocument();
    expect(screen.getByText('重 试', { selector: 'button, button *' })).toBeInTheDocument();
  });
});
