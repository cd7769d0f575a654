import { parseLocalDate, type LocalDate } from './local-date';
import { CHINA_TIME_ZONE, endOfLocalDay, localDateOf } from './time-zone';
import { type WorkingDayCalendar } from './working-day-calendar';

export type MilestoneStatus = 'pending' | 'in_progress' | 'done';

/**
 * The status light (DESIGN "Reminder policy"): green on track, yellow due soon and not done, red overdue,
 * done (shown grey/blue) once completed.
 */
export type Light = 'green' | 'yellow' | 'red' | 'done';

/** A template milestone is due on a local date ('YYYY-MM-DD'); an extra one at an exact instant. */
export type Due = { readonly date: string } | { readonly at: Date };

export interface StatusLightInput {
  readonly status: MilestoneStatus;
  readonly due: Due;
  readonly now: Date;
  readonly calendar: WorkingDayCalendar;
  /** Yellow from this many working days before the due day. Default 3, as in the reminder policy. */
  readonly yellowWithinWorkingDays?: number;
  readonly zone?: string;
}

/**
 * The light of one milestone at `now`. In order:
 * 1. done: the status is 'done', whatever the dates say;
 * 2. red: `now` is at or past the deadline, i.e. `now >= endOfLocalDay(due.date)` (the next local midnight)
 *    for a due date, `now >= due.at` for an instant;
 * 3. yellow: the due day is within N working days of today, meaning
 *    `calendar.addWorkingDays(today, N) >= dueDay`, where today is `now`'s local date;
 * 4. green otherwise.
 *
 * The due day of an instant is the local date of the last moment before it (`due.at` minus 1 ms), so
 * `{ at: endOfLocalDay(d) }` gets exactly the same light as `{ date: d }` at every `now`.
 *
 * A due day that is not a working day (a weekend or a statutory holiday) adds no working day of its own:
 * yellow starts when the N-th working day from today reaches or passes it. For N = 3 and a due date on
 * Sunday 2023-10-01 (国庆), that is Tuesday 09-26 (09-27, 09-28, then 10-07 ≥ 10-01), one working day later
 * than for a due date on the last working day before it, Thursday 09-28 (yellow from Monday 09-25). The
 * milestone template has such dates (2023-04-30, 2023-12-31).
 *
 * Throws `UncoveredYearError` if the working days after today reach a year the calendar does not cover.
 */
export function statusLight(input: StatusLightInput): Light {
  const { status, due, now, calendar, yellowWithinWorkingDays = 3, zone = CHINA_TIME_ZONE } = input;
  if (!Number.isSafeInteger(yellowWithinWorkingDays) || yellowWithinWorkingDays < 0) {
    throw new RangeError(`yellowWithinWorkingDays must be a whole number ≥ 0, got ${yellowWithinWorkingDays}`);
  }
  switch (status) {
    case 'done':
      return 'done';
    case 'pending':
    case 'in_progress':
      break;
  }
  const { deadline, dueDay } = deadlineOf(due, zone);
  if (now.getTime() >= deadline.getTime()) {
    return 'red';
  }
  const today = localDateOf(now, zone);
  return calendar.addWorkingDays(today, yellowWithinWorkingDays) >= dueDay ? 'yellow' : 'green';
}

function deadlineOf(due: Due, zone: string): { deadline: Date; dueDay: LocalDate } {
  if ('date' in due) {
    const dueDay = parseLocalDate(due.date);
    return { deadline: endOfLocalDay(dueDay, zone), dueDay };
  }
  return { deadline: due.at, dueDay: localDateOf(new Date(due.at.getTime() - 1), zone) };
}

const SEVERITY: Record<Light, number> = { done: 0, green: 1, yellow: 2, red: 3 };

/**
 * The light of a project (or a region) from its milestones' (or projects') lights: red if any is red, else
 * yellow if any is yellow, else green if any is not done, else done.
 *
 * An empty list is 'done': it is the neutral element, so rolling up in stages gives the same answer as
 * rolling up at once (`rollupLight([rollupLight(a), rollupLight(b)]) === rollupLight([...a, ...b])`),
 * and a county with no milestones yet cannot turn its city green. A screen that must tell "nothing
 * planned" from "all done" checks for the empty list itself.
 */
export function rollupLight(lights: readonly Light[]): Light {
  return lights.reduce<Light>((worst, light) => (SEVERITY[light] > SEVERITY[worst] ? light : worst), 'done');
}
