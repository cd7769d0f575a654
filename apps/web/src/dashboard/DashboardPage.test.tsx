import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setPlatformAPI } from 'echarts/core';
import { http, HttpResponse } from 'msw';
import { describe, it } from 'vitest';
import { API, problem, renderApp, USERS } from '../test/render';
import { server } from '../test/server';
import {
  LINXIAN_PROJECT_ID,
  LISHI_PROJECT_ID,
  lvliangDashboard,
  lvliangFunding,
  PROGRAMME,
  shanxiDashboard,
  aYear,
} from './dashboard-fixtures';
import type { Dashboard } from './dashboard-api';

// jsdom has no canvas, which ECharts measures label text with; a fixed width per character does for a test.
setPlatformAPI({ measureText: (text: string) => ({ width: text.length * 12 }) });

// jsdom lays nothing out, so every element is 0 px wide and ECharts would draw nothing: give the charts a width.
Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
  configurable: true,
  get(this: HTMLElement) {
    return this.classList.contains('echarts-for-react') ? 600 : 0;
  },
});

/** Answers the dashboard and the funding rollup per region, and records what the page asked for. */
function answer(
  dashboards: Record<string, Dashboard>,
  funding: (region: string) => Response = () => HttpResponse.json(lvliangFunding()),
) {
  const asked: string[] = [];
  server.use(
    http.get(`${API}/dashboard`, ({ request }) => {
      const url = new URL(request.url);
      asked.push(`dashboard ${url.search}`);
      const dashboard = dashboards[url.searchParams.get('region') ?? ''];
      return dashboard ? HttpResponse.json(dashboard) : problem(404, '地区不存在');
    }),
    http.get(`${API}/funding/rollup`, ({ request }) => {
      const url = new URL(request.url);
      asked.push(`funding ${url.search}`);
      return funding(url.searchParams.get('region') ?? '');
    }),
    // The county page the drill-down lands on asks for its own data; not this page's concern.
    http.get(`${API}/projects/:id`, () => problem(404, '未找到')),
    http.get(`${API}/projects/:id/*`, () => problem(404, '未找到')),
    http.get(`${API}/programmes`, () => HttpResponse.json([])),
  );
  return asked;
}

/** The table line of a region, found by its name. */
const lineOf = (name: string) => screen.getByText(name, { selector: 'a, td, td *' }).closest('tr') as HTMLElement;
const cellTexts = (line: HTMLElement) =>
  within(line)
    .getAllByRole('cell')
    .map((cell) => cell.textContent?.trim());

