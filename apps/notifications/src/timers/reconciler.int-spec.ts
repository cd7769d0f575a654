import type { INestMicroservice } from '@nestjs/common';
import { PostgresServerProcess, waitFor } from '@duban/testing';
import {
  deliveryCounts,
  exactDeadline,
  startNotificationsSandbox,
  type InProcessSandbox,
} from '../__fixtures__/notifications-sandbox';
import { ReminderReconciler } from './reminder-reconciler.service';

/**
 * The reconciler, driven tick by tick (no BullMQ worker and no timer of its own here: DUBAN_REMINDER_WORKER
 * is false, so only the test's `tick()` fires): one bad reminder does not hold up the others, and leadership
 * is re-checked on every tick, so a leader whose Postgres session died (a restart) stops leading before
 * another takes over (issue 12, finding 10).
 */
describe('the reconciler (real Postgres, Redis, NATS)', () => {
  let sandbox: InProcessSandbox;

  beforeAll(async () => {
    sandbox = await startNotificationsSandbox('reconcile', { DUBAN_REMINDER_WORKER: 'false' });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it('fires every missed reminder but the one that fails, and that one once it can', async () => {
    const reconciler = sandbox.app.get(ReminderReconciler);
    const due = Date.now() - 5000;
    // Missed (past, within the late grace): the bad one is the oldest, so a pass meets it first.
    const bad = exactDeadline(new Date(due - 1000), ['PT0S'], { countyLeader: null });
    const good = Array.from({ length: 4 }, (_, i) =>
      exactDeadline(new Date(due + i * 100), ['PT0S'], { countyLeader: null }),
    );
    for (const deadline of [bad, ...good]) await sandbox.publishDeadline(deadline);
    await waitFor(
      '5 planned',
      () => deliveryCounts(sandbox.db),
      (c) => c.planned === 5,
      { timeoutMs: 15_000 },
    );

    // The bad reminder cannot be marked sent (as a corrupt row or a failing constraint would do).
    const [row] = await sandbox.db.query<{ id: string }>(
      `SELECT r.id FROM notifications.reminder r JOIN notifications.deadline d ON d.id = r.deadline_id
        WHERE d.source_id = $1`,
      [bad.deadlineId],
    );
    await sandbox.db.query(`
      CREATE OR REPLACE FUNCTION notifications.fail_reminder() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'injected failure'; END $$`);
    await sandbox.db.query(`
      CREATE TRIGGER fail_one BEFORE UPDATE ON notifications.reminder FOR EACH ROW
        WHEN (NEW.id = '${row?.id}' AND NEW.state = 'sent') EXECUTE FUNCTION notifications.fail_reminder()`);

    try {
      expect(await reconciler.tick()).toMatchObject({ fired: 4 });
      expect(await deliveryCounts(sandbox.db)).toMatchObject({ sent: 4, planned: 1, deliveries: 4, duplicated: 0 });
      // Every pass still fires what it can: the bad one alone stays behind.
      expect(await reconciler.tick()).toMatchObject({ fired: 0 });
    } finally {
      await sandbox.db.query(`DROP TRIGGER fail_one ON notifications.reminder`);
    }
    expect(await reconciler.tick()).toMatchObject({ fired: 1 });
    expect(await deliveryCounts(sandbox.db)).toMatchObject({ sent: 5, planned: 0, deliveries: 5, duplicated: 0 });
  });

  describe('two reconcilers', () => {
    let second: INestMicroservice;

    beforeAll(async () => {
      second = await sandbox.startInstance();
    });

    /** The backend holding the leadership: the only session advisory lock in this test's database. */
    async function leaderSessions(): Promise<number[]> {
      const rows = await sandbox.db.query<{ pid: number }>(
        `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      return rows.map((row) => row.pid);
    }

    it('one leads; when its Postgres session dies the other takes over, and the first knows it no longer leads', async () => {
      const first = sandbox.app.get(ReminderReconciler);
      const other = second.get(ReminderReconciler);
      await first.tick();
      const leading = async () => [(await first.tick()) !== null, (await other.tick()) !== null];
      expect(await leading()).toEqual([true, false]);
      const [session] = await leaderSessions();
      expect(session).toBeDefined();

      // What a Postgres restart does to the leader's session: it is gone, and its lock with it.
      await sandbox.db.query('SELECT pg_terminate_backend($1)', [session]);
      await waitFor('the session gone', leaderSessions, (pids) => !pids.includes(session as number));

      expect((await other.tick()) !== null).toBe(true);
      expect(await leading()).toEqual([false, true]);
      expect(await leaderSessions()).toHaveLength(1);
    });
  });
});

/**
 * The same across a real Postgres restart (a private cluster, stopped as a crash would and started again):
 * every session dies with it, pools reconnect, and still never do two reconcilers lead in the same round.
 */
describe('two reconcilers across a Postgres restart (a private Postgres)', () => {
  let postgres: PostgresServerProcess;
  let sandbox: InProcessSandbox;
  let second: INestMicroservice;

  beforeAll(async () => {
    postgres = await PostgresServerProcess.start();
    sandbox = await startNotificationsSandbox('pgrestart', {
      DUBAN_DATABASE_URL: postgres.url,
      DUBAN_REMINDER_WORKER: 'false',
    });
    second = await sandbox.startInstance();
  }, 120_000);

  afterAll(async () => {
    await sandbox?.close();
    await postgres?.stop();
  });

  it('one leads before, at most one while Postgres comes back, exactly one after', async () => {
    const reconcilers = [sandbox.app.get(ReminderReconciler), second.get(ReminderReconciler)];
    const rounds: number[] = [];
    /** One tick of each, in turn: how many led in it. */
    const round = async () => {
      let leading = 0;
      for (const reconciler of reconcilers) if ((await reconciler.tick()) !== null) leading += 1;
      rounds.push(leading);
      return leading;
    };
    await round();
    expect(await round()).toBe(1);

    await postgres.kill();
    await postgres.restart();
    await waitFor('a leader again', round, (leading) => leading > 0, { timeoutMs: 30_000, intervalMs: 100 });
    for (let i = 0; i < 5; i++) await round();

    expect(Math.max(...rounds)).toBe(1);
    expect(rounds.slice(-5)).toEqual([1, 1, 1, 1, 1]);
  });
});
