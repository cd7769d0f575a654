import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap, Logger } from '@nestjs/common';
import { mondayToFriday, WorkingDayCalendar, type HolidayTable } from '@duban/calendar';
import { Transactions } from '@duban/platform';
import { CalendarRepository } from './calendar.repository';

/** How often an instance reads the tables again: a load consumed by another instance reaches this one. */
const REFRESH_MS = 60_000;

/**
 * The working-day calendar the status lights count on: this service's copy of the holiday tables (seeded
 * like the notifications service's, then following its `CalendarYearLoaded` events), read at start, after
 * every load this instance applies, and every minute. A year without a table counts as Monday–Friday: a
 * light is a display, not a deadline, and must not fail the page (reminders flag such a year instead).
 */
@Injectable()
export class WorkingDays implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkingDays.name);
  private calendar = lenient({ years: [], days: [] });
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly repository: CalendarRepository,
    private readonly transactions: Transactions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => void this.reload(), REFRESH_MS);
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** The calendar now; immutable, so a caller may keep it for one computation. */
  get current(): WorkingDayCalendar {
    return this.calendar;
  }

  /** Reads the tables again; keeps the calendar it has if the database is away. */
  async reload(): Promise<void> {
    try {
      this.calendar = lenient(await this.repository.table(this.transactions.none));
    } catch (error) {
      this.logger.warn(`Could not read the holiday tables, keeping the calendar in use: ${(error as Error).message}`);
    }
  }
}

function lenient(table: HolidayTable): WorkingDayCalendar {
  return new WorkingDayCalendar(table, { fallback: mondayToFriday });
}