describe('region dashboard', () => {
  it('lists 吕梁市’s counties worst first, with their lights, progress, money and latest monthly figures', async () => {
    const asked = answer({ '141100': lvliangDashboard() });
    renderApp('/regions/141100', USERS.lvliang);

    expect(await screen.findByRole('heading', { name: '吕梁市督办看板' })).toBeInTheDocument();
    await waitFor(() => expect(within(lineOf('临县')).getByText('60.00')).toBeInTheDocument());
    // 02:00 UTC is 10:00 in Shanghai, whatever the browser's own zone.
    expect(screen.getByText(/数据截至 2023-05-15 10:00/)).toBeInTheDocument();

    // 地区, 状态, 正常, 临期, 逾期, 已完成, 完成比例, 逾期节点, 已分配, 已支出, 月份, the three figures, 最新月报.
    expect(cellTexts(lineOf('临县'))).toEqual([
      '临县',
      '逾期',
      '5',
      '1',
      '1',
      '2',
      '22.22%',
      '1',
      '60.00',
      '12.50',
      '2023年4月',
      '7',
      '15',
      '3',
      '2023年4月已退回逾期报送',
    ]);
    expect(cellTexts(lineOf('离石区'))).toEqual([
      '离石区',
      '正常',
      '5',
      '0',
      '0',
      '3',
      '37.50%',
      '0',
      '60.00',
      '25.00',
      '2023年4月',
      '12',
      '30',
      '—',
      '2023年4月已报送',
    ]);
    expect(cellTexts(lineOf('交城县'))).toEqual([
      '交城县',
      '已完成',
      '0',
      '0',
      '0',
      '8',
      '100.00%',
      '0',
      '60.00',
      '0.00',
      '尚未填报',
      '—',
      '—',
      '—',
      '尚无月报',
    ]);
    // The city's own totals, the counties' figures summed by the services.
    expect(cellTexts(lineOf('吕梁市合计'))).toEqual([
      '吕梁市合计',
      '逾期',
      '10',
      '1',
      '1',
      '13',
      '52.00%',
      '1',
      '180.00',
      '37.50',
      '2023年4月（2 县填报）',
      '19',
      '45',
      '3',
      '已报送 1已退回 1尚无月报 1',
    ]);

    // Worst first: the late county leads, the finished one comes last.
    const names = screen
      .getAllByRole('link')
      .map((link) => link.textContent)
      .filter((name) => /县|区/.test(name ?? ''));
    expect(names).toEqual(['临县', '离石区', '交城县']);

    expect(asked).toEqual(['dashboard ?region=141100', `funding ?region=141100&programme=${PROGRAMME.code}`]);
  });

  it('marks the late county so it stands out without reading numbers', async () => {
    answer({ '141100': lvliangDashboard() });
    renderApp('/regions/141100', USERS.lvliang);

    await screen.findByRole('link', { name: '临县' });
    const late = lineOf('临县');
    expect(late).toHaveAttribute('data-late', 'true');
    expect(within(late).getByText('逾期')).toHaveAttribute('data-light', 'red');
    expect(within(late).getAllByRole('cell')[0]).toHaveStyle({ background: '#fff1f0' });
    expect(lineOf('离石区')).toHaveAttribute('data-late', 'false');
    expect(within(lineOf('离石区')).getAllByRole('cell')[0]).not.toHaveStyle({ background: '#fff1f0' });
  });

  it('drills from a county to its project page, and shows the way back up', async () => {
    answer({ '141100': lvliangDashboard() });
    const { router } = renderApp('/regions/141100', USERS.lvliang);

    const breadcrumb = await screen.findByRole('navigation');
    expect(breadcrumb).toHaveTextContent('山西省/吕梁市');
    // A city officer cannot open the province's dashboard: it is named, not linked.
    expect(within(breadcrumb).queryByRole('link', { name: '山西省' })).toBeNull();
    expect(screen.getByRole('link', { name: '离石区' })).toHaveAttribute('href', `/projects/${LISHI_PROJECT_ID}`);

    await userEvent.click(screen.getByRole('link', { name: '临县' }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/projects/${LINXIAN_PROJECT_ID}`));
  });

  it('lets the province open a city’s dashboard, and come back by the breadcrumb', async () => {
    const asked = answer({ '140000': shanxiDashboard(), '141100': lvliangDashboard() }, (region) =>
      region === '141100' ? HttpResponse.json(lvliangFunding()) : problem(404, '该地区在此计划下没有项目'),
    );
    const { router } = renderApp('/regions/140000', USERS.province);

    expect(await screen.findByRole('heading', { name: '山西省督办看板' })).toBeInTheDocument();
    expect(screen.getByText('各市进展')).toBeInTheDocument();
    const lvliang = screen.getByRole('link', { name: '吕梁市' });
    expect(lvliang).toHaveAttribute('href', '/regions/141100');
    expect(screen.getByRole('link', { name: '太原市' })).toHaveAttribute('href', '/regions/140100');

    await userEvent.click(lvliang);
    expect(await screen.findByRole('heading', { name: '吕梁市督办看板' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/regions/141100');
    await userEvent.click(within(screen.getByRole('navigation')).getByRole('link', { name: '山西省' }));
    expect(await screen.findByRole('heading', { name: '山西省督办看板' })).toBeInTheDocument();
    const dashboards = asked.filter((request) => request.startsWith('dashboard'));
    expect(dashboards.slice(0, 2)).toEqual(['dashboard ?region=140000', 'dashboard ?region=141100']);
    // Back within the cache's freshness nothing is asked again; a machine slow enough to outlast it asks once
    // more for the province, never for the city.
    expect(dashboards.slice(2).every((request) => request === 'dashboard ?region=140000')).toBe(true);
    expect(dashboards.length).toBeLessThanOrEqual(3);
  });

  it('shows the server’s message when the dashboard cannot be had, and asks no money for it', async () => {
    const asked = answer({});
    server.use(http.get(`${API}/dashboard`, () => problem(503, 'projects is unavailable: not running')));
    renderApp('/regions/141100', USERS.lvliang);

    // A service that does not answer gets the status sentence (after one automatic retry), not its English detail.
    expect(await screen.findByText('服务器暂时无法处理，请稍后重试')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /重\s*试/ })).toBeInTheDocument();
    expect(asked.filter((request) => request.startsWith('funding'))).toEqual([]);
  });

  it('still shows progress when the money cannot be had, saying why', async () => {
    answer({ '141100': lvliangDashboard() }, () => problem(403, '您的角色无权查看资金'));
    renderApp('/regions/141100', USERS.lvliang);

    expect(await screen.findByText('资金数据暂不可用：您的角色无权查看资金')).toBeInTheDocument();
    expect(cellTexts(lineOf('临县')).slice(6, 10)).toEqual(['22.22%', '1', '—', '—']);
  });

  it('says so when the region has no programme yet', async () => {
    answer({ '141100': lvliangDashboard({ programme: null, children: [], series: [] }) });
    renderApp('/regions/141100', USERS.lvliang);

    expect(await screen.findByText('该地区暂无民生实事项目')).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('sends a county’s address to its project page', async () => {
    const county = lvliangDashboard({
      region: { code: '141124', name: '临县', level: 'county' },
      children: [],
      project: {
        id: LINXIAN_PROJECT_ID,
        name: '临县公益性零工市场',
        regionCode: '141124',
        light: 'red',
        milestones: [],
        latestReport: null,
      },
    });
    answer({ '141124': county });
    const { router } = renderApp('/regions/141124', USERS.linxian);

    await waitFor(() => expect(router.state.location.pathname).toBe(`/projects/${LINXIAN_PROJECT_ID}`));
  });

  it('draws progress and the monthly figures', async () => {
    answer({ '141100': lvliangDashboard() });
    renderApp('/regions/141100', USERS.lvliang);

    // ECharts describes each chart in words (aria) from the series the page gave it.
    const progress = await screen.findByLabelText(/计划完成节点/);
    expect(progress.getAttribute('aria-label')).toMatch(/实际完成节点/);
    // ECharts reads a category point as "<month>的数据是<index>，<value>": April planned 9, done 5.
    expect(progress.getAttribute('aria-label')).toMatch(/计划完成节点.*4月的数据是3，9.*实际完成节点.*4月的数据是3，5/);
    const figures = screen.getByLabelText(/当月提供零工岗位数/);
    expect(figures.getAttribute('aria-label')).toMatch(
      /当月提供零工岗位数.*4月的数据是3，19.*当月服务零工人次.*4月的数据是3，45.*当月达成意向上岗人次.*4月的数据是3，3/,
    );
    expect(screen.getByText('节点进度（累计）')).toBeInTheDocument();
    expect(screen.getByText('运营数据（按月）')).toBeInTheDocument();
  });

  it('keeps the charts to the programme’s year and says what happened after it', async () => {
    const year = aYear().map((month) => ({ ...month, done: month.done ?? 10 }));
    const next = (month: string, done: number, counties: number) => ({
      month,
      plannedDue: 25,
      done,
      figures: { counties, gigJobsOffered: counties * 7, gigWorkerVisits: counties * 20, placements: counties },
    });
    answer({
      '141100': lvliangDashboard({
        asOf: '2024-03-05T02:00:00.000Z',
        series: [...year, next('2024-01', 11, 2), next('2024-02', 13, 0), next('2024-03', 13, 3)],
      }),
    });
    renderApp('/regions/141100', USERS.lvliang);

    const progress = await screen.findByLabelText(/计划完成节点/);
    expect(progress.getAttribute('aria-label')).toMatch(/计划完成节点.*1月的数据是0，0.*12月的数据是11，25；/);
    expect(progress.getAttribute('aria-label')).toMatch(/实际完成节点.*12月的数据是11，10。/);
    expect(progress.getAttribute('aria-label')).not.toMatch(/2024|13月/);
    expect(screen.getByText('图表只显示 2023 年度；2024 年起又完成节点 3 个，2 个月有运营数据。')).toBeInTheDocument();
  });
});
