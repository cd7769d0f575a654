import { unfiledReports } from './agenda-rules';

/** A county's agenda lists the reports its programme owes and it has not filed: the past ones and the next. */
describe('the reports on a county’s agenda', () => {
  const now = new Date('2026-12-07T10:00:00+08:00');
  const months = (createdAt: string, filed: string[] = []) =>
    unfiledReports({ year: 2026, reportDueDay: 25, createdAt: new Date(createdAt) }, new Set(filed), now).map(
      (due) => due.month,
    );

  it('of a programme set up before its year: every unfiled month so far, and the next', () => {
    expect(months('2025-12-20T10:00:00+08:00', ['2026-01', '2026-02'])).toEqual([
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
      '2026-12',
    ]);
  });

  it('of one set up today, after November’s report day: none of the months before it, only December’s', () => {
    expect(months('2026-12-07T09:00:00+08:00')).toEqual(['2026-12']);
  });
});
