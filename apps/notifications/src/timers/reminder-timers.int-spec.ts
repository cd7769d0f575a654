import type { INestMicroservice } from '@nestjs/common';
import { waitFor } from '@duban/testing';
import { v7 as uuidv7 } from 'uuid';
import {
  deliveryCounts,
  exactDeadline,
  startNotificationsSandbox,
  type InProcessSandbox,
} from '../__fixtures__/notifications-sandbox';
import { instantJobId, INSTANT_WAKE_LEAD_MS } from './reminder-queue.rules';
import { ReminderReconciler } from './reminder-reconciler.service';
import { ReminderTimers } from './reminder-timers.service';

/**
 * The timers against real Postgres, Redis and NATS: exact instants, Redis losing every key, two workers at
 * once, and fifty concurrent reschedules. Each fault ends in counts: sent, delivered, duplicated, lost.
 */
describe('reminder timers (real Postgres, Redis, NATS)', () => {
  let sandbox: InProcessSandbox;
  let first: INestMicroservice;

  beforeAll(async () => {
    sandbox = await startNotificationsSandbox('timers');
    first = sandbox.app;
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  async function stateOf(deadlineId: string) {
    return sandbox.db.query<{ stage: string; state: string; version: number; fire_at: Date; sent_at: Date | null }>(
      `SELECT r.stage, r.state, r.version, r.fire_at, r.sent_at FROM notifications.reminder r
         JOIN notifications.deadline d ON d.id = r.deadline_id WHERE d.source_id = $1 ORDER BY r.version, r.fire_at`,
      [deadlineId],
    );
  }

  async function inboxOf(subjectId: string) {
    return sandbox.db.query<{ recipient_key: string; stage: string; created_at: Date; title: string }>(
      `SELECT recipient_key, stage, created_at, title FROM notifications.notification WHERE subject_id = $1 ORDER BY created_at, recipient_key`,
      [subjectId],
    );
  }

  it('fires an exact plan at each offset, once per recipient, within a second of the instant', async () => {
    const dueAt = new Date(Date.now() + 3000);
    const deadline = exactDeadline(dueAt, ['-PT1S', 'PT0S', 'PT1S']);
    await sandbox.publishDeadline(deadline);

    // Each instant's timer is armed to wake its lead before the instant (the worker waits out the rest).
    const queue = first.get(ReminderTimers).queue;
    const job = await waitFor(
      "the last stage's instant armed",
      () => queue.getJob(instantJobId(new Date(dueAt.getTime() + 1000))),
      (armed) => armed !== undefined,
      { timeoutMs: 10_000 },
    );
    if (!job) throw new Error('no timer armed');
    const wakesBefore = dueAt.getTime() + 1000 - (job.timestamp + job.delay);
    expect(wakesBefore).toBeLessThanOrEqual(INSTANT_WAKE_LEAD_MS);
    expect(wakesBefore).toBeGreaterThan(INSTANT_WAKE_LEAD_MS - 20);

    const inbox = await waitFor(
      'all three stages delivered',
      () => inboxOf(deadline.subjectId),
      (rows) => rows.length === 5,
      {
        timeoutMs: 15_000,
      },
    );
    expect(inbox.map((row) => [row.stage, row.recipient_key])).toEqual([
      ['offset--PT1S', 'user:linxian'],
      ['offset-PT0S', 'user:linxian'],
      // The last later offset is also the escalation: the city officer, addressed by role.
      ['offset-PT1S', 'role:city_officer@141100'],
      ['offset-PT1S', 'user:linxian'],
      ['offset-PT1S', 'user:zhangzhenyu'],
    ]);
    const offsets: Record<string, number> = { 'offset--PT1S': -1000, 'offset-PT0S': 0, 'offset-PT1S': 1000 };
    // Woken early, never fired early.
    for (const row of inbox) {
      const lateness = new Date(row.created_at).getTime() - (dueAt.getTime() + (offsets[row.stage] ?? 0));
      expect(lateness).toBeGreaterThanOrEqual(0);
      expect(lateness).toBeLessThan(1000);
    }
    expect(inbox[1]?.title).toMatch(/已到期$/);
    expect(inbox[4]?.title).toMatch(/^【逾期提醒】临县「整改事项\d+」已逾期1秒$/);
  });

  it('after Redis lost every key of the queue, the reconciler restores each timer and none is delivered twice', async () => {
    const dueAt = new Date(Date.now() + 4000);
    const deadlines = Array.from({ length: 40 }, () => exactDeadline(dueAt, ['PT0S'], { countyLeader: null }));
    const before = await deliveryCounts(sandbox.db);
    for (const deadline of deadlines) await sandbox.publishDeadline(deadline);
    await waitFor(
      '40 planned',
      () => deliveryCounts(sandbox.db),
      (c) => c.planned === 40,
      { timeoutMs: 15_000 },
    );

    const deleted = await sandbox.flushQueueKeys();
    expect(deleted).toBeGreaterThan(0);

    const after = await waitFor(
      'all 40 sent',
      () => deliveryCounts(sandbox.db),
      (c) => c.sent - before.sent === 40,
      {
        timeoutMs: 20_000,
      },
    );
    expect(after.deliveries - before.deliveries).toBe(40);
    expect(after.notifications - before.notifications).toBe(40);
    expect(after.duplicated).toBe(0);
    expect(after.planned).toBe(0);
    // A further pass of the reconciler finds nothing left to fire.
    expect(await first.get(ReminderReconciler).tick()).toMatchObject({ fired: 0 });
  });

  describe('with a second instance running beside the first', () => {
    beforeAll(async () => {
      await sandbox.startInstance();
    });

    it('two workers at once: 120 reminders due at the same instant are delivered exactly once each', async () => {
      const dueAt = new Date(Date.now() + 4000);
      const deadlines = Array.from({ length: 120 }, () => exactDeadline(dueAt, ['PT0S'], { countyLeader: null }));
      const before = await deliveryCounts(sandbox.db);
      for (const deadline of deadlines) await sandbox.publishDeadline(deadline);
      const after = await waitFor(
        'all 120 sent',
        () => deliveryCounts(sandbox.db),
        (c) => c.sent - before.sent === 120 && c.planned === 0,
        {
          timeoutMs: 30_000,
        },
      );
      expect(after.deliveries - before.deliveries).toBe(120);
      expect(after.notifications - before.notifications).toBe(120);
      expect(after.duplicated).toBe(0);
    });

    it('one deadline rescheduled 50 times concurrently: only the final time fires', async () => {
      const base = exactDeadline(new Date(Date.now() + 60_000), ['PT0S'], { countyLeader: null });
      const start = Date.now() + 3000;
      // Fifty versions of the deadline, each due at its own instant within 3–5.5 s; the last one written is
      // due in the middle, so neither "earliest" nor "latest due" could pass for "final" by accident.
      const ids = Array.from({ length: 50 }, () => uuidv7());
      const dues = ids.map((_, i) => new Date(start + ((i * 37) % 50) * 50));
      const finalDue = dues[49] as Date;
      await Promise.all(
        ids.map((id, i) => sandbox.publishDeadline({ ...base, due: { at: (dues[i] as Date).toISOString() } }, id)),
      );

      const latestDue = Math.max(...dues.map((d) => d.getTime()));
      const rows = await waitFor(
        'the final plan sent and every other due instant passed',
        () => stateOf(base.deadlineId),
        (r) =>
          r.some((row) => row.state === 'sent') &&
          Date.now() > latestDue + 1500 &&
          !r.some((row) => row.state === 'planned'),
        { timeoutMs: 30_000 },
      );
      const sent = rows.filter((row) => row.state === 'sent');
      expect(sent).toHaveLength(1);
      expect(new Date(sent[0]!.fire_at).toISOString()).toBe(finalDue.toISOString());
      expect(rows.filter((row) => row.state !== 'sent').every((row) => row.state === 'cancelled')).toBe(true);
      expect(await inboxOf(base.subjectId)).toHaveLength(1);
    });
  });
});
