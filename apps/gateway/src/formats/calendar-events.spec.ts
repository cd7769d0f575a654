import { DEFAULT_REMINDER_POLICY } from '@duban/contracts';
import { reportDayEvents } from './calendar-events';

/** The report days a calendar feed lists: those of the months the programme owes. */
describe('the monthly report days in a calendar feed', () => {
  const project = { id: 'p-linxian', name: '临县公益性零工市场' };
  const days = (createdAt: string) =>
    reportDayEvents(project, { year: 2027, reportDueDay: 25, createdAt, reminderPolicy: DEFAULT_REMINDER_POLICY }).map(
      (event) => event.date,
    );

  it('lists every month’s day for a programme set up before its year', () => {
    const all = days('2026-12-20T02:00:00.000Z');
    expect(all).toHaveLength(12);
    expect(all[0]).toBe('2027-01-25');
  });

  it('lists none before the set-up for one set up during its year (local day: 03-25 20:00 UTC is the 26th)', () => {
    expect(days('2027-03-10T02:00:00.000Z')[0]).toBe('2027-03-25');
    expect(days('2027-03-25T20:00:00.000Z')[0]).toBe('2027-04-25');
    expect(days('2027-03-25T20:00:00.000Z')).toHaveLength(9);
  });
});
