import {
  AcceptMonthlyReportRpc,
  CompleteMilestoneRpc,
  CreateMilestoneRpc,
  DomainError,
  MilestoneCompleted,
  MilestoneReopened,
  MilestoneRescheduled,
  MilestoneScheduled,
  MilestoneUpdated,
  MonthlyReportAccepted,
  MonthlyReportReturned,
  MonthlyReportSubmitted,
  ProjectRegistered,
  ListMilestonesRpc,
  ListOfficersRpc,
  ListProjectsRpc,
  ReopenMilestoneRpc,
  ReturnMonthlyReportRpc,
  SubmitMonthlyReportRpc,
  UpdateMilestoneRpc,
  type Actor,
  type MilestoneView,
} from '@duban/contracts';
import { Transactions } from '@duban/platform';
import { demoActors as actors, waitFor } from '@duban/testing';
import { startProjectsSandbox, type ProjectsSandbox } from '../__fixtures__/projects-sandbox';
import { DashboardRollups } from './dashboard-rollups.service';

/** The rollup consumer's durable name (its inbox rows). */
const DURABLE = 'projects-dashboard';
/** The events it follows (DashboardRollupSubscriber). */
const FOLLOWED = [
  ProjectRegistered,
  MilestoneScheduled,
  MilestoneRescheduled,
  MilestoneUpdated,
  MilestoneCompleted,
  MilestoneReopened,
  MonthlyReportSubmitted,
  MonthlyReportReturned,
  MonthlyReportAccepted,
];
const SEED = Number(process.env.DASHBOARD_RANDOM_SEED ?? 20231017);
const STEPS = 160;

/** mulberry32: a small seeded generator, so that a failing sequence can be replayed with its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Subject {
  readonly actor: Actor;
  readonly projectId: string;
  readonly officerId: string;
}

const report = {
  constructionType: 'renovation' as const,
  progress: 'built' as const,
  actualAreaM2: 160,
  address: '山西省吕梁市公益性零工市场',
  workContent: '零工市场投入运行',
  difficulties: '',
  suggestions: '',
};

/**
 * The read model applied incrementally (each consumer batch set-wise, at its commit) against the read model
 * rebuilt from scratch: a random sequence of completions, reopenings, reschedules, extra milestones, and reports
 * submitted, returned and accepted, on several projects, some at once (so that batches hold several events of a
 * project and of several projects), under a moving clock; once the consumer has handled every event, the
 * rollups are kept, thrown away, rebuilt from the facts, and must be the same rows. A lost, doubled or stale
 * delta shows as a difference.
 */
