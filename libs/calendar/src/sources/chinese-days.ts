import { z } from 'zod';
// The package's own data file (the JSON its README publishes), not its date functions: those build their
// lookup tables at load time, and read every 'YYYY-MM-DD' they are given, as UTC midnight seen in the
// process's local zone, so west of UTC they are a day off (in America/Los_Angeles, isWorkday says Friday
// 2023-10-06, a 国庆 day off, is worked). Plain data has no zone to get wrong. A spec checks this file
// against the package's functions where those work, so a package shipping stale data would be caught.
import chineseDaysData from 'chinese-days/dist/chinese-days.json';
import { version as chineseDaysVersion } from 'chinese-days/package.json';
import { restrictHolidayTable, yearsAnnounced, type HolidayDay, type HolidayTable } from '../holiday-table';
import { localDateSchema } from '../local-date';
import { WorkingDayCalendar, type WorkingDayCalendarOptions } from '../working-day-calendar';

/** The installed version (pinned exactly in package.json), recorded as each row's source. */
export const CHINESE_DAYS_SOURCE = `chinese-days@${chineseDaysVersion}`;

// Values read "English name,中文名,days", e.g. "Spring Festival,春节,3".
const dataSchema = z.object({
  holidays: z.record(z.string(), z.string()),
  workdays: z.record(z.string(), z.string()),
});

export interface ChineseDaysOptions {
  /** Keep only these of the package's years (rows in other years are dropped too). Default: all of them. */
  readonly onlyYears?: (year: number) => boolean;
}

/**
 * The holiday table of the `chinese-days` package: its holidays are statutory days off, its workdays
 * adjusted working days. It covers the years whose 1 January it lists (2004–2026 in 1.5.7); a year's data
 * appears in a new package release once the State Council publishes the notice, usually in November.
 */
export function holidayTableFromChineseDays(options: ChineseDaysOptions = {}): HolidayTable {
  const data = dataSchema.parse(chineseDaysData);
  const days: HolidayDay[] = [
    ...Object.entries(data.holidays).map(([date, label]) => toDay(date, label, true)),
    ...Object.entries(data.workdays).map(([date, label]) => toDay(date, label, false)),
  ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const table = { years: yearsAnnounced(days), days };
  return options.onlyYears ? restrictHolidayTable(table, options.onlyYears) : table;
}

/** A calendar from the `chinese-days` package alone. */
export function calendarFromChineseDays(
  options: ChineseDaysOptions & WorkingDayCalendarOptions = {},
): WorkingDayCalendar {
  return new WorkingDayCalendar(holidayTableFromChineseDays(options), options);
}

function toDay(date: string, label: string, isOffDay: boolean): HolidayDay {
  return {
    date: localDateSchema.parse(date),
    isOffDay,
    name: label.split(',')[1] ?? label,
    source: CHINESE_DAYS_SOURCE,
  };
}
