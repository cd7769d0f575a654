import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CalculatorRuleInput, FundingSource } from '@duban/contracts';
import { api, unwrap } from '../api/client';
import { countyKeys } from '../county/county-api';

/** Keys of the region-wide money views: one invalidation of ['funding'] refreshes them all. */
export const fundingKeys = {
  all: ['funding'] as const,
  annex4: (region: string, programme: string | undefined) => ['funding', 'annex4', region, programme] as const,
  budgets: (programme: string) => ['funding', 'budgets', programme] as const,
  flagged: (region: string, programme: string | undefined) => ['funding', 'flagged', region, programme] as const,
};

const fetchAnnex4 = (region: string, programme: string | undefined) =>
  unwrap(api.GET('/api/funding/annex4', { params: { query: { region, ...(programme ? { programme } : {}) } } }));
const fetchBudgets = (programme: string) =>
  unwrap(api.GET('/api/funding/budgets', { params: { query: { programme } } }));

const fetchFlagged = (region: string, programme: string | undefined) =>
  unwrap(
    api.GET('/api/funding/flagged-expenditures', {
      params: { query: { region, ...(programme ? { programme } : {}) } },
    }),
  );

export type FlaggedExpenditure = Awaited<ReturnType<typeof fetchFlagged>>['items'][number];

export const useFlaggedExpenditures = (region: string, programme: string | undefined) =>
  useQuery({ queryKey: fundingKeys.flagged(region, programme), queryFn: () => fetchFlagged(region, programme) });

export type Annex4 = Awaited<ReturnType<typeof fetchAnnex4>>;
export type Annex4Row = Annex4['rows'][number];
export type ProgrammeBudget = Awaited<ReturnType<typeof fetchBudgets>>;
export type BudgetLine = ProgrammeBudget['lines'][number];

export const useAnnex4 = (region: string, programme: string | undefined) =>
  useQuery({ queryKey: fundingKeys.annex4(region, programme), queryFn: () => fetchAnnex4(region, programme) });

export const useBudgets = (programme: string) =>
  useQuery({ queryKey: fundingKeys.budgets(programme), queryFn: () => fetchBudgets(programme) });

/** Sets the named sources' budgets (province); the others stay. */
export function useSetBudgets(programmeCode: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (budgets: { source: FundingSource; amountWan: string }[]) =>
      unwrap(api.PUT('/api/funding/budgets', { body: { programmeCode, budgets } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: fundingKeys.all }),
  });
}

/** What the calculator would allocate: writes nothing. */
export const usePreviewCalculator = () =>
  useMutation({
    mutationFn: (rule: CalculatorRuleInput) => unwrap(api.POST('/api/funding/calculator/preview', { body: rule })),
  });

/** Writes the calculator's allocation: every region view and every county's funding changes. */
export function useCommitCalculator() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (rule: CalculatorRuleInput) => unwrap(api.POST('/api/funding/calculator/commit', { body: rule })),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: fundingKeys.all }),
        queryClient.invalidateQueries({ queryKey: ['project'] }),
      ]),
  });
}

/** A reversal (冲销) of one ledger entry, with why; the original stays as it was. */
export function useReverseEntry(projectId: string, kind: 'expenditure' | 'disbursement') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, reason }: { id: string; reason: string }): Promise<{ id: string }> =>
      kind === 'expenditure'
        ? unwrap(api.POST('/api/expenditures/{id}/reverse', { params: { path: { id } }, body: { reason } }))
        : unwrap(api.POST('/api/disbursements/{id}/reverse', { params: { path: { id } }, body: { reason } })),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: countyKeys.funding(projectId) }),
        queryClient.invalidateQueries({ queryKey: fundingKeys.all }),
      ]),
  });
}

/** 拨付: money paid out to the county under a document number. */
export function useRecordDisbursement(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { date: string; amountWan: string; source: FundingSource; documentNumber: string }) =>
      unwrap(api.POST('/api/projects/{id}/disbursements', { params: { path: { id: projectId } }, body })),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: countyKeys.funding(projectId) }),
        queryClient.invalidateQueries({ queryKey: fundingKeys.all }),
      ]),
  });
}

/** Sets one county's allocation per named source (province). */
export function useSetAllocations(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (allocations: { source: FundingSource; amountWan: string }[]) =>
      unwrap(api.PUT('/api/projects/{id}/allocations', { params: { path: { id: projectId } }, body: { allocations } })),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: countyKeys.funding(projectId) }),
        queryClient.invalidateQueries({ queryKey: fundingKeys.all }),
      ]),
  });
}
