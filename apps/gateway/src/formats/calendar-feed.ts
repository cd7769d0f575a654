import ical, { ICalAlarmType, ICalCalendarMethod } from 'ical-generator';
import { addDays, parseLocalDate } from '@duban/calendar';

/** The domain of every UID in Duban's feeds: `<milestone id>@duban` stays the same for the event's life. */
export const UID_DOMAIN = 'duban';

/** When a calendar app should remind: at exact instants, or so many days before the due day. */
export type Alarms = { readonly at: readonly Date[] } | { readonly daysBefore: readonly number[] };

/** One all-day event on a due day. */
export interface DueDayEvent {
  /** Stable for the event's life (a milestone's id): an app matches updates by it. */
  readonly uid: string;
  /** Grows whenever the event changes (a milestone's version), so an app replaces its copy in place. */
  readonly sequence: number;
  readonly summary: string;
  readonly description: string;
  /** The local due day (Asia/Shanghai), YYYY-MM-DD. */
  readonly date: string;
  readonly alarms: Alarms;
  readonly url?: string;
}

/**
 * An iCalendar feed of all-day events (DTSTART;VALUE=DATE on the due day, DTEND the next day, floating
 * dates: a due day is the same day wherever the phone is), each with its reminders as VALARMs.
 */
export function renderCalendar(name: string, events: readonly DueDayEvent[], stamp: Date): string {
  const calendar = ical({
    name,
    prodId: { company: 'duban', product: 'duban-calendar', language: 'ZH' },
    method: ICalCalendarMethod.PUBLISH,
    ttl: 60 * 60,
  });
  for (const event of events) {
    const start = dayStart(event.date);
    const entry = calendar.createEvent({
      id: event.uid,
      sequence: event.sequence,
      start,
      end: dayStart(addDays(parseLocalDate(event.date), 1)),
      allDay: true,
      stamp,
      summary: event.summary,
      description: event.description,
      ...(event.url && { url: event.url }),
    });
    const triggers =
      'at' in event.alarms
        ? event.alarms.at.map((instant) => instant)
        : event.alarms.daysBefore.map((days) => days * 24 * 60 * 60);
    for (const trigger of triggers) {
      entry.createAlarm({ type: ICalAlarmType.display, trigger, description: event.summary });
    }
  }
  return calendar.toString();
}

/** The date as ical-generator writes an all-day date: from its UTC fields. */
function dayStart(date: string): Date {
  return new Date(`${date}T00:00:00.000Z`);
}
