import { expectQuiet, waitFor } from '@duban/testing';
import { sized, type Drill } from '../drill';
import { Stack } from '../system/stack';
import {
  inPool,
  markers,
  sleep,
  statusHistogram,
  tallyExpenditures,
  writeExpenditure,
  type ExpenditureWrite,
} from '../workload';
import { ciTiming } from './notifications-killed.drill';

/**
 * (d) NATS restarted twice (kill -9, store kept) during 5,000 writes. Each write is an expenditure that funding
 * flags, so its event must reach the notifications service as a notice in the city officer's inbox. Writes are
 * retried with their Idempotency-Key until answered; every 2xx write must be in the ledger once and its event
 * applied downstream exactly once.
 */
export const natsRestarted: Drill = {
  name: 'nats-restarted',
  summary: "NATS restarted twice during 5,000 writes: every 2xx write's event applied exactly once downstream",
  async run({ scale, log }) {
    const total = sized(scale, 5_000, 300);
    const downMs = sized(scale, 5_000, 2_000);
    const stack = await Stack.start({ label: 'nats-restarted', env: ciTiming(scale) });
    try {
      const facts = await stack.demoFacts();
      const names = markers('D', total);
      let started = 0;
      const restartAt = [Math.floor(total / 3), Math.floor((2 * total) / 3)];
      const restarts: Promise<void>[] = [];
      const restart = async (k: number) => {
        await stack.nats.kill();
        log(`NATS killed (#${k + 1}) after ${started} writes started; back in ${downMs / 1000} s`);
        await sleep(downMs);
        await stack.nats.restart();
        log(`NATS restarted (#${k + 1})`);
      };
      log(`${total} expenditure writes, 8 at a time`);
      const writes: ExpenditureWrite[] = await inPool(names, 8, (marker) => {
        started += 1;
        const k = restartAt.indexOf(started);
        if (k >= 0) restarts.push(restart(k));
        return writeExpenditure(stack, facts, marker);
      });
      await Promise.all(restarts);
      const answered = writes.filter((w) => w.outcome.answer?.status === 201).length;
      log(`writes done: ${answered} answered 201`);

      await waitFor(
        'every notice delivered',
        async () => (await tallyExpenditures(stack, writes)).delivered,
        (delivered) => delivered >= answered,
        { timeoutMs: 180_000, intervalMs: 1000 },
      ).catch((error: Error) => log(error.message.slice(0, 300)));
      await expectQuiet(sized(scale, 10_000, 5_000), () => tallyExpenditures(stack, writes)).catch((error: Error) =>
        log(`still changing: ${error.message.slice(0, 200)}`),
      );
      const result = await tallyExpenditures(stack, writes);
      const attempts = writes.flatMap((w) => w.outcome.attempts);
      const problems: string[] = [];
      if (result.unanswered > 0) problems.push(`${result.unanswered} writes got no 2xx within 2 minutes of retries`);
      const fiveHundreds = attempts.filter((a) => a.status >= 500 && a.status !== 503).length;
      if (fiveHundreds > 0) problems.push(`${fiveHundreds} answers were a 5xx other than 503`);
      return {
        sent: result.sent,
        delivered: result.delivered,
        duplicated: result.duplicated,
        lost: result.lost,
        figures: {
          'NATS restarts': `2 (kill -9, ${downMs / 1000} s down each)`,
          'writes retried': writes.filter((w) => w.outcome.attempts.length > 1).length,
          'attempts by status': statusHistogram(attempts),
          'ledger rows beyond one per write': result.ledgerDuplicates,
          '2xx writes missing from the ledger': result.ledgerLost,
          'writes never answered 2xx (recorded anyway)': `${result.unanswered} (${result.unansweredButRecorded})`,
        },
        problems,
      };
    } finally {
      await stack.stop();
    }
  },
};