describe('dashboard read model: incremental equals a rebuild', () => {
  let sandbox: ProjectsSandbox;

  beforeAll(async () => {
    sandbox = await startProjectsSandbox('rollrandom', { demo: true });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  /** Every rollup row and every project's applied contribution, in a stable order. */
  async function readModel(): Promise<{ rollups: unknown[]; counties: unknown[] }> {
    const rollups = await sandbox.db.query(
      `SELECT programme_id, region_code, kind, key, n, gig_jobs_offered::text, gig_jobs_offered_n,
              gig_worker_visits::text, gig_worker_visits_n, placements::text, placements_n
         FROM projects.dashboard_rollup ORDER BY programme_id, region_code, kind, key`,
    );
    const counties = await sandbox.db.query(
      `SELECT project_id, programme_id, region_code, latest_report,
              (SELECT jsonb_agg(b ORDER BY b->>'kind', b->>'key') FROM jsonb_array_elements(buckets) b) AS buckets
         FROM projects.dashboard_county ORDER BY project_id`,
    );
    return { rollups, counties };
  }

  /** Until the rollup consumer has handled every event of the types it follows (its inbox has them all). */
  async function consumerCaughtUp(): Promise<void> {
    await waitFor(
      'the rollup consumer handled every event',
      () =>
        sandbox.db.query<{ pending: number }>(
          `SELECT count(*)::int AS pending FROM projects.outbox o
            WHERE o.subject = ANY($2::text[])
              AND NOT EXISTS (SELECT 1 FROM projects.inbox i WHERE i.consumer = $1 AND i.event_id = o.id)`,
          [DURABLE, FOLLOWED.map((event) => event.type)],
        ),
      (rows) => rows[0]?.pending === 0,
      { timeoutMs: 120_000, intervalMs: 200 },
    );
  }

  it(`gives the same rows after ${STEPS} random writes (seed ${SEED})`, async () => {
    const next = random(SEED);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    sandbox.clock.setNow(new Date('2023-03-10T10:00:00+08:00'));

    const subjects: Subject[] = [];
    for (const [actor, region] of [
      [actors.linxian, '141124'],
      [actors.lishi, '141102'],
    ] as const) {
      const [project] = await sandbox.rpc.call(ListProjectsRpc, { actor, region });
      const officers = await sandbox.rpc.call(ListOfficersRpc, { actor, projectId: project?.id as string } as never);
      subjects.push({
        actor,
        projectId: project?.id as string,
        officerId: (officers as { id: string }[])[0]?.id as string,
      });
    }
    const reportIds: string[] = [];
    const done = new Map<string, number>();
    const count = (kind: string) => done.set(kind, (done.get(kind) ?? 0) + 1);

    const step = async (): Promise<void> => {
      const subject = pick(subjects);
      const milestones: MilestoneView[] = await sandbox.rpc.call(ListMilestonesRpc, {
        actor: subject.actor,
        projectId: subject.projectId,
      });
      const milestone = pick(milestones);
      const roll = next();
      if (roll < 0.35) {
        await sandbox.rpc.call(CompleteMilestoneRpc, {
          actor: subject.actor,
          milestoneId: milestone.id,
          evidence: { text: '随机完成', attachments: [] },
        });
        count('complete');
      } else if (roll < 0.5) {
        await sandbox.rpc.call(ReopenMilestoneRpc, {
          actor: actors.lvliang,
          milestoneId: milestone.id,
          reason: '随机退回',
        });
        count('reopen');
      } else if (roll < 0.65) {
        const day = 1 + Math.floor(next() * 28);
        const month = 3 + Math.floor(next() * 9);
        const changes =
          milestone.dueAt !== null && milestone.dueAt !== undefined
            ? {
                dueAt: new Date(Date.UTC(2023, month - 1, day, Math.floor(next() * 24))).toISOString(),
                reason: '随机改期',
              }
            : { dueDate: `2023-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`, reason: '随机改期' };
        await sandbox.rpc.call(UpdateMilestoneRpc, { actor: actors.lvliang, milestoneId: milestone.id, changes });
        count('reschedule');
      } else if (roll < 0.72) {
        await sandbox.rpc.call(CreateMilestoneRpc, {
          actor: subject.actor,
          projectId: subject.projectId,
          milestone: {
            title: '随机加项',
            dueAt: new Date(Date.UTC(2023, 3 + Math.floor(next() * 8), 1 + Math.floor(next() * 27), 4)).toISOString(),
            responsibleOfficerIds: [subject.officerId],
            reminderPlan: ['PT0S'],
          },
        });
        count('extra');
      } else if (roll < 0.86) {
        const submitted = await sandbox.rpc.call(SubmitMonthlyReportRpc, {
          actor: subject.actor,
          projectId: subject.projectId,
          month: `2023-${String(3 + Math.floor(next() * 7)).padStart(2, '0')}`,
          ...report,
          gigJobsOffered: next() < 0.6 ? Math.floor(next() * 100) : null,
          gigWorkerVisits: next() < 0.6 ? Math.floor(next() * 500) : null,
          placements: next() < 0.4 ? Math.floor(next() * 50) : null,
        } as never);
        reportIds.push(submitted.id);
        count('report');
      } else if (reportIds.length > 0) {
        const reportId = pick(reportIds);
        if (next() < 0.5)
          await sandbox.rpc.call(ReturnMonthlyReportRpc, { actor: actors.lvliang, reportId, comment: '请补充' });
        else await sandbox.rpc.call(AcceptMonthlyReportRpc, { actor: actors.lvliang, reportId } as never);
        count('review');
      }
    };

    for (let taken = 0; taken < STEPS;) {
      // Now and then the clock moves on (completions land in other months, lights change nothing stored).
      if (next() < 0.1) {
        const at = sandbox.clock.now().getTime() + Math.floor(next() * 12 * 24 * 3600_000);
        sandbox.clock.setNow(new Date(Math.min(at, Date.parse('2023-12-20T10:00:00+08:00'))));
      }
      // One to four writes at once: the consumer then fetches several events together.
      const together = 1 + Math.floor(next() * 4);
      const outcomes = await Promise.allSettled(Array.from({ length: together }, step));
      for (const outcome of outcomes) {
        // A write the rules refuse (a prerequisite still open, a report already filed) writes nothing.
        if (outcome.status === 'rejected' && !(outcome.reason instanceof DomainError)) throw outcome.reason;
      }
      taken += together;
    }
    for (const kind of ['complete', 'reopen', 'reschedule', 'extra', 'report', 'review']) {
      expect([kind, done.get(kind) ?? 0]).not.toEqual([kind, 0]);
    }

    await consumerCaughtUp();
    const incremental = await readModel();
    expect(incremental.rollups.length).toBeGreaterThan(0);

    // Applying every project again changes nothing (a redelivered event, a backfill beside the consumer).
    const rollups = sandbox.app.get(DashboardRollups);
    const projectIds = subjects.map((subject) => subject.projectId);
    await sandbox.app.get(Transactions).run((tx) => rollups.applyMany(tx, [...projectIds, ...projectIds]));
    expect(await readModel()).toEqual(incremental);

    // From scratch: the read model thrown away and rebuilt from the facts alone.
    const programmes = await sandbox.db.query<{ id: string }>(
      `SELECT DISTINCT programme_id AS id FROM projects.county_project`,
    );
    await sandbox.db.query(`DELETE FROM projects.dashboard_rollup`);
    await sandbox.db.query(`DELETE FROM projects.dashboard_county`);
    for (const { id } of programmes) await rollups.rebuild(id);
    expect(await readModel()).toEqual(incremental);
  });
});
