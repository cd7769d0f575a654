import { Injectable } from '@nestjs/common';
import {
  CalendarYearLoaded,
  NotFoundError,
  parseOrThrow,
  putCalendarYearBodySchema,
  ValidationError,
  type Actor,
  type CalendarYearList,
  type CalendarYearLoadedView,
  type CalendarYearView,
} from '@duban/contracts';
import { Access, AuditLog, Clock, Outbox, Transactions } from '@duban/platform';
import { calendarYearSummary, calendarYearView } from './calendar-year-view';
import { readNotice, tableCounts } from './calendar-year.rules';
import { CalendarsRepository } from './calendars.repository';
import { HolidayCalendar } from './holiday-calendar.service';

/** What a load request carries besides the caller: the year and the body's fields, unchecked. */
export interface PutCalendarYearInput {
  readonly year: number;
  readonly body: Record<string, unknown>;
}

/**
 * `GET /api/calendars`, `GET/PUT /api/calendars/:year`: the holiday tables, one per year. Anyone signed in
 * may read them (the State Council's notice is public); only the province administrator loads one.
 */
@Injectable()
export class CalendarsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly calendars: CalendarsRepository,
    private readonly holidays: HolidayCalendar,
    private readonly access: Access,
    private readonly audit: AuditLog,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<CalendarYearList> {
    return { items: (await this.calendars.list(this.transactions.none)).map(calendarYearSummary) };
  }

  async get(year: number): Promise<CalendarYearView> {
    const tx = this.transactions.none;
    const record = await this.calendars.find(tx, year);
    if (!record) throw new NotFoundError(`${year} 年的节假日安排尚未加载`);
    return calendarYearView(record, await this.calendars.daysOf(tx, year));
  }

  /**
   * Loads (or replaces) a year's table: stored with an audit row (counts before → after) and a
   * `CalendarYearLoaded` event in one transaction; then every open deadline the year touches is planned
   * again on it before the answer, which says how many.
   */
  async put(actor: Actor, input: PutCalendarYearInput): Promise<CalendarYearLoadedView> {
    const { year } = input;
    const attempt = { actor, action: 'calendar.load', targetType: 'calendar_year', targetId: String(year) };
    await this.access.requireRole(attempt, ['province_admin'], '只有省级管理员可以加载工作日历');
    const read = readNotice(year, parseOrThrow(putCalendarYearBodySchema, input.body));
    if (!read.ok) throw new ValidationError([...read.issues], '节假日安排有误，未加载');
    const { table, source } = read;
    const loadedAt = this.clock.now();
    const previous = await this.transactions.run(async (tx) => {
      await this.calendars.lockYear(tx, year);
      const before = await this.calendars.find(tx, year);
      await this.calendars.replace(tx, year, table, { source, loadedAt, loadedBy: actor.username });
      const after = { source, ...tableCounts(table) };
      const was = before && { source: before.source, daysOff: before.daysOff, workdays: before.workdays };
      await this.audit.recordDone(tx, { ...attempt, before: was, after });
      await this.outbox.append(
        tx,
        CalendarYearLoaded,
        {
          year,
          source,
          loadedAt: loadedAt.toISOString(),
          days: table.days.map((day) => ({ date: day.date, isOffDay: day.isOffDay, name: day.name })),
        },
        { aggregateId: String(year), occurredAt: loadedAt },
      );
      return was;
    });
    const replannedDeadlines = await this.holidays.loaded(year);
    return { ...(await this.get(year)), previous, replannedDeadlines };
  }
}
