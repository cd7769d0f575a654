import { FUNDING_SOURCES, type FundingSource } from '@duban/contracts';

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
