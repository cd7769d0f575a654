import fc from 'fast-check';
import { spread, type SpreadCounty, type SpreadRule } from './spread.rules';

const show = (units: bigint) => `${units}`;
const county = (key: string, weight: number): SpreadCounty => ({ key, weight: BigInt(weight) });

const countiesArb = fc
  .array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 40 })
  .map((weights) => weights.map((weight, index) => county(`14${String(index).padStart(4, '0')}`, weight)));

describe('spread (allocation calculator core)', () => {
  it('always adds up to the total exactly and respects min and max, or refuses with a field and a reason', () => {
    fc.assert(
      fc.property(
        countiesArb,
        fc.bigInt({ min: 0n, max: 1_000_000n }),
        fc.bigInt({ min: 0n, max: 2_000n }),
        fc.option(fc.bigInt({ min: 0n, max: 3_000n }), { nil: undefined }),
        fc.option(fc.bigInt({ min: 0n, max: 50_000n }), { nil: undefined }),
        (counties, total, base, min, max) => {
          const rule: SpreadRule = { total, base, min, max };
          const result = spread(counties, rule, show);
          if (!result.ok) {
            expect(['totalWan', 'baseWan', 'minWan', 'maxWan', 'weighting']).toContain(result.field);
            expect(result.reason.length).toBeGreaterThan(0);
            return;
          }
          const amounts = [...result.amounts.values()];
          expect(amounts).toHaveLength(counties.length);
          expect(amounts.reduce((a, b) => a + b, 0n)).toBe(total);
          for (const amount of amounts) {
            expect(amount).toBeGreaterThanOrEqual(min ?? 0n);
            if (max !== undefined) expect(amount).toBeLessThanOrEqual(max);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses only what no rule of this shape could meet', () => {
    fc.assert(
      fc.property(
        countiesArb,
        fc.bigInt({ min: 0n, max: 1_000_000n }),
        fc.bigInt({ min: 0n, max: 3_000n }),
        fc.bigInt({ min: 0n, max: 50_000n }),
        (counties, total, min, max) => {
          const result = spread(counties, { total, base: 0n, min, max }, show);
          const n = BigInt(counties.length);
          // A county of weight 0 gets no share: it stays at the minimum, so only weighted ones can reach the maximum.
          const weighted = BigInt(counties.filter((c) => c.weight > 0n).length);
          const ceiling = weighted * max + (n - weighted) * min;
          const feasible = min <= max && n * min <= total && ceiling >= total;
          expect(result.ok).toBe(feasible);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('follows the weights: a heavier county never gets less than a lighter one', () => {
    fc.assert(
      fc.property(countiesArb, fc.bigInt({ min: 0n, max: 1_000_000n }), (counties, total) => {
        const result = spread(counties, { total, base: 0n }, show);
        if (!result.ok) return;
        const sorted = [...counties].sort((a, b) => (a.weight < b.weight ? -1 : a.weight > b.weight ? 1 : 0));
        for (let i = 1; i < sorted.length; i++) {
          // Rounding may move one unit either way between two counties of nearly equal shares.
          const lighter = result.amounts.get(sorted[i - 1].key) as bigint;
          const heavier = result.amounts.get(sorted[i].key) as bigint;
          expect(heavier + 1n).toBeGreaterThanOrEqual(lighter);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('spreads by base plus population share, exactly, with largest remainders', () => {
    // 100 units: base 10 each (30), 70 by weight 1:2:4 → 10, 20, 40 → 20, 30, 50.
    const result = spread([county('a', 1), county('b', 2), county('c', 4)], { total: 100n, base: 10n }, show);
    expect(result).toEqual({
      ok: true,
      amounts: new Map([
        ['a', 20n],
        ['b', 30n],
        ['c', 50n],
      ]),
    });
    // 10 units over three equal weights: 3.33… each, the one unit left goes to the first key.
    const equal = spread([county('b', 1), county('a', 1), county('c', 1)], { total: 10n, base: 0n }, show);
    expect(equal).toEqual({
      ok: true,
      amounts: new Map([
        ['b', 3n],
        ['a', 4n],
        ['c', 3n],
      ]),
    });
  });

  it('holds counties at their bounds and gives the rest to the others', () => {
    const result = spread(
      [county('small', 1), county('mid', 10), county('big', 1000)],
      { total: 300n, base: 0n, min: 50n, max: 150n },
      show,
    );
    expect(result).toEqual({
      ok: true,
      amounts: new Map([
        ['small', 50n],
        ['mid', 100n],
        ['big', 150n],
      ]),
    });
  });

  it('refuses infeasible rules with the field to change and the amounts', () => {
    const three = [county('a', 1), county('b', 1), county('c', 1)];
    expect(spread(three, { total: 100n, base: 0n, max: 30n }, show)).toEqual({
      ok: false,
      field: 'maxWan',
      reason: '即使每县都取上限 30，3 个县合计 90，仍不足可分配的 100',
    });
    expect(spread(three, { total: 100n, base: 40n }, show)).toMatchObject({ ok: false, field: 'baseWan' });
    expect(spread(three, { total: 100n, base: 0n, min: 40n }, show)).toMatchObject({ ok: false, field: 'minWan' });
    expect(spread(three, { total: 100n, base: 0n, min: 40n, max: 30n }, show)).toMatchObject({
      ok: false,
      field: 'minWan',
    });
    expect(spread([county('a', 0)], { total: 5n, base: 0n }, show)).toMatchObject({ ok: false, field: 'weighting' });
  });
});
