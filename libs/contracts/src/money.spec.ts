import fc from 'fast-check';
import { fenToWan, wanToFen } from './money';

describe('wanToFen', () => {
  it('reads the programme documents’ amounts', () => {
    expect(wanToFen('3470.00')).toBe(3_470_000_000n);
    expect(wanToFen('5850')).toBe(5_850_000_000n);
    expect(wanToFen('60.00')).toBe(60_000_000n);
  });

  it('reads one or two decimals as hundredths of a 万元', () => {
    expect(wanToFen('2.5')).toBe(2_500_000n);
    expect(wanToFen('2.50')).toBe(2_500_000n);
    expect(wanToFen('0.01')).toBe(10_000n);
    expect(wanToFen('-1.25')).toBe(-1_250_000n);
  });

  it('stays exact beyond the range of a double', () => {
    expect(wanToFen('90071992547.41')).toBe(90_071_992_547_410_000n);
  });

  it.each(['', '1.234', '1,000.00', '１２', '1e3', '.5', '5.', '+5', ' 5', 'abc', '0x10'])('refuses %p', (input) => {
    expect(() => wanToFen(input)).toThrow(RangeError);
  });
});

describe('fenToWan', () => {
  it('shows two decimals', () => {
    expect(fenToWan(9_320_000_000n)).toBe('9320.00');
    expect(fenToWan(0)).toBe('0.00');
    expect(fenToWan(10_000)).toBe('0.01');
    expect(fenToWan(-2_500_000n)).toBe('-2.50');
  });

  it('rounds half away from zero (四舍五入) and never shows -0.00', () => {
    expect(fenToWan(4_999n)).toBe('0.00');
    expect(fenToWan(5_000n)).toBe('0.01');
    expect(fenToWan(1_234_567n)).toBe('1.23');
    expect(fenToWan(-5_000n)).toBe('-0.01');
    expect(fenToWan(-4_999n)).toBe('0.00');
  });

  it('refuses a number that is not a safe integer', () => {
    expect(() => fenToWan(1.5)).toThrow(RangeError);
    expect(() => fenToWan(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
  });
});

describe('round trip', () => {
  // Any whole number of 0.01万元, however large.
  const centiwan = fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n });

  it('fen → 万元 → fen is the identity on whole hundredths of a 万元', () => {
    fc.assert(fc.property(centiwan, (c) => wanToFen(fenToWan(c * 10_000n)) === c * 10_000n));
  });

  it('万元 → fen → 万元 gives back any two-decimal string', () => {
    const wan = fc
      .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: 0, max: 99 }))
      .filter(([negative, whole, cents]) => !negative || whole > 0n || cents > 0)
      .map(([negative, whole, cents]) => `${negative ? '-' : ''}${whole}.${String(cents).padStart(2, '0')}`);
    fc.assert(fc.property(wan, (text) => fenToWan(wanToFen(text)) === text));
  });

  it('rounding moves an amount by at most half of 0.01万元', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), (fen) => {
        const shown = wanToFen(fenToWan(fen));
        const error = shown > fen ? shown - fen : fen - shown;
        return error <= 5_000n;
      }),
    );
  });
});
