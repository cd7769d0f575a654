import type { AuditEntriesQuery, AuditPage } from '@duban/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

/** A page of one service's audit trail (province only), newest first. */
export const useAuditEntries = (query: AuditEntriesQuery) =>
  useQuery({
    queryKey: ['audit-entries', query] as const,
    queryFn: async () => (await unwrap(api.GET('/api/audit/entries', { params: { query } }))) as AuditPage,
    // The table keeps the last page while the next one loads, so paging does not flash.
    placeholderData: keepPreviousData,
  });

/** The regions right below `parent` (a province's cities, a city's counties). */
export const useChildRegions = (parent: string | undefined) =>
  useQuery({
    queryKey: ['regions', { parent }],
    queryFn: () => unwrap(api.GET('/api/regions', { params: { query: { parent: parent ?? '' } } })),
    enabled: parent !== undefined,
    staleTime: 10 * 60_000,
  });
