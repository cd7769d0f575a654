import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Due dates and reminder times are Asia/Shanghai's (DESIGN rule 7), whatever the browser's own zone. */
export const PROGRAMME_ZONE = 'Asia/Shanghai';

/** Now, or an instant, in the programme's zone: today's date, this month and this year are the documents'. */
export function programmeTime(iso?: string): Dayjs {
  return dayjs(iso).tz(PROGRAMME_ZONE);
}

/**
 * Today on the programme's clocks, as a date picker's value: a picker shows the browser's own days, so this is
 * Beijing's date as a local day (late at night in Europe, or early in the morning in America, the browser's
 * today is Beijing's yesterday).
 */
export function programmeToday(): Dayjs {
  return dayjs(programmeTime().format('YYYY-MM-DD'));
}

/** An instant as the documents' local time: "2023-10-31 09:00". */
export function formatInstant(iso: string, withSeconds = false): string {
  return dayjs(iso)
    .tz(PROGRAMME_ZONE)
    .format(withSeconds ? 'YYYY-MM-DD HH:mm:ss' : 'YYYY-MM-DD HH:mm');
}

/** A milestone's deadline as an instant: a due date falls due at the end of that local day. */
export function dueInstant(milestone: { dueDate: string | null; dueAt: string | null }): Dayjs {
  if (milestone.dueDate) return dayjs.tz(milestone.dueDate, PROGRAMME_ZONE).endOf('day');
  return dayjs(milestone.dueAt ?? undefined);
}

/**
 * A milestone's deadline as people read it: the date, or the instant of an extra milestone, to the minute (its
 * seconds only if it has some: an instant set through the API may).
 */
export function dueText(milestone: { dueDate: string | null; dueAt: string | null }): string {
  if (milestone.dueDate) return milestone.dueDate;
  return milestone.dueAt ? formatInstant(milestone.dueAt, dayjs(milestone.dueAt).second() !== 0) : '—';
}
