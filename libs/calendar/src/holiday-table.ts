import { isoWeekday, yearOf, type LocalDate } from './local-date';

/**
 * One day that the State Council's annual holiday notice (国务院办公厅关于…部分节假日安排的通知) sets apart
 * from the ordinary week:
 * - `isOffDay: true`: a statutory day off, even if it is a weekday (listing a weekend day is harmless);
 * - `isOffDay: false`: an adjusted working day (调休上班), a Saturday or Sunday that is worked.
 * Every day not listed follows the ordinary week: Monday–Friday working, Saturday and Sunday off.
 */
export interface HolidayDay {
  readonly date: LocalDate;
  readonly isOffDay: boolean;
  /** The holiday it belongs to, e.g. '春节'. */
  readonly name: string;
  /** Where the row comes from, e.g. '国办发明电〔2022〕16号' or 'chinese-days@1.5.7'. */
  readonly source: string;
}

/**
 * The listed days plus the years they describe completely. A year is covered only if the table holds its
 * whole notice: a row may fall outside the covered years (the 2023 notice makes 2022-12-31 a day off), and
 * such a row alone says nothing about the rest of its year.
 */
export interface HolidayTable {
  readonly years: readonly number[];
  readonly days: readonly HolidayDay[];
}

/** A holiday table that cannot be trusted; `issues` lists every problem found, not just the first. */
export class HolidayTableError extends Error {
  readonly code = 'holiday_table_invalid';

  constructor(readonly issues: readonly string[]) {
    super(`Invalid holiday table: ${issues.join('; ')}`);
    this.name = 'HolidayTableError';
  }
}

/**
 * The years a list of rows announces, when the source does not say: those with a row making 1 January a
 * day off. 元旦 is a statutory day off every year (《全国年节及纪念日放假办法》), so a table that carries a
 * year's notice always lists it, while a stray row from the neighbouring notice (2022-12-31) does not
 * make its year look covered.
 */
export function yearsAnnounced(days: readonly HolidayDay[]): number[] {
  const years = days.filter((day) => day.isOffDay && day.date.endsWith('-01-01')).map((day) => yearOf(day.date));
  return [...new Set(years)].sort((a, b) => a - b);
}

/** Refuses a table whose rows contradict each other or the meaning of a row. */
export function checkHolidayTable(table: HolidayTable): void {
  const issues: string[] = [];
  const seen = new Map<LocalDate, HolidayDay>();
  for (const day of table.days) {
    const earlier = seen.get(day.date);
    if (earlier) {
      issues.push(`${day.date} is listed twice`);
    }
    seen.set(day.date, day);
    // A weekday is a working day already: "worked on a weekday" can only be a mistake in the data.
    if (!day.isOffDay && isoWeekday(day.date) <= 5) {
      issues.push(`${day.date} is a weekday but is listed as an adjusted working day (调休 only moves weekend days)`);
    }
  }
  for (const year of table.years) {
    if (!Number.isSafeInteger(year)) {
      issues.push(`covered year ${year} is not a whole number`);
    }
  }
  if (issues.length > 0) {
    throw new HolidayTableError(issues);
  }
}

/**
 * Combines two tables year by year: a date's row comes from the first table that covers its year, so the
 * `primary` table wins wherever it speaks for a year; a row in a year neither covers is kept (primary's
 * first). The result covers the union of both tables' years.
 */
export function mergeHolidayTables(primary: HolidayTable, secondary: HolidayTable): HolidayTable {
  const ownerOf = (year: number): HolidayTable | undefined =>
    primary.years.includes(year) ? primary : secondary.years.includes(year) ? secondary : undefined;
  const byDate = new Map<LocalDate, HolidayDay>();
  for (const table of [primary, secondary]) {
    for (const day of table.days) {
      const owner = ownerOf(yearOf(day.date));
      if (owner === table || (owner === undefined && !byDate.has(day.date))) {
        byDate.set(day.date, day);
      }
    }
  }
  return {
    years: [...new Set([...primary.years, ...secondary.years])].sort((a, b) => a - b),
    days: [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
  };
}

/** The part of a table about the given years: rows outside them are dropped. */
export function restrictHolidayTable(table: HolidayTable, keep: (year: number) => boolean): HolidayTable {
  return {
    years: table.years.filter(keep),
    days: table.days.filter((day) => keep(yearOf(day.date))),
  };
}
