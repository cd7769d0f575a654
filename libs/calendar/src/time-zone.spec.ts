import { parseLocalDate } from './local-date';
import { atLocalTime, endOfLocalDay, localDateOf, localTimeOf, startOfLocalDay } from './time-zone';

const d = parseLocalDate;

describe('localDateOf', () => {
  it('reads the date in Asia/Shanghai by default, which turns at 16:00 UTC', () => {
    expect(localDateOf(new Date('2023-10-07T15:59:59.999Z'))).toBe('2023-10-07');
    expect(localDateOf(new Date('2023-10-07T16:00:00.000Z'))).toBe('2023-10-08');
  });

  it('reads any IANA zone', () => {
    expect(localDateOf(new Date('2023-01-01T03:00:00Z'), 'America/New_York')).toBe('2022-12-31');
    expect(localDateOf(new Date('2023-01-01T03:00:00Z'), 'UTC')).toBe('2023-01-01');
  });

  it('refuses an Invalid Date and an unknown zone', () => {
    expect(() => localDateOf(new Date('nonsense'))).toThrow(RangeError);
    expect(() => localDateOf(new Date(), 'Asia/Nowhere')).toThrow(RangeError);
  });
});

describe('wall clocks read once per second', () => {
  it('answers every instant of a second as Intl does, whichever of its milliseconds was read first', () => {
    const intl = (instant: number, zone: string): string =>
      new Intl.DateTimeFormat('en-CA', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      })
        .format(instant)
        .replace(', ', 'T');
    // Around the end of a Shanghai day, a New York clock change (2024-03-10 07:00 UTC), and before 1970.
    const seconds = [
      Date.UTC(2023, 2, 31, 15, 59, 59),
      Date.UTC(2024, 2, 10, 6, 59, 59),
      Date.UTC(1969, 11, 31, 15, 59, 59),
    ];
    for (const zone of ['Asia/Shanghai', 'America/New_York']) {
      for (const second of seconds) {
        for (const offset of [999, 0, 500, 1000, 1999, 2000, -1, -1000]) {
          const instant = new Date(second + offset);
          const [date, time] = intl(second + offset, zone).split('T');
          expect(`${localDateOf(instant, zone)}T${localTimeOf(instant, zone)}`).toBe(`${date}T${time}`);
        }
      }
    }
  });
});

describe('localTimeOf', () => {
  it('reads the 24-hour wall clock with seconds, midnight as 00:00:00, in any zone', () => {
    expect(localTimeOf(new Date('2023-10-25T01:00:00Z'))).toBe('09:00:00');
    expect(localTimeOf(new Date('2023-10-07T16:00:00.000Z'))).toBe('00:00:00');
    expect(localTimeOf(new Date('2023-10-07T15:59:59.999Z'))).toBe('23:59:59');
    expect(localTimeOf(new Date('2023-01-01T03:04:05Z'), 'America/New_York')).toBe('22:04:05');
  });
});

describe('atLocalTime', () => {
  it('gives the instant of a wall time in Asia/Shanghai', () => {
    expect(atLocalTime(d('2023-10-09'), '09:00').toISOString()).toBe('2023-10-09T01:00:00.000Z');
    expect(startOfLocalDay(d('2023-10-09')).toISOString()).toBe('2023-10-08T16:00:00.000Z');
  });

  it('takes the offset from Intl, not a constant: China kept summer time in 1986–1991', () => {
    expect(atLocalTime(d('1988-07-01'), '09:00').toISOString()).toBe('1988-07-01T00:00:00.000Z');
    expect(atLocalTime(d('1988-12-01'), '09:00').toISOString()).toBe('1988-12-01T01:00:00.000Z');
  });

  it('refuses a wall time a clock change skips, and takes the earlier of a repeated one', () => {
    expect(() => atLocalTime(d('2023-03-12'), '02:30', 'America/New_York')).toThrow(
      /does not exist in America\/New_York/,
    );
    expect(atLocalTime(d('2023-11-05'), '01:30', 'America/New_York').toISOString()).toBe('2023-11-05T05:30:00.000Z');
  });

  it('refuses a malformed time of day', () => {
    for (const time of ['9:00', '24:00', '09:60', '09:00:00', '']) {
      expect(() => atLocalTime(d('2023-10-09'), time)).toThrow(RangeError);
    }
  });
});

describe('endOfLocalDay', () => {
  it('is the next local midnight: the first instant at which the due date is past', () => {
    expect(endOfLocalDay(d('2023-10-31')).toISOString()).toBe('2023-10-31T16:00:00.000Z');
    expect(endOfLocalDay(d('2023-12-31')).toISOString()).toBe('2023-12-31T16:00:00.000Z');
    expect(localDateOf(endOfLocalDay(d('2023-10-31')))).toBe('2023-11-01');
    expect(localDateOf(new Date(endOfLocalDay(d('2023-10-31')).getTime() - 1))).toBe('2023-10-31');
  });
});
