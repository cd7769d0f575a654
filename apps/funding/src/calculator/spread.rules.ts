import { Rational } from './rational.rules';

/** One county to receive a share: its stable key (region code, the tie-breaker) and its weight. */
export interface SpreadCounty {
  readonly key: string;
  /** A non-negative integer: population × factor, or the factor alone for an equal spread. */
  readonly weight: bigint;
}

/** Amounts in whole units (the calculator uses 0.01万元); bounds are optional. */
export interface SpreadRule {
  readonly total: bigint;
  readonly base: bigint;
  readonly min?: bigint;
  readonly max?: bigint;
}

export type SpreadResult =
  | { readonly ok: true; readonly amounts: ReadonlyMap<string, bigint> }
  | {
      readonly ok: false;
      readonly field: 'totalWan' | 'baseWan' | 'minWan' | 'maxWan' | 'weighting';
      readonly reason: string;
    };

/**
 * Spreads `total` units over the counties: each gets clamp(base + λ·weight, min, max) for the one λ ≥ 0 at
 * which these add up to `total` (found exactly, as a fraction), then each share is rounded down to a whole
 * unit and the units left over go one each to the largest remainders (ties by key). So the amounts always
 * add up to `total`, and each stays within min…max. When no λ ≥ 0 can reach `total` the rule is refused,
 * with the field to change and why; the reason quotes amounts through `show` (units → text).
 */
export function spread(
  counties: readonly SpreadCounty[],
  rule: SpreadRule,
  show: (units: bigint) => string,
): SpreadResult {
  const { total, base } = rule;
  const low = rule.min ?? 0n;
  const high = rule.max;
  if (high !== undefined && low > high) {
    return { ok: false, field: 'minWan', reason: `下限 ${show(low)} 高于上限 ${show(high)}` };
  }
  if (counties.length === 0) {
    return total === 0n ? { ok: true, amounts: new Map() } : { ok: false, field: 'totalWan', reason: '没有可分配的县' };
  }
  const n = BigInt(counties.length);
  const clamp = (value: Rational): Rational => {
    if (value.cmp(Rational.of(low)) < 0) return Rational.of(low);
    if (high !== undefined && value.cmp(Rational.of(high)) > 0) return Rational.of(high);
    return value;
  };
  const at = (lambda: Rational) =>
    counties.map((county) => clamp(Rational.of(base).add(lambda.mul(Rational.of(county.weight)))));
  const sum = (values: readonly Rational[]) => values.reduce((acc, value) => acc.add(value), Rational.of(0n));
  const target = Rational.of(total);

  const atZero = sum(at(Rational.of(0n)));
  if (atZero.cmp(target) > 0) {
    const field = base > low ? 'baseWan' : 'minWan';
    return {
      ok: false,
      field,
      reason: `${n} 个县每县至少 ${show(base > low ? base : low)}，合计 ${show(atZero.floor())} 已超过可分配的 ${show(total)}`,
    };
  }
  const weighted = counties.filter((county) => county.weight > 0n);
  const totalWeight = weighted.reduce((acc, county) => acc + county.weight, 0n);
  if (high !== undefined) {
    const ceiling = counties.reduce((acc, county) => {
      const stuck = county.weight > 0n ? high : clamp(Rational.of(base)).floor();
      return acc + stuck;
    }, 0n);
    if (ceiling < total) {
      return {
        ok: false,
        field: 'maxWan',
        reason: `即使每县都取上限 ${show(high)}，${n} 个县合计 ${show(ceiling)}，仍不足可分配的 ${show(total)}`,
      };
    }
  }
  if (totalWeight === 0n && atZero.cmp(target) < 0) {
    return { ok: false, field: 'weighting', reason: '所有县的权重都是 0，无法按权重分配余额' };
  }

  // f(λ) is continuous, non-decreasing and linear between the points where a county reaches its bound.
  const points = [Rational.of(0n)];
  for (const county of weighted) {
    const w = Rational.of(county.weight);
    if (low > base) points.push(Rational.of(low - base).div(w));
    if (high !== undefined && high > base) points.push(Rational.of(high - base).div(w));
  }
  points.sort((a, b) => a.cmp(b));
  let lambda: Rational | undefined;
  let previous = points[0];
  let previousSum = atZero;
  if (atZero.cmp(target) === 0) lambda = previous;
  for (const point of points.slice(1)) {
    if (lambda) break;
    if (point.cmp(previous) === 0) continue;
    const pointSum = sum(at(point));
    if (pointSum.cmp(target) >= 0) {
      // Linear on [previous, point]: interpolate exactly.
      lambda = previous.add(target.sub(previousSum).mul(point.sub(previous)).div(pointSum.sub(previousSum)));
    }
    previous = point;
    previousSum = pointSum;
  }
  // Past every bound point with no maximum: every weighted county grows freely.
  lambda ??= previous.add(target.sub(previousSum).div(Rational.of(totalWeight)));

  const shares = at(lambda);
  const floors = shares.map((share) => share.floor());
  let left = total - floors.reduce((acc, value) => acc + value, 0n);
  const order = counties
    .map((county, index) => ({ index, key: county.key, remainder: shares[index].sub(Rational.of(floors[index])) }))
    .sort((a, b) => b.remainder.cmp(a.remainder) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const { index } of order) {
    if (left <= 0n) break;
    floors[index] += 1n;
    left -= 1n;
  }
  return { ok: true, amounts: new Map(counties.map((county, index) => [county.key, floors[index]])) };
}
