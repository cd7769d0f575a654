import { FUNDING_SOURCES, fenToWan, type FundingFigures, type SourceFigures } from '@duban/contracts';
import type { Figures, SourceTable } from './figures.rules';

/**
 * spent / allocated as a decimal with four places, rounded half up ("0.2500"); null when nothing is allocated.
 * Integer arithmetic only.
 */
export function executionRate(spent: bigint, allocated: bigint): string | null {
  if (allocated <= 0n) return null;
  const scaled = (spent * 20_000n + allocated) / (2n * allocated);
  return `${scaled / 10_000n}.${(scaled % 10_000n).toString().padStart(4, '0')}`;
}

/** Figures as answers show them: 万元 with two places, and the execution rate. */
export function figuresView(figures: Figures): FundingFigures {
  return {
    allocatedWan: fenToWan(figures.allocated),
    disbursedWan: fenToWan(figures.disbursed),
    spentWan: fenToWan(figures.spent),
    executionRate: executionRate(figures.spent, figures.allocated),
  };
}

/** One line per source, in the order of FUNDING_SOURCES (province first, as in 附件4). */
export function tableView(table: SourceTable): SourceFigures[] {
  return FUNDING_SOURCES.map((source) => ({ source, ...figuresView(table[source]) }));
}
