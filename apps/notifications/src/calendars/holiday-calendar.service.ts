import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import {
  checkHolidayTable,
  mergeHolidayTables,
  mondayToFriday,
  WorkingDayCalendar,
  type HolidayTable,
} from '@duban/calendar';
import { Transactions, type Tx } from '@duban/platform';
import { CalendarsRepository } from './calendars.repository';

/**
 * A holiday table under the database's (the database's rows win for the years it holds). None in
 * production: the calendar is the database's `calendar_year` tables. A test gives one to start an instance
 * that knows a year the database does not.
 */
export const HOLIDAY_TABLE = Symbol('HOLIDAY_TABLE');

/** What changed in the calendar: years newly covered, or a year's table loaded or replaced. */
export interface CalendarChange {
  readonly years: readonly number[];
  /** True: a table was loaded (or replaced) for these years; re-plan every open deadline they touch. */
  readonly loaded: boolean;
}

/** Told of a calendar change; resolves with how many deadlines it re-planned. */
export type CalendarListener = (change: CalendarChange) => Promise<number>;

/**
 * The working-day calendar reminders are planned on (DESIGN rule 7): the holiday tables in the database
 * (`calendar_year`, one per year: seeded for 2023–2026, loaded by the province administrator for later
 * years) and, for a year without one, Monday–Friday. Such a plan is a guess: the planner records the years it
 * assumed on the deadline, the health check reports them, and when a table arrives the planning feature
 * re-plans what it touches. Never throws for a missing year: a foreseeable business condition must not make
 * an event fail (and be dead-lettered).
 *
 * Several instances share the tables: each keeps the revision it read and reads them again (`sync`) when a
 * load anywhere raised it, before every plan and firing that counts working days.
 */
@Injectable()
export class HolidayCalendar implements OnApplicationBootstrap {
  private readonly logger = new Logger(HolidayCalendar.name);
  private extra: HolidayTable;
  private stored: HolidayTable = { years: [], days: [] };
  private revision: string | null = null;
  private calendar: WorkingDayCalendar;
  private readonly listeners: CalendarListener[] = [];

  constructor(
    @Inject(HOLIDAY_TABLE) extra: HolidayTable,
    private readonly repository: CalendarsRepository,
    private readonly transactions: Transactions,
  ) {
    this.extra = extra;
    this.calendar = lenient(extra);
  }

  // After the migrations (run at module init). Whoever plans earlier reads the tables itself (`sync`).
  async onApplicationBootstrap(): Promise<void> {
    await this.sync(this.transactions.none);
  }

  /** The calendar to plan with now; immutable, so a caller may keep it for one plan. */
  get current(): WorkingDayCalendar {
    return this.calendar;
  }

  /** The calendar after reading the tables again if a load (here or elsewhere) changed them since. */
  async sync(tx: Tx): Promise<WorkingDayCalendar> {
    const revision = await this.repository.revision(tx);
    if (revision !== this.revision) {
      this.stored = await this.repository.table(tx);
      this.revision = revision;
      this.rebuild();
    }
    return this.calendar;
  }

  /**
   * After a load of `year` committed: the tables read again, then every listener told (the planner re-plans
   * the open deadlines the year touches). Resolves with how many deadlines were re-planned.
   */
  async loaded(year: number): Promise<number> {
    await this.sync(this.transactions.none);
    this.logger.log(`Holiday table of ${year} loaded`);
    return this.tell({ years: [year], loaded: true });
  }

  /**
   * Adds a holiday table in memory only (a test's "notice arrived", without the database). Its rows win for
   * the years it covers. Returns the years now covered that were not before, after every listener acted.
   */
  async add(table: HolidayTable): Promise<number[]> {
    checkHolidayTable(table);
    const before = this.calendar;
    this.extra = mergeHolidayTables(table, this.extra);
    this.rebuild();
    const grown = this.calendar.coveredYears.filter((year) => !before.covers(year));
    if (grown.length > 0) {
      this.logger.log(`Holiday tables now cover ${grown.join(', ')}`);
      await this.tell({ years: grown, loaded: false });
    }
    return grown;
  }

  /** Calls `listener` whenever the calendar covers more years or a year's table is loaded. */
  onChange(listener: CalendarListener): void {
    this.listeners.push(listener);
  }

  private rebuild(): void {
    this.calendar = lenient(mergeHolidayTables(this.stored, this.extra));
  }

  private async tell(change: CalendarChange): Promise<number> {
    let replanned = 0;
    for (const listener of this.listeners) replanned += await listener(change);
    return replanned;
  }
}

function lenient(table: HolidayTable): WorkingDayCalendar {
  return new WorkingDayCalendar(table, { fallback: mondayToFriday });
}
