import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

/**
 * The dashboard's reads: where each child region stands (projects service) and its money (funding
 * service). They are two services, so the page joins them by region code and shows either without the other.
 */
const fetchDashboard = (region: string) => unwrap(api.GET('/api/dashboard', { params: { query: { region } } }));
const fetchFundingRollup = (region: string, programme: string) =>
  unwrap(api.GET('/api/funding/rollup', { params: { query: { region, programme } } }));

export type Dashboard = Awaited<ReturnType<typeof fetchDashboard>>;
export type DashboardRow = Dashboard['total'];
export type DashboardRegion = Dashboard['region'];
export type DashboardMonth = Dashboard['series'][number];
export type FundingRollup = Awaited<ReturnType<typeof fetchFundingRollup>>;
export type FundingRow = FundingRollup['region'];

export const dashboardKeys = {
  dashboard: (region: string) => ['dashboard', region] as const,
  fundingRollup: (region: string, programme: string) => ['funding-rollup', region, programme] as const,
};

export const useDashboard = (region: string) =>
  useQuery({ queryKey: dashboardKeys.dashboard(region), queryFn: () => fetchDashboard(region) });

/** The same programme's money for the region; not asked until the dashboard has named the programme. */
export const useFundingRollup = (region: string, programme: string | undefined) =>
  useQuery({
    queryKey: dashboardKeys.fundingRollup(region, programme ?? ''),
    queryFn: () => fetchFundingRollup(region, programme as string),
    enabled: programme !== undefined,
  });
