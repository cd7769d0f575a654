import { z } from 'zod';

/**
 * A day on the wall calendar, with no time and no zone: 'YYYY-MM-DD' (ISO 8601 extended).
 *
 * A due date is one of these (DESIGN rule 7), not an instant: "2023-03-31" names a day in Asia/Shanghai,
 * and only `endOfLocalDay` turns it into the instant at which it falls due. The brand keeps an unchecked
 * string (or an ISO instant such as '2023-03-31T00:00:00Z') from reaching code that expects a real date;
 * make one with `parseLocalDate`, `localDateSchema` or `localDateOf`.
 *
 * Two LocalDates compare correctly as strings (`a < b`), because the format is fixed-width and big-endian.
 */
export type LocalDate = string & { readonly __brand: 'LocalDate' };

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** True if `text` is 'YYYY-MM-DD' and names a day that exists (no 2023-02-29). */
export function isLocalDate(text: string): text is LocalDate {
  const match = PATTERN.exec(text);
  if (!match) {
    return false;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Round-trip through the proleptic Gregorian calendar: an impossible day rolls over and no longer matches.
  const probe = utcMidnight(year, month, day);
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

/** Checks and brands a 'YYYY-MM-DD' string; throws a RangeError that quotes the bad input. */
export function parseLocalDate(text: string): LocalDate {
  if (!isLocalDate(text)) {
    throw new RangeError(`Expected a date as YYYY-MM-DD, got "${text}"`);
  }
  return text;
}

/** The zod form of `parseLocalDate`, for request bodies, CSV rows and messages. */
export const localDateSchema = z
  .string()
  .refine(isLocalDate, { message: 'Expected a date as YYYY-MM-DD' })
  .transform((text) => text as LocalDate);

/** The year of a date, e.g. 2023 for '2023-10-07'. */
export function yearOf(date: LocalDate): number {
  return Number(date.slice(0, 4));
}

/** The ISO weekday: 1 = Monday … 6 = Saturday, 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  const sundayFirst = toUtcMidnight(date).getUTCDay();
  return sundayFirst === 0 ? 7 : sundayFirst;
}

/** `date` moved by `days` calendar days (negative goes back). */
export function addDays(date: LocalDate, days: number): LocalDate {
  if (!Number.isSafeInteger(days)) {
    throw new RangeError(`Expected a whole number of days, got ${days}`);
  }
  return fromUtcMidnight(new Date(toUtcMidnight(date).getTime() + days * MS_PER_DAY));
}

/** Calendar days from `from` to `to`: positive if `to` is later. */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((toUtcMidnight(to).getTime() - toUtcMidnight(from).getTime()) / MS_PER_DAY);
}

/**
 * Days from 1970-01-01 to `date` (negative before), without building a Date: counting over long ranges
 * (working days between two dates) is arithmetic on these.
 */
export function epochDay(date: LocalDate): number {
  return epochDayOf(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

/** `epochDay` of a date given by its fields (proleptic Gregorian; the days-from-civil algorithm). */
export function epochDayOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** For `Array.prototype.sort`: earlier dates first. */
export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Builds a LocalDate from its fields; throws if they name no real day. */
export function localDate(year: number, month: number, day: number): LocalDate {
  return parseLocalDate(`${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`);
}

// A LocalDate is anchored at UTC midnight only to do civil-calendar arithmetic (weekday, +n days) with
// Date's Gregorian rules; UTC has no clock changes, so every day is exactly 24 hours long there. This is
// not time-zone maths: no instant derived here ever leaves this module.
function utcMidnight(year: number, month: number, day: number): Date {
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  date.setUTCFullYear(year, month - 1, day);
  return date;
}

function toUtcMidnight(date: LocalDate): Date {
  return utcMidnight(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

function fromUtcMidnight(date: Date): LocalDate {
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) {
    throw new RangeError(`Date out of range (years 0000–9999): ${date.toISOString()}`);
  }
  return `${pad(year, 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}` as LocalDate;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
