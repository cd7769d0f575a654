/** The p-th percentile (nearest rank) of the values. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Of rounds of a throughput, the one that carried most (rounds alternating with a floor's: the best of each). */
export function bestRound<T extends { readonly perSecond: number }>(rounds: readonly T[]): T {
  return rounds.reduce((top, each) => (each.perSecond > top.perSecond ? each : top));
}

/** The median of rounds' throughputs. */
export function medianPerSecond(rounds: readonly { readonly perSecond: number }[]): number {
  return percentile(
    rounds.map((each) => each.perSecond),
    50,
  );
}
