import { rollupLight, type Light } from '@duban/calendar';
import type { DashboardRow, LatestReport, MilestoneLightCounts, ReportStatusCounts } from '@duban/contracts';
import { latestFigures, type ReportFigures } from './dashboard-series-rules';
import type { RegionRef } from './dashboard.repository';

/** What the dashboard knows of one county under the programme. */
export interface CountyFacts {
  readonly county: RegionRef;
  /** Its project under the programme; null without one. */
  readonly projectId: string | null;
  /** The lights of its project's milestones (empty without a project). */
  readonly lights: readonly Light[];
  readonly latestReport: LatestReport | null;
  /** Its monthly reports that give an operating figure. */
  readonly figures: readonly ReportFigures[];
}

export function countLights(lights: readonly Light[]): MilestoneLightCounts {
  const counts: MilestoneLightCounts = { green: 0, yellow: 0, red: 0, done: 0, total: lights.length };
  for (const light of lights) counts[light] += 1;
  return counts;
}

/**
 * `part / whole` as a fraction with exactly four decimals, rounded half up, in integer arithmetic so no
 * binary float ever rounds 0.125 the wrong way: doneShare(1, 8) = '0.1250', doneShare(2, 3) = '0.6667'.
 */
export function fractionWithFourDecimals(part: number, whole: number): string {
  const tenThousandths = Math.floor((part * 20_000 + whole) / (2 * whole));
  return `${Math.floor(tenThousandths / 10_000)}.${String(tenThousandths % 10_000).padStart(4, '0')}`;
}

/**
 * One dashboard row from the counties it covers. Every count is a sum over those counties, so a region's
 * row is exactly the sum of its children's rows, and within a row the lights add up to `total` and the
 * report statuses to `countyCount`.
 */
export function rollupRow(region: RegionRef, counties: readonly CountyFacts[]): DashboardRow {
  const lights = counties.flatMap((county) => county.lights);
  const milestones = countLights(lights);
  const reports: ReportStatusCounts = { submitted: 0, returned: 0, accepted: 0, none: 0 };
  for (const county of counties) reports[county.latestReport?.status ?? 'none'] += 1;
  const single = region.level === 'county' ? counties[0] : undefined;
  return {
    region,
    countyCount: counties.length,
    projectCount: counties.filter((county) => county.projectId !== null).length,
    milestones,
    doneShare: milestones.total === 0 ? null : fractionWithFourDecimals(milestones.done, milestones.total),
    overdue: milestones.red,
    reports,
    latestReport: single?.latestReport ?? null,
    // An empty list rolls up to 'done'; a region with nothing planned shows no light rather than "all done".
    light: lights.length === 0 ? null : rollupLight(lights),
    latestFigures: latestFigures(counties.flatMap((county) => county.figures)),
    projectId: single?.projectId ?? null,
  };
}
