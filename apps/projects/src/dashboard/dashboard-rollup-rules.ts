import { rollupLight, type Light } from '@duban/calendar';
import type {
  DashboardRow,
  LatestFigures,
  LatestReport,
  MilestoneLightCounts,
  ReportStatusCounts,
} from '@duban/contracts';
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

/** What a dashboard row is made of, however it was counted (from county facts or from the read model). */
export interface RowCounts {
  readonly countyCount: number;
  readonly projectCount: number;
  /** Milestones by light. */
  readonly lights: ReadonlyMap<Light, number>;
  /** Counties by their latest report's status (the others count as `none`). */
  readonly reported: Readonly<Partial<Record<LatestReport['status'], number>>>;
  readonly latestFigures: LatestFigures | null;
  /** For a county: its latest report and project. */
  readonly latestReport: LatestReport | null;
  readonly projectId: string | null;
}

/**
 * One dashboard row. Every count is a sum over the counties covered, so a region's row is exactly the sum of
 * its children's rows, and within a row the lights add up to `total` and the report statuses to `countyCount`.
 */
export function dashboardRow(region: RegionRef, counts: RowCounts): DashboardRow {
  const milestones: MilestoneLightCounts = { green: 0, yellow: 0, red: 0, done: 0, total: 0 };
  for (const [light, n] of counts.lights) {
    milestones[light] += n;
    milestones.total += n;
  }
  const reports: ReportStatusCounts = { submitted: 0, returned: 0, accepted: 0, none: counts.countyCount };
  for (const [status, n] of Object.entries(counts.reported) as [LatestReport['status'], number][]) {
    reports[status] += n;
    reports.none -= n;
  }
  const present = [...counts.lights].filter(([, n]) => n > 0).map(([light]) => light);
  return {
    region,
    countyCount: counts.countyCount,
    projectCount: counts.projectCount,
    milestones,
    doneShare: milestones.total === 0 ? null : fractionWithFourDecimals(milestones.done, milestones.total),
    overdue: milestones.red,
    reports,
    latestReport: counts.latestReport,
    // An empty list rolls up to 'done'; a region with nothing planned shows no light rather than "all done".
    light: present.length === 0 ? null : rollupLight(present),
    latestFigures: counts.latestFigures,
    projectId: counts.projectId,
  };
}

/** One dashboard row from the counties it covers. */
export function rollupRow(region: RegionRef, counties: readonly CountyFacts[]): DashboardRow {
  const lights = new Map<Light, number>();
  for (const light of counties.flatMap((county) => county.lights)) lights.set(light, (lights.get(light) ?? 0) + 1);
  const reported: Partial<Record<LatestReport['status'], number>> = {};
  for (const county of counties) {
    const status = county.latestReport?.status;
    if (status) reported[status] = (reported[status] ?? 0) + 1;
  }
  const single = region.level === 'county' ? counties[0] : undefined;
  return dashboardRow(region, {
    countyCount: counties.length,
    projectCount: counties.filter((county) => county.projectId !== null).length,
    lights,
    reported,
    latestFigures: latestFigures(counties.flatMap((county) => county.figures)),
    latestReport: single?.latestReport ?? null,
    projectId: single?.projectId ?? null,
  });
}
