import { MAX_OFFSET_MS, parseIsoOffset } from './iso-offset';
import { reminderPlanSchema } from './common';

describe('parseIsoOffset', () => {
  it.each([
    ['-PT10S', -10_000],
    ['PT0S', 0],
    ['-PT0S', 0],
    ['PT5S', 5_000],
    ['+PT1M', 60_000],
    ['-P7D', -7 * 86_400_000],
    ['-P1W', -7 * 86_400_000],
    ['P1DT2H30M', 86_400_000 + 2 * 3_600_000 + 30 * 60_000],
    ['PT1.5S', 1_500],
    ['-P366D', -MAX_OFFSET_MS],
  ])('reads %s as %d ms', (text, milliseconds) => {
    expect(parseIsoOffset(text)).toEqual({ ok: true, milliseconds });
  });

  it.each(['', 'P', 'PT', '-', 'P1DT', '10S', 'PT10', 'pt10s', 'PT10S ', 'P1.5D', 'PT-10S', '--PT1S', 'PT1.2345S'])(
    'refuses %j as no duration',
    (text) => {
      expect(parseIsoOffset(text)).toEqual({ ok: false, reason: expect.stringContaining('ISO 8601') });
    },
  );

  it.each(['P1M', '-P1Y', 'P1Y2M', 'P1M1D', '-P2MT1H'])('refuses %s: months and years have no fixed length', (text) => {
    expect(parseIsoOffset(text)).toEqual({ ok: false, reason: expect.stringContaining('年或月') });
  });

  it('refuses an offset beyond a year either way', () => {
    expect(parseIsoOffset('P367D')).toEqual({ ok: false, reason: '偏移量不能超过 366 天' });
    expect(parseIsoOffset('-PT31622401S')).toEqual({ ok: false, reason: '偏移量不能超过 366 天' });
  });
});

describe('reminderPlanSchema', () => {
  it('accepts the design’s example plan', () => {
    expect(reminderPlanSchema.parse(['-PT10S', 'PT0S', 'PT5S'])).toEqual(['-PT10S', 'PT0S', 'PT5S']);
  });

  it('names each bad offset and each repeat by its position', () => {
    const result = reminderPlanSchema.safeParse(['-PT10S', 'P1M', 'PT0S', '-PT10.0S', '-PT0S']);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['1', expect.stringContaining('年或月')],
      ['3', '与 -PT10S 指向同一时刻'],
      ['4', '与 PT0S 指向同一时刻'],
    ]);
  });

  it('refuses an empty plan and an endless one', () => {
    expect(reminderPlanSchema.safeParse([]).success).toBe(false);
    expect(reminderPlanSchema.safeParse(Array.from({ length: 21 }, (_, i) => `PT${i}S`)).success).toBe(false);
  });
});
