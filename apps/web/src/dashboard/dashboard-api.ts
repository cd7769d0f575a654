import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

/**
 * The dashboard's reads: where each child region stands (projects service) and its money (funding
 * service). They are two services, so the page joins them by region code and shows either without the other.
 */
const fetchDashboard = (region: string, programmeId?: string) =>
  unwrap(api.GET('/api/dashboard', { params: { query: programmeId ? { region, programmeId } : { region } } }));
const fetchFundingRollup = (region: string, programme: string) =>
  unwrap(api.GET('/api/funding/rollup', { params: { query: { region, programme } } }));

export type Dashboard = Awaited<ReturnType<typeof fetchDashboard>>;
export type DashboardRow = Dashboard['total'];
export type DashboardRegion = Dashboard['region'];
export type DashboardMonth = Dashboard['series'][number];
export type FundingRollup = Awaited<ReturnType<typeof fetchFundingRollup>>;
export type FundingRow = FundingRollup['region'];

export const dashboardKeys = {
  dashboard: (region: string, programmeId?: string) => ['dashboard', region, programmeId ?? null] as const,
  fundingRollup: (region: string, programme: string) => ['funding-rollup', region, programme] as const,
};

/** The region's dashboard for a programme (the one chosen in the header), else for its newest programme. */
export const useDashboard = (region: string, programmeId?: string, options: { enabled?: boolean } = {}) =>
  useQuery({
    queryKey: dashboardKeys.dashboard(region, programmeId),
    queryFn: () => fetchDashboard(region, programmeId),
    enabled: options.enabled ?? true,
  });

/** The same programme's money for the region; not asked until the dashboard has named the programme. */
export const useFundingRollup = (region: string, programme: string | undefined) =>
  useQuery({
    queryKey: dashboardKeys.fundingRollup(region, programme ?? ''),
    queryFn: () => fetchFundingRollup(region, programme as string),
    enabled: programme !== undefined,
  });
