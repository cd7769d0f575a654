import { expectQuiet, waitFor } from '@duban/testing';
import { connect, type ConsumerInfo, type NatsConnection } from 'nats';
import { sized, type Drill } from '../drill';
import { Stack } from '../system/stack';
import { inPool, markers, tallyExpenditures, writeExpenditure, type ExpenditureWrite } from '../workload';
import { ciTiming } from './notifications-killed.drill';

const DURABLE = 'notifications-funding';

/**
 * (f) A consumer killed between commit and ack. The notifications process reaches NATS through a proxy; the
 * drill holds back everything it sends (its acks among them) while funding's notices arrive, waits until the
 * consumer has committed them (the inbox rows are in Postgres), then kills it with SIGKILL and throws the
 * held acks away. The broker still counts those messages unacknowledged and redelivers them to the restarted
 * process: the inbox must make each redelivery a no-op, so each notice reaches the inbox exactly once.
 */
export const consumerKilled: Drill = {
  name: 'consumer-killed',
  summary: 'a consumer killed between commit and ack: redelivery applies nothing twice',
  async run({ scale, log }) {
    const rounds = sized(scale, 3, 1);
    const perRound = sized(scale, 60, 20);
    const stack = await Stack.start({
      label: 'consumer-killed',
      env: ciTiming(scale),
      natsThroughProxy: ['notifications'],
    });
    const proxy = stack.proxy;
    if (!proxy) throw new Error('the stack has no NATS proxy');
    const nats: NatsConnection = await connect({ servers: stack.nats.url });
    try {
      const facts = await stack.demoFacts();
      const consumer = await findConsumer(nats, DURABLE);
      const writes: ExpenditureWrite[] = [];
      // Warm-up: the consumer is pulling and handling notices.
      const warm = await inPool(markers('F0', 5), 5, (marker) => writeExpenditure(stack, facts, marker));
      writes.push(...warm);
      await waitFor(
        'warm-up notices',
        () => tallyExpenditures(stack, warm),
        (t) => t.delivered === warm.length,
        {
          timeoutMs: 60_000,
          intervalMs: 250,
        },
      );

      let caught = 0;
      let redeliveries = 0;
      let kills = 0;
      for (let round = 1; kills < rounds && round <= rounds + 3; round++) {
        const before = await consumer.info();
        proxy.holdUpstream();
        const batch = await inPool(markers(`F${round}`, perRound), 8, (marker) =>
          writeExpenditure(stack, facts, marker),
        );
        writes.push(...batch);
        // Committed: the notice (written in the same transaction as the inbox row) is in Postgres.
        const committed = await waitFor(
          'notices committed while acks are held',
          async () => (await tallyExpenditures(stack, batch)).delivered,
          (delivered) => delivered > 0,
          { timeoutMs: 15_000, intervalMs: 100 },
        ).catch(() => 0);
        if (committed === 0) {
          // The consumer had no pull request open when its traffic was held: nothing reached it. Let it go
          // on normally and try another round.
          proxy.release();
          log(`round ${round}: nothing reached the consumer while held; released, trying again`);
          continue;
        }
        const settled = await expectQuiet(1_000, async () => (await tallyExpenditures(stack, batch)).delivered).catch(
          () => committed,
        );
        const held = await consumer.info();
        const heldBytes = proxy.heldBytes;
        await stack.app('notifications').stop('SIGKILL');
        proxy.dropAll();
        kills += 1;
        const unacked = held.num_ack_pending;
        caught += Math.min(settled, unacked);
        log(
          `round ${round}: ${settled} of ${batch.length} notices committed, ${unacked} unacked at the broker ` +
            `(${heldBytes} bytes it sent dropped), notifications killed with SIGKILL`,
        );
        stack.startApp('notifications');
        await stack.waitHealthy();
        // The broker redelivers after the consumer's ack wait (30 s); then nothing is left unacknowledged.
        const after = await waitFor(
          'redelivered and acknowledged',
          () => consumer.info(),
          (info) => info.num_ack_pending === 0 && info.num_pending === 0,
          { timeoutMs: 120_000, intervalMs: 500 },
        ).catch(async (error: Error) => {
          log(error.message.slice(0, 300));
          return consumer.info();
        });
        // The consumer counts every delivery, the stream every message: the difference is redeliveries.
        const redelivered =
          after.delivered.consumer_seq -
          before.delivered.consumer_seq -
          (after.delivered.stream_seq - before.delivered.stream_seq);
        redeliveries += redelivered;
        log(`round ${round}: ${redelivered} messages seen redelivered, all acknowledged`);
      }

      const answered = writes.filter((w) => w.outcome.answer?.status === 201).length;
      await waitFor(
        'every notice delivered',
        async () => (await tallyExpenditures(stack, writes)).delivered,
        (delivered) => delivered >= answered,
        { timeoutMs: 120_000, intervalMs: 1000 },
      ).catch((error: Error) => log(error.message.slice(0, 300)));
      await expectQuiet(5_000, () => tallyExpenditures(stack, writes)).catch((error: Error) =>
        log(`still changing: ${error.message.slice(0, 200)}`),
      );
      const result = await tallyExpenditures(stack, writes);
      const info = await consumer.info();
      const inboxRows = await stack.sql<{ count: string }>(
        `SELECT count(*) AS count FROM notifications.inbox WHERE consumer = $1`,
        [DURABLE],
      );
      const problems: string[] = [];
      if (caught === 0) problems.push('no message was caught between commit and ack: the drill proved nothing');
      if (kills < rounds) problems.push(`only ${kills} of ${rounds} kills landed between commit and ack`);
      if (result.unanswered > 0) problems.push(`${result.unanswered} writes got no 2xx`);
      if (info.num_ack_pending > 0 || info.num_pending > 0) {
        problems.push(`the consumer still has ${info.num_pending} pending and ${info.num_ack_pending} unacknowledged`);
      }
      return {
        sent: result.sent,
        delivered: result.delivered,
        duplicated: result.duplicated,
        lost: result.lost,
        figures: {
          'kills between commit and ack': kills,
          'messages committed but unacknowledged at a kill': caught,
          'redeliveries seen at the broker': redeliveries,
          'consumer delivered / acked (stream sequence)': `${info.delivered.stream_seq} / ${info.ack_floor.stream_seq}`,
          [`inbox rows of ${DURABLE}`]: Number(inboxRows[0]?.count ?? 0),
        },
        problems,
      };
    } finally {
      await nats.close();
      await stack.stop();
    }
  },
};

/** The durable consumer `name` (in whatever namespace and stream), read fresh on each call. */
async function findConsumer(nats: NatsConnection, name: string): Promise<{ info(): Promise<ConsumerInfo> }> {
  const jsm = await nats.jetstreamManager();
  for await (const stream of jsm.streams.list()) {
    for await (const consumer of jsm.consumers.list(stream.config.name)) {
      if (consumer.name.endsWith(`_${name}`) || consumer.name === name) {
        return { info: () => jsm.consumers.info(stream.config.name, consumer.name) };
      }
    }
  }
  throw new Error(`no consumer named ${name}`);
}
