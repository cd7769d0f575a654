import { expectQuiet, waitFor } from '@duban/testing';
import IORedis from 'ioredis';
import { sized, type Drill } from '../drill';
import { Stack } from '../system/stack';
import {
  createReminderMilestones,
  expectedDeliveries,
  inboxCounts,
  lateness,
  milestonesFor,
  reminderStates,
  spreadDueTimes,
  tally,
} from '../workload';
import { ciTiming } from './notifications-killed.drill';

/** The BullMQ queue of reminders in the stack's namespace (apps/notifications: queuePrefix + queue name). */
const DELAYED_KEY = 'duban:drill:reminders:delayed';

/**
 * (b) every Redis key of the run deleted with 1,000 reminders pending: their timers are gone, and the
 * reconciler must rebuild them from Postgres. Every stage must still reach each recipient exactly once.
 */
export const redisFlushed: Drill = {
  name: 'redis-flushed',
  summary: 'every Redis key deleted with 1,000 reminders pending; each stage still reaches each recipient once',
  async run({ scale, log }) {
    const reminders = sized(scale, 1_000, 150);
    const windowMs = sized(scale, 60_000, 10_000);
    const stack = await Stack.start({ label: 'redis-flushed', env: ciTiming(scale) });
    const redis = new IORedis(stack.redis.url, { maxRetriesPerRequest: 1 });
    try {
      const facts = await stack.demoFacts();
      const count = milestonesFor(reminders);
      // Room to create every milestone before the first falls due, on a busy machine too (334 writes took
      // two minutes beside other work): the flush must find every stage still pending.
      const lead = sized(scale, 150_000, 20_000);
      const windowStart = Date.now() + lead;
      log(`creating ${count} milestones (${count * 3} reminders) due over ${windowMs / 1000} s from +${lead / 1000} s`);
      const { milestones, failures } = await createReminderMilestones(
        stack,
        facts,
        'B',
        spreadDueTimes(count, windowStart, windowMs),
      );
      const ids = milestones.map((m) => m.id);
      const total = milestones.length * 3;
      // Pending = planned in Postgres and armed in Redis, none due yet.
      await waitFor(
        'every stage planned and armed',
        async () => ({ states: await reminderStates(stack, ids), armed: await redis.zcard(DELAYED_KEY) }),
        ({ states, armed }) => (states.planned ?? 0) === total && armed >= total,
        { timeoutMs: Math.max(5_000, windowStart - Date.now() - 3_000), intervalMs: 250 },
      ).catch((error: Error) => log(`not all pending before the first due time: ${error.message.slice(0, 300)}`));
      const states = await reminderStates(stack, ids);
      const armed = await redis.zcard(DELAYED_KEY);
      const keys = await redis.dbsize();
      await redis.flushall();
      log(`deleted all ${keys} Redis keys (${armed} armed timers) with ${states.planned ?? 0} stages pending`);
      const pendingAtFlush = states.planned ?? 0;

      const expected = expectedDeliveries(milestones);
      await waitFor(
        'every stage delivered',
        async () => [...(await inboxCounts(stack, ids)).values()].reduce((a, b) => a + b, 0),
        (arrived) => arrived >= expected.length,
        { timeoutMs: windowStart + windowMs - Date.now() + 120_000, intervalMs: 1000 },
      ).catch((error: Error) => log(error.message));
      await expectQuiet(sized(scale, 10_000, 5_000), async () => [...(await inboxCounts(stack, ids)).values()]).catch(
        (error: Error) => log(`still arriving: ${error.message.slice(0, 200)}`),
      );
      const result = tally(expected, await inboxCounts(stack, ids));
      const finalStates = await reminderStates(stack, ids);
      const problems = [...failures];
      if (pendingAtFlush < total) problems.push(`only ${pendingAtFlush} of ${total} stages were pending at the flush`);
      if (result.unexpected > 0)
        problems.push(`${result.unexpected} notifications to a stage or recipient not planned`);
      if ((finalStates.skipped ?? 0) > 0) problems.push(`${finalStates.skipped} reminder stages skipped`);
      return {
        sent: result.sent,
        delivered: result.delivered,
        duplicated: result.duplicated,
        lost: result.lost,
        figures: {
          milestones: milestones.length,
          'reminder stages pending at the flush': pendingAtFlush,
          'Redis keys deleted': keys,
          'timers deleted': armed,
          'reminder rows': JSON.stringify(finalStates),
          lateness: await lateness(stack, ids),
        },
        problems,
      };
    } finally {
      redis.disconnect();
      await stack.stop();
    }
  },
};
