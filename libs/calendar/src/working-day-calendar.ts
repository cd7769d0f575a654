import { checkHolidayTable, type HolidayDay, type HolidayTable } from './holiday-table';
import { addDays, epochDay, epochDayOf, isoWeekday, yearOf, type LocalDate } from './local-date';

/** Says whether a day is worked; a calendar's fallback for the years its table does not cover. */
export type WorkingDayRule = (date: LocalDate) => boolean;

/** The ordinary week with no holidays at all: Monday–Friday working. A guess, so only ever opt-in. */
export const mondayToFriday: WorkingDayRule = (date) => isoWeekday(date) <= 5;

export interface WorkingDayCalendarOptions {
  /**
   * How to answer for a day in a year the table does not cover (a listed row still wins). Without one,
   * such a question throws `UncoveredYearError`: a reminder computed from a guessed calendar would go out
   * on a holiday, or skip an adjusted working day, without anybody noticing.
   */
  readonly fallback?: WorkingDayRule;
}

/** The calendar was asked about a year whose holiday notice it has not been given. */
export class UncoveredYearError extends Error {
  readonly code = 'calendar_year_not_covered';

  constructor(
    readonly year: number,
    readonly coveredYears: readonly number[],
  ) {
    const covered = coveredYears.length > 0 ? coveredYears.join(', ') : 'no year';
    super(
      `The working-day calendar has no holiday table for ${year} (it covers ${covered}); ` +
        `load ${year}'s State Council holiday notice (国务院办公厅节假日安排) before counting working days in it`,
    );
    this.name = 'UncoveredYearError';
  }
}

/**
 * A longer run of days off than any notice ever made (the longest is about 9 days). Walking further means
 * the fallback rule never answers "working", and the walk would otherwise never end.
 */
const MAX_DAYS_OFF_IN_A_ROW = 366;

/** Epoch day 0, for the local date of an epoch day (`addDays(EPOCH, day)`). */
const EPOCH = '1970-01-01' as LocalDate;

/** Remembered `addWorkingDays` answers at most (a few years of due dates × the policies' offsets fit many times). */
const SHIFTED_ENTRIES = 20_000;

/**
 * Working days in mainland China: statutory days off and adjusted working days (调休) from a holiday
 * table, the ordinary week otherwise. Immutable; build one per table and share it.
 */
export class WorkingDayCalendar {
  /** The years this calendar can answer for, ascending. */
  readonly coveredYears: readonly number[];
  private readonly covered: ReadonlySet<number>;
  private readonly days: ReadonlyMap<LocalDate, HolidayDay>;
  private readonly fallback: WorkingDayRule | undefined;
  /**
   * The covered years' listed rows that change a day's answer from the ordinary week's (a weekday off, a
   * weekend day worked), as epoch days ascending, and before each the sum of their changes (+1 worked, -1
   * off): `workingDaysBetween` counts Monday–Friday arithmetically and adds the changes in its range.
   */
  private readonly changedDays: readonly number[];
  private readonly changesBefore: readonly number[];
  /**
   * Answers of `addWorkingDays` already walked, by date and count: the calendar never changes, and a
   * programme's thousands of deadlines share a few due dates (re-planning them all asks the same few questions).
   * Emptied when it reaches SHIFTED_ENTRIES, so a long-lived calendar's memory stays bounded.
   */
  private readonly shifted = new Map<string, LocalDate>();

  constructor(table: HolidayTable, options: WorkingDayCalendarOptions = {}) {
    checkHolidayTable(table);
    this.coveredYears = Object.freeze([...new Set(table.years)].sort((a, b) => a - b));
    this.covered = new Set(this.coveredYears);
    this.days = new Map(table.days.map((day) => [day.date, day]));
    this.fallback = options.fallback;
    const changes = table.days
      .filter((day) => this.covered.has(yearOf(day.date)) && day.isOffDay === isoWeekday(day.date) <= 5)
      .map((day) => ({ at: epochDay(day.date), change: day.isOffDay ? -1 : 1 }))
      .sort((a, b) => a.at - b.at);
    this.changedDays = changes.map((item) => item.at);
    const before = [0];
    for (const item of changes) before.push((before[before.length - 1] as number) + item.change);
    this.changesBefore = before;
  }

  /** True if the holiday table speaks for `year`, so no question about it throws or falls back. */
  covers(year: number): boolean {
    return this.covered.has(year);
  }

  /**
   * The years between `from` and `to` (either order, both included) that the table does not cover: the
   * years in which an answer about a day came from the fallback rule, i.e. was a guess. Empty when every
   * day in the range is covered.
   */
  uncoveredYearsBetween(from: LocalDate, to: LocalDate): number[] {
    const [first, last] = from <= to ? [yearOf(from), yearOf(to)] : [yearOf(to), yearOf(from)];
    const years: number[] = [];
    for (let year = first; year <= last; year++) if (!this.covered.has(year)) years.push(year);
    return years;
  }

