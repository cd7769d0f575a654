import { expectQuiet, RedisServerProcess, waitFor } from '@duban/testing';
import {
  deliveryCounts,
  exactDeadline,
  startNotificationsSandbox,
  type InProcessSandbox,
} from '../__fixtures__/notifications-sandbox';
import { queuePrefix, REMINDER_QUEUE } from './reminder-queue.rules';

/**
 * Redis is a cache of timers (DESIGN rule 5): with it frozen (nothing answers) or dead (connections
 * refused), deadline events still commit at once, the reconciler still fires from Postgres what falls
 * due, and when Redis comes back with the timers it held, nothing is delivered twice. A private
 * redis-server, so the machine's shared one is never touched.
 */
describe('Redis unreachable (a private redis-server, frozen then killed)', () => {
  let redis: RedisServerProcess;
  let sandbox: InProcessSandbox;

  beforeAll(async () => {
    redis = await RedisServerProcess.start();
    sandbox = await startNotificationsSandbox('redisout', { DUBAN_REDIS_URL: redis.url });
  });

  afterAll(async () => {
    redis?.resume();
    await sandbox?.close();
    await redis?.stop();
  });

  const delayedTimers = () => sandbox.redis.zcard(`${queuePrefix(sandbox.namespace)}:${REMINDER_QUEUE}:delayed`);

  it('frozen: events keep committing at once, Postgres delivers what falls due, and the timers Redis kept send nothing twice', async () => {
    const dueAt = new Date(Date.now() + 9000);
    const armedBefore = Array.from({ length: 10 }, () => exactDeadline(dueAt, ['PT0S'], { countyLeader: null }));
    for (const deadline of armedBefore) await sandbox.publishDeadline(deadline);
    await waitFor(
      '10 planned and their instant armed in Redis (one timer per instant)',
      async () => [(await deliveryCounts(sandbox.db)).planned, await delayedTimers()],
      ([planned, armed]) => planned === 10 && armed === 1,
      {
        timeoutMs: 15_000,
      },
    );

    redis.freeze();
    const frozenAt = Date.now();
    const duringOutage = Array.from({ length: 10 }, () => exactDeadline(dueAt, ['PT0S'], { countyLeader: null }));
    for (const deadline of duringOutage) await sandbox.publishDeadline(deadline);
    // Each event's transaction commits and returns without waiting for Redis: the consumer goes on.
    await waitFor(
      '10 more planned with Redis frozen',
      () => deliveryCounts(sandbox.db),
      (c) => c.planned === 20,
      {
        timeoutMs: 5_000,
      },
    );
    expect(Date.now() - frozenAt).toBeLessThan(5_000);

    // All twenty fall due with Redis still frozen: the reconciler's tick ends and fires them from Postgres.
    const sent = await waitFor(
      'all 20 sent by the Postgres fallback',
      () => deliveryCounts(sandbox.db),
      (c) => c.sent === 20,
      {
        timeoutMs: 25_000,
      },
    );
    expect(Date.now()).toBeGreaterThan(dueAt.getTime());
    expect(sent).toMatchObject({ deliveries: 20, notifications: 20, duplicated: 0, planned: 0 });

    // Redis answers again, with the instant's timer it held: it wakes, finds nothing planned, and goes.
    redis.resume();
    await waitFor('the kept timers handled', delayedTimers, (armed) => armed === 0, { timeoutMs: 15_000 });
    const settled = await expectQuiet(2_000, () => deliveryCounts(sandbox.db));
    expect(settled).toMatchObject({ deliveries: 20, notifications: 20, duplicated: 0, planned: 0, sent: 20 });
  });

  it('killed: writes still commit, what falls due meanwhile is delivered once, and timers work again once it is back', async () => {
    const before = await deliveryCounts(sandbox.db);
    await redis.kill();
    const dueAt = new Date(Date.now() + 4000);
    const deadlines = Array.from({ length: 10 }, () => exactDeadline(dueAt, ['PT0S'], { countyLeader: null }));
    const killedAt = Date.now();
    for (const deadline of deadlines) await sandbox.publishDeadline(deadline);
    await waitFor(
      '10 planned with Redis dead',
      () => deliveryCounts(sandbox.db),
      (c) => c.planned === 10,
      {
        timeoutMs: 5_000,
      },
    );
    expect(Date.now() - killedAt).toBeLessThan(5_000);
    await waitFor(
      '10 sent by the Postgres fallback',
      () => deliveryCounts(sandbox.db),
      (c) => c.sent - before.sent === 10,
      {
        timeoutMs: 20_000,
      },
    );

    // Back, empty: new timers are armed and fire on time again (not only by the reconciler's pass).
    await redis.restart();
    const nextDue = new Date(Date.now() + 4000);
    const later = Array.from({ length: 5 }, () => exactDeadline(nextDue, ['PT0S'], { countyLeader: null }));
    for (const deadline of later) await sandbox.publishDeadline(deadline);
    await waitFor("the 5 new reminders' instant armed in Redis", delayedTimers, (armed) => armed === 1, {
      timeoutMs: 15_000,
    });
    const after = await waitFor(
      '5 more sent',
      () => deliveryCounts(sandbox.db),
      (c) => c.sent - before.sent === 15,
      {
        timeoutMs: 20_000,
      },
    );
    expect(after.deliveries - before.deliveries).toBe(15);
    expect(after.notifications - before.notifications).toBe(15);
    expect(after.duplicated).toBe(0);
    expect(await expectQuiet(1_500, () => deliveryCounts(sandbox.db))).toEqual(after);
  });
});
