import { addDays, localDate, type LocalDate } from './local-date';

/** Every due date and reminder time in Duban is read in this zone (DESIGN rule 7). */
export const CHINA_TIME_ZONE = 'Asia/Shanghai';

/**
 * The wall clock of `zone` at an instant, as Intl reports it. All zone knowledge comes from Intl (the
 * IANA database shipped with Node and browsers): China has used +08:00 without DST since 1991, but nothing
 * here relies on that, so a historic date or another zone gets the right answer too.
 */
interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    // Pinned calendar, digits and 24-hour cycle, so the parts parse the same under any default locale.
    // An unknown zone makes this constructor throw a RangeError naming it.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/**
 * Wall clocks already read, by zone and instant: Intl's formatToParts is what every date computation here
 * costs, and planning a programme's reminders asks about the same few 09:00 instants tens of thousands of times.
 * A zone's rules do not change while the process runs (they ship with Node), so an answer stays right; the
 * cache is bounded by starting over when full.
 */
const wallClocks = new Map<string, Readonly<WallClock>>();
const instantsAtTime = new Map<string, number>();
const CACHE_ENTRIES = 50_000;

function remember<T>(cache: Map<string, T>, key: string, value: T): T {
  if (cache.size >= CACHE_ENTRIES) cache.clear();
  cache.set(key, value);
  return value;
}

function wallClockAt(instant: number, zone: string): Readonly<WallClock> {
  // By the whole second: Intl shows whole seconds, and a zone's offset changes only at whole seconds (the
  // IANA database's transitions are whole seconds), so every instant of one second reads the same; commits
  // stamped with `now` a few milliseconds apart then share one reading.
  const key = `${zone} ${Math.floor(instant / 1000)}`;
  return wallClocks.get(key) ?? remember(wallClocks, key, readWallClock(instant, zone));
}

function readWallClock(instant: number, zone: string): WallClock {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(instant)) {
    if (part.type !== 'literal') {
      fields[part.type] = Number(part.value);
    }
  }
  return {
    year: fields['year'],
    month: fields['month'],
    day: fields['day'],
    hour: fields['hour'],
    minute: fields['minute'],
    second: fields['second'],
  };
}

/** How far `zone`'s wall clock is ahead of UTC at an instant, in milliseconds (Intl's answer, not ours). */
function offsetAt(instant: number, zone: string): number {
  const wall = wallClockAt(instant, zone);
  const wallAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  // Intl shows whole seconds; compare against the instant cut to its second.
  return wallAsUtc - (instant - mod(instant, 1000));
}

function checkInstant(instant: Date): number {
  const time = instant.getTime();
  if (Number.isNaN(time)) {
    throw new RangeError('Expected a valid Date, got an Invalid Date');
  }
  return time;
}

/** The local date in `zone` at `instant`, e.g. 2023-10-07T16:00:00Z → '2023-10-08' in Asia/Shanghai. */
export function localDateOf(instant: Date, zone: string = CHINA_TIME_ZONE): LocalDate {
  const wall = wallClockAt(checkInstant(instant), zone);
  return localDate(wall.year, wall.month, wall.day);
}

/** `zone`'s wall-clock time at an instant, 'HH:mm:ss' (24-hour), with the zone's formatter built once. */
export function localTimeOf(instant: Date, zone: string = CHINA_TIME_ZONE): string {
  const wall = wallClockAt(checkInstant(instant), zone);
  return [wall.hour, wall.minute, wall.second].map((n) => String(n).padStart(2, '0')).join(':');
}

const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * The instant at which `zone`'s clocks read `time` ('HH:mm', 24-hour) on `date`; '09:00' on a working day
 * is when reminders go out. A wall time that a clock change skips has no instant and throws; one that a
 * clock change repeats resolves to the earlier instant. (Neither happens in Asia/Shanghai today.)
 */
export function atLocalTime(date: LocalDate, time: string, zone: string = CHINA_TIME_ZONE): Date {
  const key = `${zone} ${date} ${time}`;
  const known = instantsAtTime.get(key);
  // A new Date each time: callers may keep or change theirs.
  return new Date(known ?? remember(instantsAtTime, key, findInstantAtTime(date, time, zone)));
}

function findInstantAtTime(date: LocalDate, time: string, zone: string): number {
  const match = TIME_OF_DAY.exec(time);
  if (!match) {
    throw new RangeError(`Expected a time of day as HH:mm (00:00–23:59), got "${time}"`);
  }
  const [year, month, day] = [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
  const [hour, minute] = [Number(match[1]), Number(match[2])];
  const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute);
  // The offset in force at the wanted instant is one of the offsets in force within a day of it (zones
  // change offset at most once a day); try each and keep those whose wall clock reads what was asked.
  const offsets = new Set([-86_400_000, 0, 86_400_000].map((shift) => offsetAt(wallAsUtc + shift, zone)));
  const matches = [...offsets]
    .map((offset) => wallAsUtc - offset)
    .filter((instant) => {
      const wall = wallClockAt(instant, zone);
      return (
        wall.year === year && wall.month === month && wall.day === day && wall.hour === hour && wall.minute === minute
      );
    })
    .sort((a, b) => a - b);
  if (matches.length === 0) {
    throw new RangeError(`${date} ${time} does not exist in ${zone} (a clock change skips it)`);
  }
  return matches[0] as number;
}

/** The first instant of `date` in `zone` (its local midnight). */
export function startOfLocalDay(date: LocalDate, zone: string = CHINA_TIME_ZONE): Date {
  return atLocalTime(date, '00:00', zone);
}

/**
 * The instant at which a due date falls due: the END of that local day, taken as the next day's local
 * midnight (an exclusive bound). An item due on `date` is overdue from `endOfLocalDay(date)` on, i.e.
 * `now >= endOfLocalDay(date)`; at 23:59:59.999 local on the due day it is still on time.
 *
 * Using the next midnight rather than 23:59:59.999 keeps every comparison `>=` on whole instants, with no
 * millisecond left between one day's end and the next day's start.
 */
export function endOfLocalDay(date: LocalDate, zone: string = CHINA_TIME_ZONE): Date {
  return startOfLocalDay(addDays(date, 1), zone);
}

function mod(value: number, divisor: number): number {
  return ((value % divisor) + divisor) % divisor;
}
