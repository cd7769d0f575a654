import { expectQuiet, waitFor } from '@duban/testing';
import { sized, type Drill } from '../drill';
import { Stack } from '../system/stack';
import {
  createReminderMilestones,
  expectedDeliveries,
  inboxCounts,
  lateness,
  milestonesFor,
  reminderStates,
  sleep,
  spreadDueTimes,
  tally,
} from '../workload';

/**
 * (a) kill -9 the notifications process 3× while 2,000 reminders fall due. Each kill lands while stages are
 * due; the process is started again at once. Every stage must reach each of its recipients exactly once.
 */
export const notificationsKilled: Drill = {
  name: 'notifications-killed',
  summary:
    'kill -9 the notifications process 3× while 2,000 reminders fall due; each stage reaches each recipient once',
  async run({ scale, log }) {
    const reminders = sized(scale, 2_000, 150);
    const windowMs = sized(scale, 90_000, 15_000);
    const kills = 3;
    const stack = await Stack.start({ label: 'notifications-killed', env: ciTiming(scale) });
    try {
      const facts = await stack.demoFacts();
      const count = milestonesFor(reminders);
      // Creation must stay ahead of the due times: lead time for the writes and their planning.
      // (about 60 ms a milestone on two busy cores, with room to spare).
      const lead = Math.max(sized(scale, 45_000, 15_000), count * 100);
      const windowStart = Date.now() + lead;
      log(`creating ${count} milestones (${count * 3} reminders) due over ${windowMs / 1000} s from +${lead / 1000} s`);
      const { milestones, failures } = await createReminderMilestones(
        stack,
        facts,
        'A',
        spreadDueTimes(count, windowStart, windowMs),
      );
      const ids = milestones.map((m) => m.id);
      log(`created ${milestones.length}; ${Math.max(0, windowStart - Date.now())} ms before the first due time`);

      // Three kills spread over the window, each followed by an immediate restart.
      const restarts: number[] = [];
      for (let k = 0; k < kills; k++) {
        const at = windowStart + ((k + 0.5) * windowMs) / kills;
        await sleep(Math.max(0, at - Date.now()));
        const before = await reminderStates(stack, ids);
        await stack.app('notifications').stop('SIGKILL');
        log(`kill -9 #${k + 1} (sent so far ${before.sent ?? 0}, planned ${before.planned ?? 0})`);
        const startedAt = Date.now();
        stack.startApp('notifications');
        await stack.waitHealthy();
        restarts.push(Date.now() - startedAt);
      }

      const expected = expectedDeliveries(milestones);
      await waitFor(
        'every stage delivered',
        async () => [...(await inboxCounts(stack, ids)).values()].reduce((a, b) => a + b, 0),
        (arrived) => arrived >= expected.length,
        { timeoutMs: windowMs + 180_000, intervalMs: 1000 },
      ).catch((error: Error) => log(error.message));
      // Nothing more may arrive (a duplicate would come late).
      await expectQuiet(sized(scale, 10_000, 5_000), async () => [...(await inboxCounts(stack, ids)).values()]).catch(
        (error: Error) => log(`still arriving: ${error.message.slice(0, 200)}`),
      );
      const result = tally(expected, await inboxCounts(stack, ids));
      const states = await reminderStates(stack, ids);
      const problems = [...failures];
      if (result.unexpected > 0)
        problems.push(`${result.unexpected} notifications to a stage or recipient not planned`);
      if ((states.skipped ?? 0) > 0) problems.push(`${states.skipped} reminder stages skipped (planned too late)`);
      return {
        sent: result.sent,
        delivered: result.delivered,
        duplicated: result.duplicated,
        lost: result.lost,
        figures: {
          milestones: milestones.length,
          'reminder stages': milestones.length * 3,
          'kill -9': kills,
          'restart to healthy': restarts.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', '),
          'reminder rows': JSON.stringify(states),
          lateness: await lateness(stack, ids),
        },
        problems,
      };
    } finally {
      await stack.stop();
    }
  },
};

/** The short run polls faster than production (reconciler, relay), so that recoveries fit its time. */
export function ciTiming(scale: 'full' | 'ci'): Record<string, string> {
  return scale === 'ci' ? { DUBAN_REMINDER_RECONCILE_MS: '2000', DUBAN_OUTBOX_POLL_MS: '250' } : {};
}
