import { waitFor, type Closable } from '@duban/testing';
import {
  deliveryCounts,
  exactDeadline,
  startProcessSandbox,
  type NotificationsSandbox,
} from '../__fixtures__/notifications-sandbox';

/** The service as a real process, killed with SIGKILL while a batch is firing, then started again. */
describe('a worker killed mid-batch (real processes, Postgres, Redis, NATS)', () => {
  let sandbox: NotificationsSandbox<Closable>;

  beforeAll(async () => {
    // A slow worker (an instant's reminders claimed one per transaction, one at a time), so that the kill
    // lands in the middle of the instant.
    sandbox = await startProcessSandbox('crash', {
      DUBAN_REMINDER_CONCURRENCY: '2',
      DUBAN_REMINDER_INSTANT_CHUNK: '1',
      DUBAN_REMINDER_FIRE_PARALLEL: '1',
      DUBAN_REMINDER_INSTANT_PARALLEL: '1',
      DUBAN_LOG_LEVEL: 'error',
    });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it('delivers every reminder exactly once per recipient and channel after SIGKILL and a restart', async () => {
    const first = sandbox.spawnInstance();
    await sandbox.consuming().catch((error: Error) => {
      throw new Error(`${error.message}\n${first.output.join('').slice(-2000)}`);
    });
    const total = 300;
    // Room for a loaded machine: all 300 must be planned before the first falls due.
    const dueAt = new Date(Date.now() + 20_000);
    const deadlines = Array.from({ length: total }, () => exactDeadline(dueAt, ['PT0S'], { countyLeader: null }));
    for (const deadline of deadlines) await sandbox.publishDeadline(deadline);
    await waitFor(
      'all planned',
      () => deliveryCounts(sandbox.db).catch(() => ({ planned: 0 })),
      (c) => c.planned === total,
      {
        timeoutMs: 40_000,
        intervalMs: 200,
      },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${first.output.join('').slice(-2000)}`);
    });

    const atKill = await waitFor(
      'the batch under way',
      () => deliveryCounts(sandbox.db),
      (c) => c.sent > 0,
      {
        timeoutMs: 30_000,
        intervalMs: 10,
      },
    );
    await first.kill('SIGKILL');
    const afterKill = await deliveryCounts(sandbox.db);
    expect(afterKill.sent).toBeLessThan(total);

    const second = sandbox.spawnInstance();
    const final = await waitFor(
      'all sent after the restart',
      () => deliveryCounts(sandbox.db),
      (c) => c.sent === total,
      {
        timeoutMs: 40_000,
        intervalMs: 100,
      },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${second.output.join('').slice(-2000)}`);
    });
    expect(atKill.sent).toBeGreaterThan(0);
    expect(final).toMatchObject({ deliveries: total, notifications: total, duplicated: 0, planned: 0 });
    await second.kill('SIGTERM');
  });
});
