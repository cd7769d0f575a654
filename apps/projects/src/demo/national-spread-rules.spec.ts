import { completionOf, paceOf, reportsOf } from './national-spread-rules';

const ASOF = new Date('2026-12-05T09:00:00Z');
const SCHEDULE = { year: 2026, reportDueDay: 25, operatingFiguresFromMonth: 10 };
const DUES = [
  '2026-03-31',
  '2026-03-31',
  '2026-04-30',
  '2026-05-31',
  '2026-07-31',
  '2026-08-31',
  '2026-10-31',
  '2026-12-31',
];
const COUNTIES = Array.from({ length: 400 }, (_, i) => String(110101 + i));

describe('national spread', () => {
  it('gives the same county the same story, never a completion after asOf, and stalled counties stop', () => {
    for (const code of COUNTIES.slice(0, 50)) {
      const first = DUES.map((due, index) => completionOf(code, due, index, ASOF)?.getTime() ?? null);
      expect(DUES.map((due, index) => completionOf(code, due, index, ASOF)?.getTime() ?? null)).toEqual(first);
      expect(first.every((at) => at === null || at <= ASOF.getTime())).toBe(true);
    }
    const stalled = COUNTIES.filter((code) => paceOf(code) === 'stalled');
    expect(stalled.length).toBeGreaterThan(0);
    for (const code of stalled) expect(completionOf(code, DUES[6] as string, 6, ASOF)).toBeNull();
  });

  it('spreads counties roughly 70 % on time, 22 % late, 8 % stalled', () => {
    const share = (pace: string) => COUNTIES.filter((code) => paceOf(code) === pace).length / COUNTIES.length;
    expect(share('on_time')).toBeGreaterThan(0.6);
    expect(share('late')).toBeGreaterThan(0.12);
    expect(share('stalled')).toBeLessThan(0.15);
  });

  it('files a report for every month due by asOf, figures from October, only the last one still open', () => {
    const reports = reportsOf('141124', SCHEDULE, ASOF);
    expect(reports.map((report) => report.month)).toEqual(
      Array.from({ length: 11 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`),
    );
    expect(reports.filter((report) => report.figures !== null).map((report) => report.month)).toEqual([
      '2026-10',
      '2026-11',
    ]);
    expect(reports.slice(0, -1).every((report) => report.status === 'accepted')).toBe(true);
  });
});
