import { CHINESE_DAYS_SOURCE, holidayTableFromChineseDays, localDateOf, yearOf } from '@duban/calendar';
import { DEMO_DATA_MARK, type Actor } from '@duban/contracts';
import { Clock, PlatformConfig } from '@duban/platform';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CalendarsService } from '../calendars/calendars.service';

/** The province administrator as the live demo loads a calendar year (named as demo data in the audit). */
const DEMO_ADMIN: Actor = {
  userId: 'demo',
  username: 'demo',
  displayName: DEMO_DATA_MARK,
  role: 'province_admin',
  regionCodes: ['140000'],
};

/** What became of each year the live demo needs. */
export type DemoCalendarOutcome = 'held' | 'loaded' | 'assumed';

/**
 * The live demo runs on any day of any year, so it needs the holiday tables of this year and the next (its
 * later milestones may fall there). A year the database lacks is loaded from the `chinese-days` package
 * (the State Council's notices as the package publishes them, never typed in here) through the same load
 * as the province administrator's (checks, audit row, CalendarYearLoaded, re-planning). A year the package
 * does not have either stays on the calendar's Monday–Friday assumption, flagged by the health check until
 * its notice is loaded.
 */
@Injectable()
export class DemoCalendarYears implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoData');

  constructor(
    private readonly config: PlatformConfig,
    private readonly calendars: CalendarsService,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demoLive) return;
    const year = yearOf(localDateOf(this.clock.now()));
    await this.ensure([year, year + 1]);
  }

  async ensure(years: readonly number[]): Promise<Map<number, DemoCalendarOutcome>> {
    const held = new Set((await this.calendars.list()).items.map((item) => item.year));
    const table = holidayTableFromChineseDays({ onlyYears: (year) => years.includes(year) });
    const outcomes = new Map<number, DemoCalendarOutcome>();
    for (const year of years) {
      if (held.has(year)) {
        outcomes.set(year, 'held');
        continue;
      }
      if (!table.years.includes(year)) {
        this.logger.warn(
          `${year}: no holiday table in the database nor in ${CHINESE_DAYS_SOURCE}; Monday–Friday assumed`,
        );
        outcomes.set(year, 'assumed');
        continue;
      }
      const days = table.days.filter((day) => yearOf(day.date) === year);
      await this.calendars.put(DEMO_ADMIN, {
        year,
        body: {
          daysOff: days.filter((day) => day.isOffDay).map((day) => day.date),
          workdays: days.filter((day) => !day.isOffDay).map((day) => day.date),
          names: Object.fromEntries(days.map((day) => [day.date, day.name])),
          source: CHINESE_DAYS_SOURCE,
        },
      });
      this.logger.log(`${year}: holiday table loaded from ${CHINESE_DAYS_SOURCE}`);
      outcomes.set(year, 'loaded');
    }
    return outcomes;
  }
}
