import {
  addDays,
  compareLocalDates,
  daysBetween,
  epochDay,
  isLocalDate,
  isoWeekday,
  localDate,
  localDateSchema,
  parseLocalDate,
  yearOf,
} from './local-date';

const d = parseLocalDate;

describe('LocalDate', () => {
  it('accepts real days as YYYY-MM-DD only', () => {
    expect(isLocalDate('2023-10-07')).toBe(true);
    expect(isLocalDate('2024-02-29')).toBe(true);
    for (const text of [
      '2023-02-29',
      '2023-13-01',
      '2023-00-10',
      '2023-10-32',
      '2023-1-7',
      '2023-10-07T00:00:00Z',
      '',
      ' 2023-10-07',
    ]) {
      expect(isLocalDate(text)).toBe(false);
    }
  });

  it('refuses a bad date with a RangeError quoting it', () => {
    expect(() => parseLocalDate('2023-02-29')).toThrow(
      new RangeError('Expected a date as YYYY-MM-DD, got "2023-02-29"'),
    );
    expect(localDateSchema.safeParse('2023-02-29').success).toBe(false);
    expect(localDateSchema.parse('2023-02-28')).toBe('2023-02-28');
  });

  it('knows the weekday (ISO: Monday 1 … Sunday 7)', () => {
    expect(isoWeekday(d('2023-10-06'))).toBe(5);
    expect(isoWeekday(d('2023-10-07'))).toBe(6);
    expect(isoWeekday(d('2023-10-08'))).toBe(7);
    expect(isoWeekday(d('2023-10-09'))).toBe(1);
  });

  it('adds calendar days across months, years and 29 February', () => {
    expect(addDays(d('2023-12-31'), 1)).toBe('2024-01-01');
    expect(addDays(d('2024-02-28'), 1)).toBe('2024-02-29');
    expect(addDays(d('2024-03-01'), -1)).toBe('2024-02-29');
    expect(addDays(d('2023-03-01'), -1)).toBe('2023-02-28');
    expect(addDays(d('2023-10-07'), 0)).toBe('2023-10-07');
    expect(daysBetween(d('2023-01-01'), d('2024-01-01'))).toBe(365);
    expect(daysBetween(d('2024-01-01'), d('2023-01-01'))).toBe(-365);
  });

  it('reads years below 100 as such, not as 19xx', () => {
    expect(addDays(d('0099-12-31'), 1)).toBe('0100-01-01');
    expect(localDate(50, 1, 1)).toBe('0050-01-01');
  });

  it('counts epoch days as daysBetween from 1970-01-01 does, over the years 0000–9999', () => {
    expect(epochDay(d('1970-01-01'))).toBe(0);
    expect(epochDay(d('1970-01-05'))).toBe(4);
    expect(epochDay(d('1969-12-31'))).toBe(-1);
    expect(epochDay(d('2000-02-29'))).toBe(11_016);
    const origin = d('1970-01-01');
    for (let offset = -719_528; offset <= 2_932_896; offset += 997) {
      const date = addDays(origin, offset);
      expect(epochDay(date)).toBe(daysBetween(origin, date));
    }
  });

  it('orders and splits', () => {
    const dates = [d('2024-01-01'), d('2023-10-07'), d('2023-12-31')];
    expect([...dates].sort(compareLocalDates)).toEqual(['2023-10-07', '2023-12-31', '2024-01-01']);
    expect(yearOf(d('2023-10-07'))).toBe(2023);
    expect(() => localDate(2023, 2, 29)).toThrow(RangeError);
  });
});
