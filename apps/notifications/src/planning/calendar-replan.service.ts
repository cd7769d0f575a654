import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Transactions } from '@duban/platform';
import { DeadlinesRepository } from '../deadlines/deadlines.repository';
import { HolidayCalendar } from '../calendars/holiday-calendar.service';
import { DeadlinePlanning } from './deadline-planning.service';

/** After a failed pass (the database away), the next try. */
const RETRY_MS = 30_000;
/**
 * A pass this often anyway: during a rolling deployment an instance still without a new table may plan
 * on Monday–Friday after the instances with it have started; they catch up with it here.
 */
const SWEEP_MS = 10 * 60_000;

/**
 * Re-plans the deadlines whose plan assumed Monday–Friday for a year that now has its holiday table: at
 * start (a release that ships the table, or an instance that planned without it), whenever the calendar
 * covers more years at run time, and every ten minutes (what another instance planned meanwhile). One transaction per deadline, under its lock, so several instances doing
 * it at once re-plan each deadline once; a pass that fails is tried again later.
 */
@Injectable()
export class CalendarReplanner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(CalendarReplanner.name);
  private retry: NodeJS.Timeout | undefined;
  private sweep: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly holidays: HolidayCalendar,
    private readonly deadlines: DeadlinesRepository,
    private readonly planning: DeadlinePlanning,
    private readonly transactions: Transactions,
  ) {}

  onApplicationBootstrap(): void {
    this.holidays.onChange((change) => (change.loaded ? this.replanTouched(change.years) : this.replan(change.years)));
    // In the background: start-up does not wait for it.
    void this.replan(this.holidays.current.coveredYears);
    this.sweep = setInterval(
      () =>
        void this.holidays
          .sync(this.transactions.none)
          .then((calendar) => this.replan(calendar.coveredYears))
          .catch(() => undefined),
      SWEEP_MS,
    );
    this.sweep.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    clearInterval(this.sweep);
    await this.running;
  }

  /** Re-plans every open deadline that assumed one of `years`; resolves with how many were re-planned. */
  replan(years: readonly number[]): Promise<number> {
    return this.queue(() => this.pass(years, 'assumed'));
  }

  /**
   * Re-plans every open deadline a newly loaded (or replaced) table of `years` touches: its due date, a
   * planned stage or an assumed year in one of them. Resolves with how many were re-planned.
   */
  replanTouched(years: readonly number[]): Promise<number> {
    return this.queue(() => this.pass(years, 'loaded'));
  }

  private queue(pass: () => Promise<number>): Promise<number> {
    const next = this.running.then(pass);
    this.running = next.catch(() => undefined);
    return next;
  }

  private async pass(years: readonly number[], reason: 'assumed' | 'loaded'): Promise<number> {
    if (this.stopped) return 0;
    try {
      // An instance that missed a load elsewhere catches up with the tables first.
      await this.holidays.sync(this.transactions.none);
      const ids =
        reason === 'loaded'
          ? await this.deadlines.openTouchingYears(this.transactions.none, years)
          : await this.deadlines.openOnAssumedYears(this.transactions.none, years);
      let replanned = 0;
      for (const id of ids) {
        if (this.stopped) break;
        if (await this.transactions.run((tx) => this.planning.replanOnCalendar(tx, id, reason))) replanned += 1;
      }
      if (replanned > 0)
        this.logger.log(`Re-planned ${replanned} deadline(s) on the holiday table of ${years.join(', ')}`);
      return replanned;
    } catch (error) {
      this.logger.error(`Re-planning on the new holiday tables failed, trying again: ${(error as Error).message}`);
      clearTimeout(this.retry);
      if (!this.stopped) this.retry = setTimeout(() => void this.queue(() => this.pass(years, reason)), RETRY_MS);
      return 0;
    }
  }
}
