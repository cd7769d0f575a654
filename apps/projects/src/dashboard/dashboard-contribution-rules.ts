import type { Light } from '@duban/calendar';
import type { LatestReport, MilestoneStatus, OperatingFigureSums } from '@duban/contracts';
import type { ReportFigures } from './dashboard-series-rules';
import { monthOf } from './dashboard-series-rules';

/**
 * What one project adds to the dashboard read model, as buckets that sum over counties (so a region's
 * rollup is the sum of its counties' buckets, and an event is applied as the difference between a
 * project's buckets before and after):
 *   project ''        1 per project
 *   open    due key   open milestones by deadline ('d:YYYY-MM-DD' or 'a:<ISO instant>'); lights are computed
 *                     from the key at read time, since they move with the clock, not with events
 *   done    month     done milestones by the month they were completed ('' when no completion time is known)
 *   due     month     every milestone by the month it falls due (the plan)
 *   report  status    the project's latest report by its status
 *   figures month     reports giving an operating figure: 1 per report and the sums of each figure given
 */
export type BucketKind = 'project' | 'open' | 'done' | 'due' | 'report' | 'figures';

export interface Bucket {
  readonly kind: BucketKind;
  readonly key: string;
  readonly n: number;
  readonly gigJobsOffered: number;
  readonly gigJobsOfferedN: number;
  readonly gigWorkerVisits: number;
  readonly gigWorkerVisitsN: number;
  readonly placements: number;
  readonly placementsN: number;
}

export interface ContributingMilestone {
  readonly dueDate: string | null;
  readonly dueAt: Date | null;
  readonly status: MilestoneStatus;
  readonly completedAt: Date | null;
}

const FIGURES = ['gigJobsOffered', 'gigWorkerVisits', 'placements'] as const;

const EMPTY = {
  n: 0,
  gigJobsOffered: 0,
  gigJobsOfferedN: 0,
  gigWorkerVisits: 0,
  gigWorkerVisitsN: 0,
  placements: 0,
  placementsN: 0,
};

type Counts = Omit<Bucket, 'kind' | 'key'>;

/** A milestone's deadline as a bucket key; the inverse is `dueOfKey`. */
export function dueKey(milestone: Pick<ContributingMilestone, 'dueDate' | 'dueAt'>): string {
  return milestone.dueDate !== null ? `d:${milestone.dueDate}` : `a:${(milestone.dueAt as Date).toISOString()}`;
}

export function dueOfKey(key: string): { dueDate: string | null; dueAt: Date | null } {
  return key.startsWith('d:')
    ? { dueDate: key.slice(2), dueAt: null }
    : { dueDate: null, dueAt: new Date(key.slice(2)) };
}

function dueMonth(milestone: ContributingMilestone): string {
  return milestone.dueDate !== null ? milestone.dueDate.slice(0, 7) : monthOf(milestone.dueAt as Date);
}

/** One project's buckets from its milestones, its latest report and its reports' operating figures. */
export function projectBuckets(
  milestones: readonly ContributingMilestone[],
  latestReport: Pick<LatestReport, 'status'> | null,
  figures: readonly ReportFigures[],
): Bucket[] {
  const buckets = new Map<string, Bucket>();
  const add = (kind: BucketKind, key: string, counts: Partial<Counts> = { n: 1 }) => {
    const id = `${kind}\u0000${key}`;
    const before = buckets.get(id) ?? { kind, key, ...EMPTY };
    buckets.set(id, sumCounts(before, { ...EMPTY, ...counts }));
  };
  add('project', '');
  for (const milestone of milestones) {
    add('due', dueMonth(milestone));
    if (milestone.status === 'done') add('done', milestone.completedAt ? monthOf(milestone.completedAt) : '');
    else add('open', dueKey(milestone));
  }
  if (latestReport) add('report', latestReport.status);
  for (const report of figures) {
    const counts: Partial<Record<keyof Counts, number>> = { n: 1 };
    for (const figure of FIGURES) {
      const value = report[figure];
      if (value === null) continue;
      counts[figure] = value;
      counts[`${figure}N`] = 1;
    }
    add('figures', report.month, counts);
  }
  return [...buckets.values()];
}

function sumCounts<T extends Counts>(a: T, b: Counts, sign = 1): T {
  return {
    ...a,
    n: a.n + sign * b.n,
    gigJobsOffered: a.gigJobsOffered + sign * b.gigJobsOffered,
    gigJobsOfferedN: a.gigJobsOfferedN + sign * b.gigJobsOfferedN,
    gigWorkerVisits: a.gigWorkerVisits + sign * b.gigWorkerVisits,
    gigWorkerVisitsN: a.gigWorkerVisitsN + sign * b.gigWorkerVisitsN,
    placements: a.placements + sign * b.placements,
    placementsN: a.placementsN + sign * b.placementsN,
  };
}

function isZero(counts: Counts): boolean {
  return Object.values(EMPTY).length > 0 && (Object.keys(EMPTY) as (keyof Counts)[]).every((k) => counts[k] === 0);
}

/** `after − before`, bucket by bucket, leaving out the buckets that did not change. */
export function bucketDelta(before: readonly Bucket[], after: readonly Bucket[]): Bucket[] {
  const delta = new Map<string, Bucket>();
  const add = (bucket: Bucket, sign: number) => {
    const id = `${bucket.kind}\u0000${bucket.key}`;
    delta.set(id, sumCounts(delta.get(id) ?? { kind: bucket.kind, key: bucket.key, ...EMPTY }, bucket, sign));
  };
  for (const bucket of after) add(bucket, 1);
  for (const bucket of before) add(bucket, -1);
  return [...delta.values()].filter((bucket) => !isZero(bucket));
}

/** Buckets of one kind summed by key. */
export function bucketsOf(buckets: readonly Bucket[], kind: BucketKind): Map<string, Counts> {
  const byKey = new Map<string, Counts>();
  for (const bucket of buckets) {
    if (bucket.kind !== kind || bucket.n === 0) continue;
    byKey.set(bucket.key, sumCounts(byKey.get(bucket.key) ?? { ...EMPTY }, bucket));
  }
  return byKey;
}

/** The operating-figure sums of a `figures` bucket: a figure no report gave stays null. */
export function figureSums(counts: Counts): OperatingFigureSums {
  return {
    counties: counts.n,
    gigJobsOffered: counts.gigJobsOfferedN === 0 ? null : counts.gigJobsOffered,
    gigWorkerVisits: counts.gigWorkerVisitsN === 0 ? null : counts.gigWorkerVisits,
    placements: counts.placementsN === 0 ? null : counts.placements,
  };
}

/** Milestone lights of a region from its `open` and `done` buckets, each open deadline's light at `now`. */
export function lightsOf(buckets: readonly Bucket[], lightOfKey: (key: string) => Light): Map<Light, number> {
  const lights = new Map<Light, number>();
  for (const [key, counts] of bucketsOf(buckets, 'open')) {
    const light = lightOfKey(key);
    lights.set(light, (lights.get(light) ?? 0) + counts.n);
  }
  let done = 0;
  for (const counts of bucketsOf(buckets, 'done').values()) done += counts.n;
  if (done > 0) lights.set('done', done);
  return lights;
}
