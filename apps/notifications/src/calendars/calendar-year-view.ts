import type { CalendarYearSummary, CalendarYearView } from '@duban/contracts';
import type { CalendarDayRecord, CalendarYearRecord } from './calendars.repository';

/** A loaded year as `GET /api/calendars` lists it. */
export function calendarYearSummary(record: CalendarYearRecord): CalendarYearSummary {
  return {
    year: record.year,
    source: record.source,
    daysOff: record.daysOff,
    workdays: record.workdays,
    loadedAt: record.loadedAt ? new Date(record.loadedAt).toISOString() : null,
    loadedBy: record.loadedBy,
  };
}

/** A loaded year with its days: `GET /api/calendars/:year`. */
export function calendarYearView(record: CalendarYearRecord, days: readonly CalendarDayRecord[]): CalendarYearView {
  const view = (day: CalendarDayRecord) => ({ date: day.date, name: day.name });
  return {
    ...calendarYearSummary(record),
    daysOff: days.filter((day) => day.isOffDay).map(view),
    workdays: days.filter((day) => !day.isOffDay).map(view),
    counts: { daysOff: record.daysOff, workdays: record.workdays },
  };
}
