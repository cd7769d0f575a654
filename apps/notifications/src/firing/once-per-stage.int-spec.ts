import {
  ListMilestoneRemindersRpc,
  MilestoneCompleted,
  MilestoneReopened,
  MilestoneRescheduled,
  MilestoneScheduled,
  type MilestoneFacts,
} from '@duban/contracts';
import { demoActors, expectQuiet, waitFor } from '@duban/testing';
import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import {
  COUNTY_ACTOR,
  milestoneFacts,
  startNotificationsSandbox,
  type InProcessSandbox,
} from '../__fixtures__/notifications-sandbox';

/**
 * A stage is sent once per person, whatever happens to the plan afterwards (issue 12, finding 8): a reopen or
 * a reschedule that plans the same stage at the same instant again does not remind anyone twice, and a
 * completion that the service has been sent but not yet applied stops the reminder that falls due meanwhile.
 */
describe('each stage once, and nothing about finished work (real Postgres, Redis, NATS)', () => {
  let sandbox: InProcessSandbox;

  beforeAll(async () => {
    sandbox = await startNotificationsSandbox('oncestage');
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  /** Who got which stage of the milestone, one row per in-app notification. */
  async function inboxOf(milestoneId: string): Promise<string[]> {
    const rows = await sandbox.db.query<{ stage: string; recipient_key: string }>(
      `SELECT stage, recipient_key FROM notifications.notification WHERE subject_id = $1 ORDER BY created_at, recipient_key`,
      [milestoneId],
    );
    return rows.map((row) => `${row.stage} → ${row.recipient_key}`);
  }

  async function applied(eventIds: string[]): Promise<number> {
    const [row] = await sandbox.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM notifications.inbox WHERE event_id = ANY($1)`,
      [eventIds],
    );
    return row?.n ?? 0;
  }

  const scheduleOf = (milestoneId: string) =>
    sandbox.rpc.call(ListMilestoneRemindersRpc, { actor: demoActors.province, milestoneId });

  async function scheduledAndReminded(facts: MilestoneFacts): Promise<void> {
    await sandbox.publish(MilestoneScheduled, { ...facts, history: false }, { id: uuidv7() });
    await waitFor(
      'reminded once',
      () => inboxOf(facts.milestoneId),
      (rows) => rows.length === 1,
      {
        timeoutMs: 15_000,
      },
    );
  }

  const completion = (facts: MilestoneFacts) => ({
    ...facts,
    status: 'done' as const,
    completedAt: new Date().toISOString(),
    completedBy: COUNTY_ACTOR,
  });

  const reopening = (facts: MilestoneFacts) => ({
    ...facts,
    status: 'in_progress' as const,
    reason: '佐证材料不全',
    reopenedAt: new Date().toISOString(),
    reopenedBy: COUNTY_ACTOR,
  });

  it('completed and reopened a moment after its reminder: the same stage at the same instant is not sent again', async () => {
    const facts = milestoneFacts({ dueAt: new Date(Date.now() + 2000).toISOString(), reminderPlan: ['PT0S'] });
    await scheduledAndReminded(facts);

    const completed = await sandbox.publish(MilestoneCompleted, completion(facts), { id: uuidv7() });
    const reopened = await sandbox.publish(MilestoneReopened, reopening(facts), { id: uuidv7() });
    await waitFor(
      'completion and reopening applied',
      () => applied([completed.id, reopened.id]),
      (n) => n === 2,
    );

    // The reopened plan has the stage again (within the late grace), already sent to everyone it names.
    const schedule = await scheduleOf(facts.milestoneId);
    expect(schedule.status).toBe('open');
    expect(schedule.items).toEqual([
      expect.objectContaining({ stage: 'offset-PT0S', fireAt: facts.dueAt, state: 'sent' }),
    ]);
    expect(await expectQuiet(3_000, () => inboxOf(facts.milestoneId))).toEqual(['offset-PT0S → user:linxian']);
  });

  it('rescheduled with a stage left at its instant: that stage is not sent again, the new one is', async () => {
    const facts = milestoneFacts({ dueAt: new Date(Date.now() + 2000).toISOString(), reminderPlan: ['PT0S'] });
    await scheduledAndReminded(facts);

    await sandbox.publish(
      MilestoneRescheduled,
      {
        ...facts,
        reminderPlan: ['PT0S', 'PT2S'],
        previousDueDate: null,
        previousDueAt: facts.dueAt,
        changedBy: COUNTY_ACTOR,
      },
      { id: uuidv7() },
    );
    const rows = await waitFor(
      'the new stage sent',
      () => inboxOf(facts.milestoneId),
      (r) => r.some((row) => row.startsWith('offset-PT2S')),
      { timeoutMs: 15_000 },
    );
    expect(rows.filter((row) => row.startsWith('offset-PT0S'))).toEqual(['offset-PT0S → user:linxian']);
    expect(await expectQuiet(2_000, () => inboxOf(facts.milestoneId))).toEqual([
      'offset-PT0S → user:linxian',
      'offset-PT2S → role:city_officer@141100',
      'offset-PT2S → user:linxian',
      'offset-PT2S → user:zhangzhenyu',
    ]);
  });

  it('reopened with one more responsible officer: only the newcomer gets the stage that was sent', async () => {
    const facts = milestoneFacts({ dueAt: new Date(Date.now() + 2000).toISOString(), reminderPlan: ['PT0S'] });
    await scheduledAndReminded(facts);

    const withLi = {
      ...facts,
      responsibleOfficers: [
        ...facts.responsibleOfficers,
        { id: '00000000-0000-4000-8000-000000000003', name: '李淑云', username: 'lishuyun' },
      ],
    };
    await sandbox.publish(MilestoneCompleted, completion(withLi), { id: uuidv7() });
    await sandbox.publish(MilestoneReopened, reopening(withLi), { id: uuidv7() });
    await waitFor(
      'the newcomer reminded',
      () => inboxOf(facts.milestoneId),
      (rows) => rows.length === 2,
      {
        timeoutMs: 15_000,
      },
    );
    expect(await expectQuiet(2_000, () => inboxOf(facts.milestoneId))).toEqual([
      'offset-PT0S → user:linxian',
      'offset-PT0S → user:lishuyun',
    ]);
  });

  it('a completion delivered but not yet applied holds the reminder that falls due, and then cancels it', async () => {
    const dueAt = new Date(Date.now() + 3000);
    const facts = milestoneFacts({ dueAt: dueAt.toISOString(), reminderPlan: ['PT0S'] });
    await sandbox.publish(MilestoneScheduled, { ...facts, history: false }, { id: uuidv7() });
    await waitFor(
      'planned',
      () => scheduleOf(facts.milestoneId).catch(() => null),
      (s) => s?.items.length === 1,
      {
        timeoutMs: 15_000,
      },
    );

    // The consumer is stuck (its inbox table locked, as a long transaction or a slow database would): the
    // completion reaches it but cannot be applied while the stage falls due.
    const blocker = new Client({ connectionString: sandbox.env.DUBAN_DATABASE_URL });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE notifications.inbox IN SHARE MODE');
      const completed = await sandbox.publish(MilestoneCompleted, completion(facts), { id: uuidv7() });
      // Until well past the stage's instant, nobody is reminded of work already done.
      const quietFor = dueAt.getTime() + 3000 - Date.now();
      expect(await expectQuiet(quietFor, () => inboxOf(facts.milestoneId))).toEqual([]);
      expect(await applied([completed.id])).toBe(0);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }

    const schedule = await waitFor(
      'the completion applied',
      () => scheduleOf(facts.milestoneId),
      (s) => s.status === 'done',
      {
        timeoutMs: 15_000,
      },
    );
    expect(schedule.items.map((item) => [item.stage, item.state])).toEqual([['offset-PT0S', 'cancelled']]);
    expect(await expectQuiet(2_000, () => inboxOf(facts.milestoneId))).toEqual([]);
  });
});
