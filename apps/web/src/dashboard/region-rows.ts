import type { StatusLightValue } from '@duban/contracts';
import type { DashboardRow, FundingRollup, FundingRow } from './dashboard-api';

/** A table line: the projects service's rollup of a region with the funding service's figures for it. */
export interface RegionLine extends DashboardRow {
  /** Null while the money is loading, or when the funding service could not answer. */
  readonly money: FundingRow['all'] | null;
}

/** Joins each row with the funding rollup's line of the same region (by code). */
export function withMoney(rows: readonly DashboardRow[], funding: FundingRollup | undefined): RegionLine[] {
  const byCode = new Map<string, FundingRow>();
  if (funding) for (const line of [funding.region, ...funding.children]) byCode.set(line.regionCode, line);
  return rows.map((row) => ({ ...row, money: byCode.get(row.region.code)?.all ?? null }));
}

/** A region is late when any of its milestones is past due and not done (a red light). */
export const isLate = (row: DashboardRow): boolean => row.overdue > 0;

const LIGHT_RANK: Readonly<Record<StatusLightValue, number>> = { red: 0, yellow: 1, green: 2, done: 3 };

/**
 * Worst first: red before yellow before green before done (no milestones last), then more overdue
 * milestones, then a smaller share done, then by code so the order is stable.
 */
export function bySeverity(a: DashboardRow, b: DashboardRow): number {
  const rank = (row: DashboardRow) => (row.light === null ? 4 : LIGHT_RANK[row.light]);
  return (
    rank(a) - rank(b) ||
    b.overdue - a.overdue ||
    (a.doneShare ?? '2').localeCompare(b.doneShare ?? '2') ||
    a.region.code.localeCompare(b.region.code)
  );
}
