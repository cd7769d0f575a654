import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DashboardRollupChanged } from '@duban/contracts';
import { Clock, Outbox, Transactions, type Tx } from '@duban/platform';
import { isDeepStrictEqual } from 'node:util';
import { bucketDelta, projectBuckets } from './dashboard-contribution-rules';
import { DashboardRollupRepository, type AppliedContribution, type DeltaRecord } from './dashboard-rollup.repository';
import { DashboardRepository } from './dashboard.repository';

/** Postgres's SQLSTATE for a transaction it rolled back to break a deadlock. */
const DEADLOCK_DETECTED = '40P01';
const DEADLOCK_ATTEMPTS = 5;
/** Projects applied together in one transaction by a backfill or a rebuild. */
const APPLY_CHUNK = 50;

/**
 * Keeps the dashboard's read model: `applyMany(tx, projectIds)` recomputes projects' buckets from their
 * milestones and reports and adds the difference to the rollups of their counties and every region above them.
 * Each event about a project (DashboardRollupSubscriber) names its project for the end of the consumer's
 * transaction (`applyAtCommit`), so a fetched batch of events is applied set-wise, at once, before it commits; a
 * project never applied (data loaded before the read model existed, or written by SQL) is applied after start,
 * in the background: the service answers meanwhile, and the events catch up the same way.
 */
