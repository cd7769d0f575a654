import { CN_HOLIDAYS_2023_2024_CSV } from '../data/cn-holidays-2023-2024';
import { mergeHolidayTables, type HolidayDay, type HolidayTable } from '../holiday-table';
import { yearOf } from '../local-date';
import { WorkingDayCalendar } from '../working-day-calendar';
import { holidayTableFromChineseDays } from './chinese-days';
import { parseHolidayCsv } from './csv';

let shared: WorkingDayCalendar | undefined;
let sharedTable: HolidayTable | undefined;

/**
 * The holiday table Duban ships: the CSV (from the State Council notices) for 2023–2024, then the
 * `chinese-days` package for the years after the CSV's last. A service that adds tables at run time (next
 * year's notice, loaded before a new package release) starts from this one and merges them on top.
 */
export function defaultHolidayTable(): HolidayTable {
  if (!sharedTable) {
    const csv = parseHolidayCsv(CN_HOLIDAYS_2023_2024_CSV);
    const lastCsvYear = Math.max(...csv.years);
    const later = holidayTableFromChineseDays({ onlyYears: (year) => year > lastCsvYear });
    sharedTable = mergeHolidayTables(csv, later);
  }
  return sharedTable;
}

/**
 * Duban's calendar (DESIGN rule 7): the shipped CSV (from the State Council notices) for 2023–2024, then
 * the `chinese-days` package for the years after the CSV's last. Years before the CSV are not covered, on
 * purpose: the programme starts in 2023, and a guessed 2022 would be worse than an error. An admin-loaded
 * table for a later year can be merged on top with `mergeHolidayTables`.
 *
 * Built once and shared: the calendar is immutable.
 */
export function defaultCalendar(): WorkingDayCalendar {
  if (!shared) shared = new WorkingDayCalendar(defaultHolidayTable());
  return shared;
}

/** The years every service's database is seeded with: those whose notice the repository's data holds. */
export const SEEDED_CALENDAR_YEARS: readonly number[] = [2023, 2024, 2025, 2026];

/** One year of the shipped table: its rows (in that year only) and the source(s) they come from. */
export interface ShippedYear {
  readonly year: number;
  readonly source: string;
  readonly days: readonly HolidayDay[];
}

/**
 * The shipped table of each of `years`, each year's own rows only (the 2023 notice's 2022-12-31 belongs to
 * no year seeded): what a service's database is seeded with, so every service starts on the same tables.
 */
export function shippedYears(years: readonly number[]): ShippedYear[] {
  const table = defaultHolidayTable();
  return years.map((year) => {
    const days = table.days.filter((day) => yearOf(day.date) === year);
    return { year, source: [...new Set(days.map((day) => day.source))].join('、'), days };
  });
}
