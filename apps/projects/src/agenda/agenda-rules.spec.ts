import { defaultCalendar } from '@duban/calendar';
import { agendaOf, milestoneDues, unfiledReports } from './agenda-rules';

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

describe('the milestones on a county’s agenda', () => {
  it('says which fall due at an exact instant (an added milestone’s) and which at the end of their day', () => {
    const { upcoming } = agendaOf(
      milestoneDues([
        { id: 'meeting', title: '召开零工市场建设调度会', dueDate: null, dueAt: new Date('2026-12-07T15:11:00Z') },
        { id: 'trial', title: '试运行', dueDate: '2026-12-09', dueAt: null },
      ]),
      new Date('2026-12-07T10:00:00+08:00'),
      defaultCalendar(),
    );
    expect(
      upcoming.map(({ title, dueAt, dueDay, exact, workingDays }) => [title, dueAt, dueDay, exact, workingDays]),
    ).toEqual([
      ['召开零工市场建设调度会', '2026-12-07T15:11:00.000Z', '2026-12-07', true, 0],
      ['试运行', '2026-12-09T16:00:00.000Z', '2026-12-09', false, 2],
    ]);
  });
});