@Injectable()
export class DashboardRollups implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('DashboardRollups');
  private backfill: Promise<void> | undefined;
  private stopping = false;

  constructor(
    private readonly transactions: Transactions,
    private readonly facts: DashboardRepository,
    private readonly rollups: DashboardRollupRepository,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.backfill = this.applyUnapplied(null).then(
      (applied) => {
        if (applied > 0) this.logger.log(`Dashboard read model: ${applied} project(s) applied`);
      },
      (error: unknown) => this.logger.error(`Dashboard read model backfill stopped: ${(error as Error).message}`),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.backfill;
  }

  /**
   * Applies every project of the programme (every programme when null) that was never applied, `parallel`
   * transactions at a time, each of up to APPLY_CHUNK projects: the consumer applying events meanwhile never
   * waits long on a region's rows.
   */
  async applyUnapplied(programmeId: string | null, parallel = 1): Promise<number> {
    const projects = (await this.rollups.findUnapplied(this.transactions.none, programmeId)).map((p) => p.id);
    return this.applyInChunks(projects, parallel);
  }

  /** Recomputes every project of the programme: after facts were changed without events (fixtures, repairs). */
  async rebuild(programmeId: string): Promise<void> {
    const projects = await this.rollups.findProjects(this.transactions.none, programmeId);
    await this.applyInChunks(
      projects.map((p) => p.id),
      1,
    );
  }

  private async applyInChunks(projectIds: string[], parallel: number): Promise<number> {
    let applied = 0;
    const worker = async () => {
      while (projectIds.length > 0 && !this.stopping) {
        const chunk = projectIds.splice(0, APPLY_CHUNK);
        await this.applyAlone(chunk);
        applied += chunk.length;
      }
    };
    await Promise.all(Array.from({ length: parallel }, worker));
    return applied;
  }

  /**
   * Projects applied in a transaction of their own, again if Postgres chose it as a deadlock's victim (every
   * writer locks projects in id order and then rollup rows in key order, so this is a guard, not a path).
   */
  private async applyAlone(projectIds: readonly string[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.transactions.run((tx) => this.applyMany(tx, projectIds));
        return;
      } catch (error) {
        if (attempt >= DEADLOCK_ATTEMPTS || (error as { code?: string }).code !== DEADLOCK_DETECTED) throw error;
      }
    }
  }

  /**
   * Applies the project when `tx` commits, once for all the events of `tx` that named it and together with every
   * other project they named (see applyMany): a consumer's batch of events costs a few statements, not a few
   * per event.
   */
  applyAtCommit(tx: Tx, projectId: string): void {
    this.transactions.collectBeforeCommit(tx, this.applyCollected, projectId);
  }

  private readonly applyCollected = (tx: Tx, projectIds: readonly string[]): Promise<void> =>
    this.applyMany(tx, projectIds);

  /** Applies one project now, in `tx`. */
  apply(tx: Tx, projectId: string): Promise<void> {
    return this.applyMany(tx, [projectId]);
  }

  /**
   * Recomputes the projects' buckets from their milestones and reports and adds, for all of them together, the
   * difference from what was last applied to their counties and the regions above them: an event changes the
   * rollups by exactly its own effect (a completion moves one milestone from its deadline's `open` bucket to
   * its month's `done` bucket), whatever was applied before it (a backfill, a redelivery, a later event of the
   * same project in the same batch), so the rollups always equal a rebuild from the facts. Set-wise: the
   * projects' rows are locked in id order, their facts read in three queries, every delta summed by rollup row
   * (one row of the nation for a whole batch of completions in one month) and written in one statement.
   */
  async applyMany(tx: Tx, projectIds: readonly string[]): Promise<void> {
    const ids = [...new Set(projectIds.map((id) => id.toLowerCase()))].sort();
    const places = await this.facts.findProjectPlaces(tx, ids);
    if (places.length === 0) return;
    const placeIds = places.map((place) => place.id);
    let applied = await this.rollups.lockApplied(tx, placeIds);
    const unseen = places.filter((place) => !applied.has(place.id));
    if (unseen.length > 0) {
      // A first application: empty rows first, so that two writers of a new project take turns on its lock.
      const paths = await this.facts.findRegionPaths(tx, [...new Set(unseen.map((place) => place.regionCode))]);
      await this.rollups.insertEmpty(
        tx,
        unseen.map((place) => ({ ...place, regionCodes: paths.get(place.regionCode) ?? [place.regionCode] })),
      );
      applied = await this.rollups.lockApplied(tx, placeIds);
    }
    // One after another: a transaction's queries share its one connection.
    const milestones = groupBy(await this.facts.findMilestonesOfProjects(tx, placeIds));
    const latestReports = groupBy(await this.facts.findLatestReportsOfProjects(tx, placeIds));
    const figures = groupBy(await this.facts.findReportFiguresOfProjects(tx, placeIds));
    const delta = new Map<string, DeltaRecord>();
    const saved: (Pick<AppliedContribution, 'buckets' | 'latestReport'> & { projectId: string })[] = [];
    const changed: { place: (typeof places)[number]; before: AppliedContribution }[] = [];
    for (const place of places) {
      const before = applied.get(place.id) as AppliedContribution;
      const [latest] = latestReports.get(place.id) ?? [];
      const buckets = projectBuckets(milestones.get(place.id) ?? [], latest ?? null, figures.get(place.id) ?? []);
      const latestReport = latest
        ? { id: latest.id, month: latest.month, status: latest.status, late: latest.late }
        : null;
      const difference = bucketDelta(before.buckets, buckets);
      for (const regionCode of before.regionCodes) {
        for (const bucket of difference) addTo(delta, { ...bucket, programmeId: place.programmeId, regionCode });
      }
      if (difference.length === 0 && isDeepStrictEqual(before.latestReport, latestReport)) continue;
      saved.push({ projectId: place.id, buckets, latestReport });
      changed.push({ place, before });
    }
    await this.rollups.addDeltas(tx, [...delta.values()]);
    await this.rollups.saveApplied(tx, saved);
    // One statement for the batch's changed projects, not one each.
    const occurredAt = this.clock.now();
    await this.outbox.appendMany(
      tx,
      DashboardRollupChanged,
      changed.map(({ place, before }) => ({
        data: {
          programmeId: place.programmeId,
          projectId: place.id,
          regionCode: place.regionCode,
          cityRegionCode: before.regionCodes[1] ?? null,
        },
        aggregateId: place.id,
        occurredAt,
      })),
    );
  }
}

function groupBy<T extends { projectId: string }>(rows: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.projectId);
    if (group) group.push(row);
    else groups.set(row.projectId, [row]);
  }
  return groups;
}

/** Adds a delta row to the sum of its rollup row's deltas. */
function addTo(sums: Map<string, DeltaRecord>, row: DeltaRecord): void {
  const id = `${row.programmeId}\u0000${row.regionCode}\u0000${row.kind}\u0000${row.key}`;
  const sum = sums.get(id);
  sums.set(
    id,
    sum
      ? {
          ...sum,
          n: sum.n + row.n,
          gigJobsOffered: sum.gigJobsOffered + row.gigJobsOffered,
          gigJobsOfferedN: sum.gigJobsOfferedN + row.gigJobsOfferedN,
          gigWorkerVisits: sum.gigWorkerVisits + row.gigWorkerVisits,
          gigWorkerVisitsN: sum.gigWorkerVisitsN + row.gigWorkerVisitsN,
          placements: sum.placements + row.placements,
          placementsN: sum.placementsN + row.placementsN,
        }
      : row,
  );
}
