import { Injectable } from '@nestjs/common';
import { CHINA_TIME_ZONE, localDateOf, yearOf } from '@duban/calendar';
import { Clock, Transactions, type HealthContribution, type HealthContributor } from '@duban/platform';
import { NotificationsConfig } from '../config';
import { DeadlinesRepository } from '../deadlines/deadlines.repository';
import { HolidayCalendar } from '../calendars/holiday-calendar.service';
import { ReminderTimers } from './reminder-timers.service';

/**
 * The reminder engine's health: degraded while reminders are planned on an assumed calendar (a year
 * without its holiday table, named with how many open deadlines it affects), while this year itself has
 * no table, or while Redis does not answer (reminders then go out from Postgres, up to one reconciler
 * period late). Never throws: a part it cannot check (the database down) is the platform's to report.
 */
@Injectable()
export class ReminderEngineHealth implements HealthContributor {
  constructor(
    private readonly holidays: HolidayCalendar,
    private readonly deadlines: DeadlinesRepository,
    private readonly transactions: Transactions,
    private readonly timers: ReminderTimers,
    private readonly clock: Clock,
    private readonly config: NotificationsConfig,
  ) {}

  async check(): Promise<HealthContribution> {
    const [calendar, redis] = await Promise.all([this.calendarReasons(), this.timers.ping()]);
    const reasons = [...calendar];
    if (!redis.reachable) {
      const seconds = Math.ceil(this.config.reconcileMs / 1000);
      reasons.push(`Redis 不可达（${redis.error ?? '无应答'}）：提醒定时器失效，到期提醒由数据库每${seconds}秒补发`);
    }
    return { status: reasons.length > 0 ? 'degraded' : 'up', reasons };
  }

  private async calendarReasons(): Promise<string[]> {
    const calendar = this.holidays.current;
    const assumed = await this.deadlines.assumedYearsOfOpen(this.transactions.none).catch(() => []);
    const reasons = assumed.map(
      ({ year, deadlines }) =>
        `${year}年节假日安排未加载：${deadlines}个未完成期限的提醒按周一至周五暂定，加载后自动重新排期`,
    );
    const thisYear = yearOf(localDateOf(this.clock.now(), CHINA_TIME_ZONE));
    if (!calendar.covers(thisYear) && !assumed.some(({ year }) => year === thisYear)) {
      reasons.unshift(`${thisYear}年节假日安排未加载：本年的提醒将按周一至周五暂定`);
    }
    return reasons;
  }
}