  /** The table's row for `date` (a statutory day off or an adjusted working day), if it has one. */
  holidayOn(date: LocalDate): HolidayDay | undefined {
    return this.days.get(date);
  }

  /** True if `date` is worked. Throws `UncoveredYearError` outside the covered years unless given a fallback. */
  isWorkingDay(date: LocalDate): boolean {
    const year = yearOf(date);
    const listed = this.days.get(date);
    if (this.covered.has(year)) {
      return listed ? !listed.isOffDay : isoWeekday(date) <= 5;
    }
    if (!this.fallback) {
      throw new UncoveredYearError(year, this.coveredYears);
    }
    return listed ? !listed.isOffDay : this.fallback(date);
  }

  /**
   * The `n`-th working day after `date` (n > 0) or before it (n < 0), not counting `date` itself; n = 0
   * returns `date` unchanged, working day or not. So from Saturday, +1 is the next working Monday and -1
   * the Friday before. For n ≠ 0 the result is always a working day.
   */
  addWorkingDays(date: LocalDate, n: number): LocalDate {
    if (!Number.isSafeInteger(n)) {
      throw new RangeError(`Expected a whole number of working days, got ${n}`);
    }
    const key = `${date} ${n}`;
    const known = this.shifted.get(key);
    if (known !== undefined) return known;
    const day = this.walkWorkingDays(date, n);
    if (this.shifted.size >= SHIFTED_ENTRIES) this.shifted.clear();
    this.shifted.set(key, day);
    return day;
  }

  private walkWorkingDays(date: LocalDate, n: number): LocalDate {
    const step = n < 0 ? -1 : 1;
    let remaining = Math.abs(n);
    let day = date;
    let daysOffInARow = 0;
    while (remaining > 0) {
      day = addDays(day, step);
      if (this.isWorkingDay(day)) {
        remaining -= 1;
        daysOffInARow = 0;
      } else if (++daysOffInARow > MAX_DAYS_OFF_IN_A_ROW) {
        throw new Error(
          `No working day within ${MAX_DAYS_OFF_IN_A_ROW} days of ${day}: check the calendar's fallback rule`,
        );
      }
    }
    return day;
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: LocalDate): LocalDate {
    return this.addWorkingDays(date, 1);
  }

  /** The last working day strictly before `date`. */
  previousWorkingDay(date: LocalDate): LocalDate {
    return this.addWorkingDays(date, -1);
  }

  /**
   * Working days from `from` to `to`, counting `to` but not `from`:
   * - `to` ≥ `from`: the number of working days in (from, to];
   * - `to` < `from`: minus the number of working days in [to, from).
   * This is the inverse of `addWorkingDays`: `workingDaysBetween(d, addWorkingDays(d, n)) === n` for every
   * d and n, also when d is a day off. (It is not antisymmetric: from Friday to Saturday is 0, from
   * Saturday back to Friday is -1.)
   */
  workingDaysBetween(from: LocalDate, to: LocalDate): number {
    const forward = from <= to;
    const [first, last] = forward ? [epochDay(from) + 1, epochDay(to)] : [epochDay(to), epochDay(from) - 1];
    let count = 0;
    // Year by year, ascending (so an uncovered year throws where a day-by-day walk would): a covered year
    // by arithmetic and its table, O(log rows); an uncovered one, which only a fallback rule can answer
    // for, day by day.
    let year = yearOf(forward ? from : to);
    if (first > epochDayOf(year, 12, 31)) year += 1;
    for (let start = first; start <= last; year += 1) {
      const end = Math.min(last, epochDayOf(year, 12, 31));
      if (this.covered.has(year)) {
        count += mondayToFridayIn(start, end) + this.changesIn(start, end);
      } else if (!this.fallback) {
        throw new UncoveredYearError(year, this.coveredYears);
      } else {
        for (let at = start; at <= end; at += 1) if (this.isWorkingDay(addDays(EPOCH, at))) count += 1;
      }
      start = end + 1;
    }
    return forward ? count : -count;
  }

  /** The sum of the covered rows' changes to the ordinary week on the epoch days [start, end]. */
  private changesIn(start: number, end: number): number {
    const before = (at: number): number => {
      // The number of changed days before epoch day `at` (binary search).
      let low = 0;
      let high = this.changedDays.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if ((this.changedDays[middle] as number) < at) low = middle + 1;
        else high = middle;
      }
      return low;
    };
    return (this.changesBefore[before(end + 1)] as number) - (this.changesBefore[before(start)] as number);
  }
}

/** Monday–Friday days among the epoch days [start, end] (start ≤ end + 1). */
function mondayToFridayIn(start: number, end: number): number {
  return mondayToFridayBefore(end + 1) - mondayToFridayBefore(start);
}

/** Monday–Friday days from the Monday 1970-01-05 (epoch day 4) up to epoch day `at`, excluded; negative before it. */
function mondayToFridayBefore(at: number): number {
  const weeks = Math.floor((at - 4) / 7);
  return weeks * 5 + Math.min(at - 4 - weeks * 7, 5);
}
