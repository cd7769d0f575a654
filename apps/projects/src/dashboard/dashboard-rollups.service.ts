import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DashboardRollupChanged } from '@duban/contracts';
import { Clock, Outbox, Transactions, type Tx } from '@duban/platform';
import { isDeepStrictEqual } from 'node:util';
import { bucketDelta, projectBuckets } from './dashboard-contribution-rules';
import { DashboardRollupRepository, type AppliedContribution } from './dashboard-rollup.repository';
import { DashboardRepository } from './dashboard.repository';

/** Postgres's SQLSTATE for a transaction it rolled back to break a deadlock. */
const DEADLOCK_DETECTED = '40P01';
const DEADLOCK_ATTEMPTS = 5;

/**
 * Keeps the dashboard's read model: `apply(tx, projectId)` recomputes one project's buckets from its
 * milestones and reports and adds the difference to the rollups of its county and every region above it.
 * Called for each event about a project (DashboardRollupSubscriber), inside the consumer's transaction; a
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
   * Applies every project of the programme (every programme when null) that was never applied, `parallel` at a
   * time, one transaction per project: the consumer applying events meanwhile never waits long on a region's rows.
   */
  async applyUnapplied(programmeId: string | null, parallel = 1): Promise<number> {
    const projects = await this.rollups.findUnapplied(this.transactions.none, programmeId);
    let applied = 0;
    const worker = async () => {
      for (let project = projects.shift(); project && !this.stopping; project = projects.shift()) {
        await this.applyAlone(project.id);
        applied += 1;
      }
    };
    await Promise.all(Array.from({ length: parallel }, worker));
    return applied;
  }

  /** Recomputes every project of the programme: after facts were changed without events (fixtures, repairs). */
  async rebuild(programmeId: string): Promise<void> {
    const projects = await this.rollups.findProjects(this.transactions.none, programmeId);
    for (const project of projects) await this.applyAlone(project.id);
  }

  /**
   * One project applied in a transaction of its own, again if Postgres chose it as a deadlock's victim: the
   * rollup consumer applies a batch of events in one transaction, locking several projects' rows in event
   * order, so a writer beside it (the backfill, a rebuild) can meet it in the opposite order.
   */
  private async applyAlone(projectId: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.transactions.run((tx) => this.apply(tx, projectId));
        return;
      } catch (error) {
        if (attempt >= DEADLOCK_ATTEMPTS || (error as { code?: string }).code !== DEADLOCK_DETECTED) throw error;
      }
    }
  }

  async apply(tx: Tx, projectId: string): Promise<void> {
    const project = await this.facts.findProjectPlace(tx, projectId);
    if (!project) return;
    let applied = await this.rollups.lockApplied(tx, projectId);
    if (!applied) {
      // A first application: an empty row first, so that two writers of a new project take turns on its lock.
      const ancestors = await this.facts.findAncestors(tx, project.regionCode);
      const regionCodes = [project.regionCode, ...ancestors.map((region) => region.code)];
      await this.rollups.insertEmpty(tx, project, regionCodes);
      applied = (await this.rollups.lockApplied(tx, projectId)) as AppliedContribution;
    }
    const counties = [project.regionCode];
    // One after another: a transaction's queries share its one connection.
    const milestones = await this.facts.findMilestones(tx, project.programmeId, counties);
    const [latest] = await this.facts.findLatestReports(tx, project.programmeId, counties);
    const figures = await this.facts.findReportFigures(tx, project.programmeId, counties);
    const buckets = projectBuckets(milestones, latest ?? null, figures);
    await this.rollups.addDelta(tx, project.programmeId, applied.regionCodes, bucketDelta(applied.buckets, buckets));
    const latestReport = latest
      ? { id: latest.id, month: latest.month, status: latest.status, late: latest.late }
      : null;
    await this.rollups.saveApplied(tx, projectId, { buckets, latestReport });
    if (isDeepStrictEqual(applied.buckets, buckets) && isDeepStrictEqual(applied.latestReport, latestReport)) return;
    await this.outbox.append(
      tx,
      DashboardRollupChanged,
      {
        programmeId: project.programmeId,
        projectId,
        regionCode: project.regionCode,
        cityRegionCode: applied.regionCodes[1] ?? null,
      },
      { aggregateId: projectId, occurredAt: this.clock.now() },
    );
  }
}
