import { expectQuiet, waitFor } from '@duban/testing';
import { sized, type Drill } from '../drill';
import { APPS } from '../system/app-process';
import { Stack } from '../system/stack';
import {
  createReminderMilestones,
  expectedDeliveries,
  inboxCounts,
  inPool,
  lateness,
  markers,
  milestonesFor,
  reminderStates,
  sleep,
  spreadDueTimes,
  statusHistogram,
  tally,
  tallyExpenditures,
  writeExpenditure,
} from '../workload';
import { ciTiming } from './notifications-killed.drill';

/**
 * Several nodes of everything: three nats-server processes forming a JetStream cluster (streams at R3), two
 * processes of every app (two gateways, the client going round them as a balancer would). While expenditure
 * writes go on steadily through the gateways and reminders fall due, one NATS node and one process of each app
 * are killed (-9) at once, then started again. Every 2xx write's event must be applied exactly once, every
 * reminder stage due in the window delivered exactly once: neither lost with the killed processes nor doubled
 * by the two notification processes.
 */
export const cluster: Drill = {
  name: 'cluster',
  summary:
    'NATS ×3 (R3) and 2 processes of every app; kill -9 one NATS node and one of each app mid-run: nothing lost or doubled',
  async run({ scale, log }) {
    const totalWrites = sized(scale, 1_500, 150);
    const reminders = sized(scale, 900, 90);
    const windowMs = sized(scale, 60_000, 20_000);
    const downMs = sized(scale, 8_000, 3_000);
    const stack = await Stack.start({ label: 'cluster', env: ciTiming(scale), natsNodes: 3, replicas: 2 });
    try {
      const facts = await stack.demoFacts();
      const count = milestonesFor(reminders);
      // Creation must end before the due times: about 300 ms a milestone on two cores shared with ten processes.
      const lead = Math.max(sized(scale, 30_000, 15_000), count * 300);
      const windowStart = Date.now() + lead;
      log(
        `creating ${count} milestones (${count * 3} reminder stages) due over ${windowMs / 1000} s from +${lead / 1000} s`,
      );
      const { milestones, failures } = await createReminderMilestones(
        stack,
        facts,
        'C',
        spreadDueTimes(count, windowStart, windowMs),
      );
      const ids = milestones.map((m) => m.id);

      // Writes paced evenly over the window (from now, if creating the milestones ran late), the kill among them.
      const writesStart = Math.max(Date.now(), windowStart);
      log(`${totalWrites} expenditure writes over ${windowMs / 1000} s, 6 at a time`);
      const names = markers('C', totalWrites);
      const writing = inPool(names, 6, async (marker, index) => {
        await sleep(Math.max(0, writesStart + (index * windowMs) / totalWrites - Date.now()));
        return writeExpenditure(stack, facts, marker);
      });

      await sleep(Math.max(0, writesStart + windowMs * 0.4 - Date.now()));
      const victim = stack.natsNodes[1];
      if (!victim) throw new Error('the stack has no second NATS node');
      const before = await reminderStates(stack, ids);
      await Promise.all([victim.kill(), ...APPS.map((app) => stack.app(app, 0).stop('SIGKILL'))]);
      log(
        `kill -9: NATS node 2 and one process of each app (${APPS.join(', ')}); reminders sent so far ${before.sent ?? 0}`,
      );
      await sleep(downMs);
      await victim.restart();
      for (const app of APPS) stack.startApp(app, 0);
      const restartedAt = Date.now();
      await stack.waitHealthy();
      log(`restarted: all healthy again after ${((Date.now() - restartedAt) / 1000).toFixed(1)} s`);

      const writes = await writing;
      const answered = writes.filter((w) => w.outcome.answer?.status === 201).length;
      log(`writes done: ${answered} answered 201`);
      const expected = expectedDeliveries(milestones);
      await waitFor(
        'every notice and reminder delivered',
        async () => ({
          notices: (await tallyExpenditures(stack, writes)).delivered,
          reminders: [...(await inboxCounts(stack, ids)).values()].reduce((a, b) => a + b, 0),
        }),
        (arrived) => arrived.notices >= answered && arrived.reminders >= expected.length,
        { timeoutMs: 180_000, intervalMs: 1000 },
      ).catch((error: Error) => log(error.message.slice(0, 300)));
      // Nothing more may arrive (a duplicate would come late).
      await expectQuiet(sized(scale, 10_000, 5_000), async () => [
        (await tallyExpenditures(stack, writes)).duplicated,
        ...(await inboxCounts(stack, ids)).values(),
      ]).catch((error: Error) => log(`still changing: ${error.message.slice(0, 200)}`));

      const notices = await tallyExpenditures(stack, writes);
      const stages = tally(expected, await inboxCounts(stack, ids));
      const states = await reminderStates(stack, ids);
      const attempts = writes.flatMap((w) => w.outcome.attempts);
      const problems = [...failures];
      if (notices.unanswered > 0) problems.push(`${notices.unanswered} writes got no 2xx within 2 minutes of retries`);
      const fiveHundreds = attempts.filter((a) => a.status >= 500 && a.status !== 503).length;
      if (fiveHundreds > 0) problems.push(`${fiveHundreds} answers were a 5xx other than 503`);
      if (stages.unexpected > 0)
        problems.push(`${stages.unexpected} notifications to a stage or recipient not planned`);
      if ((states.skipped ?? 0) > 0) problems.push(`${states.skipped} reminder stages skipped (planned too late)`);
      return {
        sent: notices.sent + stages.sent,
        delivered: notices.delivered + stages.delivered,
        duplicated: notices.duplicated + stages.duplicated,
        lost: notices.lost + stages.lost,
        figures: {
          'NATS nodes': '3 (JetStream cluster, streams at R3)',
          'processes per app': 2,
          'kill -9': `NATS node 2 and one process of each of the five apps, ${downMs / 1000} s down`,
          'write events (sent/delivered/duplicated/lost)': `${notices.sent}/${notices.delivered}/${notices.duplicated}/${notices.lost}`,
          'reminder deliveries (sent/delivered/duplicated/lost)': `${stages.sent}/${stages.delivered}/${stages.duplicated}/${stages.lost}`,
          'writes retried': writes.filter((w) => w.outcome.attempts.length > 1).length,
          'attempts by status': statusHistogram(attempts),
          'ledger rows beyond one per write': notices.ledgerDuplicates,
          'reminder rows': JSON.stringify(states),
          'reminder lateness': await lateness(stack, ids),
        },
        problems,
      };
    } finally {
      await stack.stop();
    }
  },
};
