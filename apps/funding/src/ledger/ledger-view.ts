import {
  FUNDING_SOURCES,
  fenToWan,
  type AllocationView,
  type DisbursementView,
  type ExpenditureView,
  type FundingProject,
  type FundingSource,
  type ProjectFunding,
} from '@duban/contracts';
import type { ProjectRef } from '../project-refs/project-refs.repository';
import { figuresView, tableView } from '../rollups/figures-view';
import { emptyTable, tableTotal, type Figures } from '../rollups/figures.rules';
import type { AllocationRecord, DisbursementRecord, ExpenditureRecord, LedgerLine } from './ledger.repository';

// The ledger as answers show it: money in 万元 with two places, computed from integer fen (DESIGN rule 6).

export function projectView(project: ProjectRef): FundingProject {
  return {
    projectId: project.projectId,
    programmeId: project.programmeId,
    programmeCode: project.programmeCode,
    programmeYear: project.programmeYear,
    name: project.name,
    regionCode: project.regionCode,
    regionName: project.regionName,
    cityRegionCode: project.cityRegionCode,
    cityName: project.cityName,
    provinceRegionCode: project.provinceRegionCode,
    provinceName: project.provinceName,
    population: project.population,
    populationSource: project.populationSource,
  };
}

/** A project's allocations in the order of FUNDING_SOURCES (province first, as in 附件4). */
export function allocationsView(allocations: readonly AllocationRecord[]): AllocationView[] {
  return FUNDING_SOURCES.flatMap((source) => allocations.filter((a) => a.source === source)).map((allocation) => ({
    source: allocation.source,
    amountWan: fenToWan(allocation.amountFen),
    updatedAt: allocation.updatedAt.toISOString(),
    updatedBy: allocation.updatedBy,
  }));
}

export function disbursementView(entry: DisbursementRecord): DisbursementView {
  return {
    id: entry.id,
    projectId: entry.projectId,
    source: entry.source,
    amountWan: fenToWan(entry.amountFen),
    date: entry.date,
    documentNumber: entry.documentNumber,
    recordedBy: entry.recordedBy,
    recordedByName: entry.recordedByName ?? entry.recordedBy,
    recordedAt: entry.recordedAt.toISOString(),
    reversesId: entry.reversesId,
    reversedById: entry.reversedById,
    reason: entry.reason,
  };
}

export function expenditureView(entry: ExpenditureRecord): ExpenditureView {
  return {
    id: entry.id,
    projectId: entry.projectId,
    source: entry.source,
    category: entry.category,
    amountWan: fenToWan(entry.amountFen),
    date: entry.date,
    payee: entry.payee,
    note: entry.note,
    attachmentRef: entry.attachmentRef,
    flags: [...entry.flags],
    recordedBy: entry.recordedBy,
    recordedByName: entry.recordedByName ?? entry.recordedBy,
    recordedAt: entry.recordedAt.toISOString(),
    reversesId: entry.reversesId,
    reversedById: entry.reversedById,
    reason: entry.reason,
  };
}

/** Everything a county's funding page shows, from its ledger. */
export interface ProjectLedger {
  readonly project: ProjectRef;
  readonly allocations: readonly AllocationRecord[];
  readonly disbursements: readonly DisbursementRecord[];
  readonly expenditures: readonly ExpenditureRecord[];
  /** How many disbursements and expenditures the ledger holds (the lists above are its latest). */
  readonly counts: { readonly disbursements: number; readonly expenditures: number };
  /** Its figures per source (sources with no entry have none). */
  readonly lines: readonly LedgerLine[];
}

/** `GET /api/projects/:id/funding`: the entries, the totals per source and overall, and the 附件1 money columns. */
export function projectFundingView(ledger: ProjectLedger): ProjectFunding {
  const table: Record<FundingSource, Figures> = emptyTable();
  for (const line of ledger.lines) table[line.source] = line;
  const allocated = new Map(ledger.allocations.map((allocation) => [allocation.source, allocation.amountFen]));
  const province =
    allocated.has('province_special') || allocated.has('province_employment')
      ? (allocated.get('province_special') ?? 0n) + (allocated.get('province_employment') ?? 0n)
      : null;
  const shown = (fen: bigint | null | undefined) => (fen === null || fen === undefined ? null : fenToWan(fen));
  return {
    project: projectView(ledger.project),
    allocations: allocationsView(ledger.allocations),
    disbursements: ledger.disbursements.map(disbursementView),
    expenditures: ledger.expenditures.map(expenditureView),
    disbursementCount: ledger.counts.disbursements,
    expenditureCount: ledger.counts.expenditures,
    totals: { bySource: tableView(table), all: figuresView(tableTotal(table)) },
    annex1: {
      provinceWan: shown(province),
      cityWan: shown(allocated.get('city')),
      countyWan: shown(allocated.get('county')),
    },
  };
}
