import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  checkHolidayTable,
  mergeHolidayTables,
  mondayToFriday,
  WorkingDayCalendar,
  type HolidayTable,
} from '@duban/calendar';

/**
 * The holiday table the service starts with. `AppModule` provides the shipped one (`defaultHolidayTable()`
 * of @duban/calendar) unless told otherwise; a test gives one without next year's notice.
 */
export const HOLIDAY_TABLE = Symbol('HOLIDAY_TABLE');

/** Told of the years a new table covers that were not covered before; resolves once it acted on them. */
export type CoverageListener = (years: readonly number[]) => Promise<unknown>;

/**
 * The working-day calendar reminders are planned on (DESIGN rule 7): China's holiday tables where they
 * exist and, for a year without one (the State Council publishes next year's notice in November or later),
 * Monday–Friday. Such a plan is a guess: the planner records the years it assumed on the deadline, the
 * health check reports them, and when a table arrives (`add`, or a new release at start) the planning
 * feature re-plans the deadlines that assumed its years. Never throws for a missing year: a foreseeable
 * business condition must not make an event fail (and be dead-lettered).
 */
@Injectable()
export class HolidayCalendar {
  private readonly logger = new Logger(HolidayCalendar.name);
  private table: HolidayTable;
  private calendar: WorkingDayCalendar;
  private readonly listeners: CoverageListener[] = [];

  constructor(@Inject(HOLIDAY_TABLE) table: HolidayTable) {
    this.table = table;
    this.calendar = lenient(table);
  }

  /** The calendar to plan with now; immutable, so a caller may keep it for one plan. */
  get current(): WorkingDayCalendar {
    return this.calendar;
  }

  /**
   * Adds a holiday table (e.g. next year's notice, loaded before a package release ships it). Its rows win
   * for the years it covers. Returns the years now covered that were not before, after every listener has
   * acted on them (the planner re-plans what assumed them).
   */
  async add(table: HolidayTable): Promise<number[]> {
    checkHolidayTable(table);
    const before = this.calendar;
    this.table = mergeHolidayTables(table, this.table);
    this.calendar = lenient(this.table);
    const grown = this.calendar.coveredYears.filter((year) => !before.covers(year));
    if (grown.length > 0) {
      this.logger.log(`Holiday tables now cover ${grown.join(', ')}`);
      for (const listener of this.listeners) await listener(grown);
    }
    return grown;
  }

  /** Calls `listener` whenever `add` makes the calendar cover more years. */
  onCoverageGrown(listener: CoverageListener): void {
    this.listeners.push(listener);
  }
}

function lenient(table: HolidayTable): WorkingDayCalendar {
  return new WorkingDayCalendar(table, { fallback: mondayToFriday });
}
