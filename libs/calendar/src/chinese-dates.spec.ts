import { chineseDate, chineseMonth } from './chinese-dates';

describe('Chinese dates', () => {
  it('writes a date without leading zeros', () => {
    expect(chineseDate('2023-11-02')).toBe('2023年11月2日');
    expect(chineseDate('2026-01-31')).toBe('2026年1月31日');
  });

  it('writes a month, from the month or a date in it', () => {
    expect(chineseMonth('2023-04')).toBe('2023年4月');
    expect(chineseMonth('2023-10-25')).toBe('2023年10月');
  });
});
