import {
  defaultCalendar,
  mondayToFriday,
  restrictHolidayTable,
  defaultHolidayTable,
  WorkingDayCalendar,
} from '@duban/calendar';
import type { WorkingDays } from '../calendar/working-days.service';
import { MilestoneLights } from './milestone-lights.service';

describe('MilestoneLights', () => {
  // The seeded tables (2023–2026), as the service's copy holds them before any year is loaded.
  const seeded = new WorkingDayCalendar(
    restrictHolidayTable(defaultHolidayTable(), (year) => year >= 2023 && year <= 2026),
    { fallback: mondayToFriday },
  );
  const lights = new MilestoneLights({ current: seeded } as WorkingDays);
  const pending = (dueDate: string) => ({ status: 'pending' as const, dueDate, dueAt: null });
  // 2023-03-31 is a Friday; 09:00 in Shanghai is 01:00Z.
  const at = (iso: string) => new Date(iso);

  it('turns a due date yellow within 3 working days, red after the end of its day, done when done', () => {
    expect(lights.light(pending('2023-03-31'), 3, at('2023-03-24T01:00:00Z'))).toBe('green');
    expect(lights.light(pending('2023-03-31'), 3, at('2023-03-28T01:00:00Z'))).toBe('yellow');
    expect(lights.light(pending('2023-03-31'), 3, at('2023-03-31T15:59:59Z'))).toBe('yellow');
    expect(lights.light(pending('2023-03-31'), 3, at('2023-03-31T16:00:00Z'))).toBe('red');
    expect(lights.light({ ...pending('2023-03-31'), status: 'done' }, 3, at('2024-01-01T00:00:00Z'))).toBe('done');
  });

  it('counts working days, not calendar days: the 清明 and 劳动节 holidays push yellow earlier', () => {
    // Due Friday 2023-04-28; 04-23 (Sunday) is an adjusted working day (调休), so from Thursday 04-25…
    expect(lights.light(pending('2023-04-28'), 3, at('2023-04-24T01:00:00Z'))).toBe('green');
    expect(lights.light(pending('2023-04-28'), 3, at('2023-04-25T01:00:00Z'))).toBe('yellow');
  });

  it('judges an exact instant by the instant', () => {
    const extra = { status: 'in_progress' as const, dueDate: null, dueAt: at('2030-05-20T01:30:00Z') };
    expect(lights.light(extra, 3, at('2030-05-20T01:29:59Z'))).toBe('yellow');
    expect(lights.light(extra, 3, at('2030-05-20T01:30:00Z'))).toBe('red');
  });

  it('rolls a project up: red if any is red, else yellow, else green; done when all are', () => {
    const now = at('2023-03-28T01:00:00Z');
    const done = { status: 'done' as const, dueDate: '2023-03-31', dueAt: null };
    expect(lights.projectLight([done, pending('2023-03-31'), pending('2023-12-31')], 3, now)).toBe('yellow');
    expect(lights.projectLight([done, pending('2023-03-01')], 3, now)).toBe('red');
    expect(lights.projectLight([done, pending('2023-12-31')], 3, now)).toBe('green');
    expect(lights.projectLight([done, done], 3, now)).toBe('done');
  });

  it('still shows a light when the yellow window reaches a year whose holiday notice is not loaded yet', () => {
    // chinese-days 1.5.7 knows holidays up to 2026: three working days from 2026-12-30 reach into 2027.
    expect(defaultCalendar().covers(2027)).toBe(false);
    const now = at('2026-12-30T01:00:00Z');
    // Until its notice is loaded, 2027 counts as a plain Monday–Friday week: 12-31, 01-01, 01-04.
    expect(lights.light(pending('2027-01-04'), 3, now)).toBe('yellow');
    expect(lights.light(pending('2027-01-05'), 3, now)).toBe('green');
    expect(lights.light(pending('2027-03-31'), 3, now)).toBe('green');
  });
});
