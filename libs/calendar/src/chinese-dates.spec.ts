import { chineseDate, chineseDateTime, chineseMonth } from './chinese-dates';

describe('Chinese dates', () => {
  it('writes a date without leading zeros', () => {
    expect(chineseDate('2023-11-02')).toBe('2023年11月2日');
    expect(chineseDate('2026-01-31')).toBe('2026年1月31日');
  });

  it('writes a month, from the month or a date in it', () => {
    expect(chineseMonth('2023-04')).toBe('2023年4月');
    expect(chineseMonth('2023-10-25')).toBe('2023年10月');
  });

  it('writes an instant to the minute on the zone’s clocks, Beijing time unless told', () => {
    expect(chineseDateTime(new Date('2026-12-05T01:30:59Z'))).toBe('2026年12月5日 09:30');
    expect(chineseDateTime(new Date('2023-04-30T16:05:00Z'))).toBe('2023年5月1日 00:05');
    expect(chineseDateTime(new Date('2023-04-30T16:05:00Z'), 'UTC')).toBe('2023年4月30日 16:05');
    // Asked again for the same instant (the last one is kept), in another zone: not the kept text.
    expect(chineseDateTime(new Date('2023-04-30T16:05:00Z'), 'Asia/Shanghai')).toBe('2023年5月1日 00:05');
  });
});
