import type { Light } from '@duban/calendar';
import { fractionWithFourDecimals, rollupRow, type CountyFacts } from './dashboard-rollup-rules';
import type { ReportFigures } from './dashboard-series-rules';

const city = { code: '141100', name: '吕梁市', level: 'city' as const };
const county = (
  code: string,
  lights: Light[],
  report: CountyFacts['latestReport'] = null,
  hasProject = true,
  figures: ReportFigures[] = [],
): CountyFacts => ({
  county: { code, name: code, level: 'county' },
  projectId: hasProject ? `project-of-${code}` : null,
  lights,
  latestReport: report,
  figures,
});

describe('dashboard rollup', () => {
  it('gives the share done as a fraction with four decimals, rounded half up without float error', () => {
    expect(fractionWithFourDecimals(1, 8)).toBe('0.1250');
    expect(fractionWithFourDecimals(2, 3)).toBe('0.6667');
    expect(fractionWithFourDecimals(1, 3)).toBe('0.3333');
    expect(fractionWithFourDecimals(1, 20_000)).toBe('0.0001'); // exactly half a ten-thousandth rounds up
    expect(fractionWithFourDecimals(0, 5)).toBe('0.0000');
    expect(fractionWithFourDecimals(5, 5)).toBe('1.0000');
  });

  it('counts lights and report statuses so the parts add up to the whole', () => {
    const report = (status: 'submitted' | 'returned' | 'accepted') => ({
      id: '00000000-0000-4000-8000-000000000000',
      month: '2024-05',
      status,
      late: false,
    });
    const row = rollupRow(city, [
      county('141102', ['done', 'red', 'yellow', 'green'], report('accepted')),
      county('141121', ['done', 'done', 'red'], report('returned')),
      county('141122', [], null, false),
      county('141124', ['green'], report('accepted')),
    ]);
    expect(row.milestones).toEqual({ green: 2, yellow: 1, red: 2, done: 3, total: 8 });
    expect(row.overdue).toBe(2);
    expect(row.doneShare).toBe('0.3750');
    expect(row.reports).toEqual({ submitted: 0, returned: 1, accepted: 2, none: 1 });
    expect(row.countyCount).toBe(4);
    expect(row.projectCount).toBe(3);
    expect(row.light).toBe('red');
    // A city row names no single report, and no single project.
    expect(row.latestReport).toBeNull();
    expect(row.projectId).toBeNull();
  });

  it('sums the operating figures of the latest month any county reported one, over the counties that did', () => {
    const figures = (month: string, jobs: number | null, visits: number | null, placed: number | null) => ({
      month,
      gigJobsOffered: jobs,
      gigWorkerVisits: visits,
      placements: placed,
    });
    const row = rollupRow(city, [
      county('141102', ['green'], null, true, [figures('2023-09', 1, 1, 1), figures('2023-10', 12, 40, 5)]),
      county('141121', ['green'], null, true, [figures('2023-10', 8, null, 2)]),
      county('141122', ['green'], null, true, [figures('2023-09', 100, 100, 100)]),
      county('141124', ['green']),
    ]);
    expect(row.latestFigures).toEqual({
      month: '2023-10',
      counties: 2,
      gigJobsOffered: 20,
      gigWorkerVisits: 40,
      placements: 7,
    });
    expect(rollupRow(city, [county('141124', ['green'])]).latestFigures).toBeNull();
  });

  it('names a county row’s project, for the link to it', () => {
    const linxian = { code: '141124', name: '临县', level: 'county' as const };
    expect(rollupRow(linxian, [county('141124', ['green'])]).projectId).toBe('project-of-141124');
    expect(rollupRow(linxian, [county('141124', [], null, false)]).projectId).toBeNull();
  });

  it('sums children exactly into their parent', () => {
    const a = [county('1', ['red', 'done']), county('2', ['green'])];
    const b = [county('3', ['yellow', 'done', 'done'])];
    const province = rollupRow({ code: '140000', name: '山西省', level: 'province' }, [...a, ...b]);
    const rows = [rollupRow(city, a), rollupRow({ ...city, code: '141000' }, b)];
    for (const key of ['green', 'yellow', 'red', 'done', 'total'] as const) {
      expect(rows.reduce((sum, row) => sum + row.milestones[key], 0)).toBe(province.milestones[key]);
    }
    expect(rows.reduce((sum, row) => sum + row.countyCount, 0)).toBe(province.countyCount);
  });

  it('shows no light and no share for a region with nothing planned', () => {
    const row = rollupRow({ code: '141124', name: '临县', level: 'county' }, [county('141124', [], null, false)]);
    expect(row).toMatchObject({ light: null, doneShare: null, overdue: 0, reports: { none: 1 }, latestReport: null });
  });
});
