import {
  FUNDING_SOURCES,
  fenToWan,
  type FundingFigures,
  type FundingSource,
  type SourceFigures,
} from '@duban/contracts';

/** Allocated, disbursed and spent, in fen. */
export interface Figures {
  readonly allocated: bigint;
  readonly disbursed: bigint;
  readonly spent: bigint;
}

export type SourceTable = Readonly<Record<FundingSource, Figures>>;

export const ZERO: Figures = { allocated: 0n, disbursed: 0n, spent: 0n };

export function emptyTable(): Record<FundingSource, Figures> {
  return Object.fromEntries(FUNDING_SOURCES.map((source) => [source, ZERO])) as Record<FundingSource, Figures>;
}

export function addFigures(a: Figures, b: Figures): Figures {
  return { allocated: a.allocated + b.allocated, disbursed: a.disbursed + b.disbursed, spent: a.spent + b.spent };
}

export function addTables(a: SourceTable, b: SourceTable): SourceTable {
  return Object.fromEntries(FUNDING_SOURCES.map((source) => [source, addFigures(a[source], b[source])])) as SourceTable;
}

export function tableTotal(table: SourceTable): Figures {
  return FUNDING_SOURCES.reduce((acc, source) => addFigures(acc, table[source]), ZERO);
}

/**
 * spent / allocated as a decimal with four places, rounded half up ("0.2500"); null when nothing is allocated.
 * Integer arithmetic only.
 */
export function executionRate(spent: bigint, allocated: bigint): string | null {
  if (allocated <= 0n) return null;
  const scaled = (spent * 20_000n + allocated) / (2n * allocated);
  return `${scaled / 10_000n}.${(scaled % 10_000n).toString().padStart(4, '0')}`;
}

export function figuresView(figures: Figures): FundingFigures {
  return {
    allocatedWan: fenToWan(figures.allocated),
    disbursedWan: fenToWan(figures.disbursed),
    spentWan: fenToWan(figures.spent),
    executionRate: executionRate(figures.spent, figures.allocated),
  };
}

export function tableView(table: SourceTable): SourceFigures[] {
  return FUNDING_SOURCES.map((source) => ({ source, ...figuresView(table[source]) }));
}
