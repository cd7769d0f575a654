import type { Publishes } from './jetstream-publisher';
import { readStream, waitFor, type StoredMessage } from '@duban/testing';
import { createMessagingSandbox, type MessagingSandbox } from '../__fixtures__/messaging-sandbox';
import { ensureStream } from '../streams';
import { ProbeRecorded, probeStream } from '../__fixtures__/probe-event';
import { CorrelationContext } from '../../correlation/correlation-context';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox-relay';

const AGGREGATES = 10;
const PER_AGGREGATE = 100;
const TOTAL = AGGREGATES * PER_AGGREGATE;
/** How many aggregates the events are spread over, and how many events each has (TOTAL in all). */
interface Load {
  readonly aggregates: number;
  readonly perAggregate: number;
}
const LOAD: Load = { aggregates: AGGREGATES, perAggregate: PER_AGGREGATE };
/** The correlation an event prepared apart was made in (see writeEvents). */
const preparedCorrelation = (aggregate: string, n: number) => `prepared-${aggregate}-${n}`;

describe('OutboxRelay (real Postgres and JetStream)', () => {
  let sandbox: MessagingSandbox;
  let outbox: Outbox;
  let streamName: string;

  beforeEach(async () => {
    sandbox = await createMessagingSandbox('relay');
    outbox = new Outbox(sandbox.schema);
    streamName = sandbox.namespace.name(probeStream.name);
    await ensureStream(sandbox.manager, probeStream, sandbox.namespace, { duplicateWindowMs: 120_000 });
  });

  afterEach(async () => {
    await sandbox.manager.streams.delete(streamName).catch(() => undefined);
    await sandbox.close();
  });

  /**
   * Writes the load's events, one transaction per round, each round appending the next n to every aggregate:
   * one by one, in one statement (`appendMany`), or each prepared in a correlation of its own and all written
   * in one statement (`prepare`, `write`, as a group of writes does); each way must keep the same order.
   */
  async function writeEvents(load: Load = LOAD): Promise<void> {
    const aggregates = Array.from({ length: load.aggregates }, (_, a) => `agg-${a}`);
    for (let n = 0; n < load.perAggregate; n++) {
      await sandbox.dataSource.transaction(async (manager) => {
        if (n % 3 === 1) {
          await outbox.appendMany(
            manager,
            ProbeRecorded,
            aggregates.map((aggregate) => ({ data: { aggregate, n }, aggregateId: aggregate })),
          );
          return;
        }
        if (n % 3 === 2) {
          const prepared = aggregates.map((aggregate) =>
            CorrelationContext.run({ correlationId: preparedCorrelation(aggregate, n), causationId: null }, () =>
              outbox.prepare(ProbeRecorded, { aggregate, n }, { aggregateId: aggregate }),
            ),
          );
          await outbox.write(manager, prepared);
          return;
        }
        for (const aggregate of aggregates) {
          await outbox.append(manager, ProbeRecorded, { aggregate, n }, { aggregateId: aggregate });
        }
      });
    }
  }

  function relay(publisher: Publishes = sandbox.publisher, batchSize = 100): OutboxRelay {
    return new OutboxRelay({
      dataSource: sandbox.dataSource,
      publisher,
      namespace: sandbox.namespace,
      schema: sandbox.schema,
      databaseUrl: sandbox.databaseUrl,
      pollMs: 50,
      batchSize,
    });
  }

  async function unpublishedCount(): Promise<number> {
    const [row] = await sandbox.dataSource.query(
      `SELECT count(*)::int AS n FROM "${sandbox.schema}".outbox WHERE published_at IS NULL`,
    );
    return row.n;
  }

  async function streamCount(): Promise<number> {
    return (await sandbox.manager.streams.info(streamName)).state.messages;
  }

  function expectPerAggregateOrder(messages: StoredMessage[], load: Load = LOAD): void {
    const byAggregate = new Map<string, number[]>();
    for (const { envelope } of messages) {
      const data = envelope.data as { aggregate: string; n: number };
      byAggregate.set(data.aggregate, [...(byAggregate.get(data.aggregate) ?? []), data.n]);
    }
    expect(byAggregate.size).toBe(load.aggregates);
    for (const sequence of byAggregate.values()) {
      expect(sequence).toEqual(Array.from({ length: load.perAggregate }, (_, n) => n));
    }
  }

  it('publishes 1,000 events written while it was stopped, each exactly once, in per-aggregate order', async () => {
    await writeEvents();
    expect(await unpublishedCount()).toBe(TOTAL);
    expect(await streamCount()).toBe(0);

    const running = relay();
    running.start();
    await waitFor('outbox drained', unpublishedCount, (n) => n === 0);
    await running.stop();

    const messages = await readStream(sandbox.manager, streamName);
    expect(messages).toHaveLength(TOTAL);
    expect(new Set(messages.map((m) => m.envelope.id)).size).toBe(TOTAL);
    // The stream's dedupe key is the event id.
    expect(messages.every((m) => m.msgId === m.envelope.id)).toBe(true);
    expect(messages.every((m) => m.subject === sandbox.namespace.subject(ProbeRecorded.type))).toBe(true);
    expectPerAggregateOrder(messages);
    // An event prepared apart keeps the correlation it was made in, though written with others.
    const prepared = messages.filter(({ envelope }) => (envelope.data as { n: number }).n % 3 === 2);
    expect(prepared).toHaveLength(AGGREGATES * Math.floor((PER_AGGREGATE + 1) / 3));
    for (const { envelope } of prepared) {
      const { aggregate, n } = envelope.data as { aggregate: string; n: number };
      expect(envelope.correlationId).toBe(preparedCorrelation(aggregate, n));
    }
  });

  it('never publishes a row twice when two relays run at once', async () => {
    // Over 100 aggregates: a relay holds back a row while an earlier row of its aggregate is in another relay's
    // batch, so with 10 aggregates one relay's two batches in flight (40 rows) held the first row of every
    // aggregate, and the other's claims came back empty until a gap; under load one relay could drain the
    // outbox alone (980 rows against 20 in a quiet run). Here the other relay's next rows are free.
    const load: Load = { aggregates: 100, perAggregate: TOTAL / 100 };
    await writeEvents(load);
    const publishes = new Map<string, string[]>();
    // Count publications at the source: the stream's dedupe would hide a double publish.
    const counting = (name: string): Publishes =>
      new Proxy(sandbox.publisher, {
        get(target, property, receiver) {
          if (property !== 'publish') return Reflect.get(target, property, receiver);
          return (subject: string, data: string, options: { msgID: string }) => {
            publishes.set(options.msgID, [...(publishes.get(options.msgID) ?? []), name]);
            return target.publish(subject, data, options);
          };
        },
      });
    // Small batches so the two relays interleave many times over the 1,000 rows.
    const first = relay(counting('first'), 20);
    const second = relay(counting('second'), 20);
    first.start();
    second.start();
    await waitFor('outbox drained', unpublishedCount, (n) => n === 0);
    await Promise.all([first.stop(), second.stop()]);

    expect(publishes.size).toBe(TOTAL);
    const twice = [...publishes.values()].filter((by) => by.length > 1);
    expect(twice).toHaveLength(0);
    const byRelay = [...publishes.values()].flat();
    // Both relays really worked side by side (otherwise this test would prove nothing).
    expect(byRelay.filter((name) => name === 'first').length).toBeGreaterThan(0);
    expect(byRelay.filter((name) => name === 'second').length).toBeGreaterThan(0);

    const messages = await readStream(sandbox.manager, streamName);
    expect(messages).toHaveLength(TOTAL);
    expectPerAggregateOrder(messages, load);
  });

  it('keeps every aggregate in order when one publication fails mid-batch, publishing the rest pipelined', async () => {
    await writeEvents();
    const failing = { aggregate: 'agg-3', n: 40 };
    let failed = 0;
    let inFlight = 0;
    let mostInFlight = 0;
    // The fault: the first attempt at one row never reaches the stream, and its failure comes late (as a
    // timeout would), while the other publications of the batch are acked meanwhile.
    const faulty = new Proxy(sandbox.publisher, {
      get(target, property, receiver) {
        if (property !== 'publish') return Reflect.get(target, property, receiver);
        return async (subject: string, data: string, options: { msgID: string }) => {
          inFlight += 1;
          mostInFlight = Math.max(mostInFlight, inFlight);
          try {
            const { aggregate, n } = (JSON.parse(data) as { data: { aggregate: string; n: number } }).data;
            if (failed === 0 && aggregate === failing.aggregate && n === failing.n) {
              failed += 1;
              await new Promise((resolve) => setTimeout(resolve, 200));
              throw new Error('injected: publication lost');
            }
            return await target.publish(subject, data, options);
          } finally {
            inFlight -= 1;
          }
        };
      },
    });
    const batch = relay(faulty, TOTAL);

    await expect(batch.publishBatch()).rejects.toThrow('injected: publication lost');
    // Everything but the failed row and its aggregate's later rows was acked and marked published.
    const held = PER_AGGREGATE - failing.n;
    expect(await unpublishedCount()).toBe(held);
    const [failedRow] = await sandbox.dataSource.query(
      `SELECT publish_attempts, last_error FROM "${sandbox.schema}".outbox
        WHERE published_at IS NULL AND (envelope->'data'->>'n')::int = $1 AND aggregate_id = $2`,
      [failing.n, failing.aggregate],
    );
    expect(failedRow).toEqual({ publish_attempts: 1, last_error: 'injected: publication lost' });
    const afterFault = await readStream(sandbox.manager, streamName);
    expect(afterFault).toHaveLength(TOTAL - held);
    const stored = afterFault
      .map((m) => m.envelope.data as { aggregate: string; n: number })
      .filter((data) => data.aggregate === failing.aggregate)
      .map((data) => data.n);
    expect(stored).toEqual(Array.from({ length: failing.n }, (_, n) => n));
    // The batch's aggregates really were in flight together.
    expect(mostInFlight).toBeGreaterThan(1);

    expect(await batch.publishBatch()).toBe(held);
    expect(await unpublishedCount()).toBe(0);
    const messages = await readStream(sandbox.manager, streamName);
    expect(messages).toHaveLength(TOTAL);
    expect(new Set(messages.map((m) => m.envelope.id)).size).toBe(TOTAL);
    expectPerAggregateOrder(messages);
  });

  it('keeps every aggregate in order and loses nothing when a publication fails while the next batch is in flight', async () => {
    await writeEvents();
    // Rows are written round by round (every aggregate's n, then n + 1): a batch of 50 holds rounds n..n+4.
    const failing = { aggregate: 'agg-3', n: 42 };
    let failedAt: number | undefined;
    let failureSettled = false;
    /** Rounds (n) published by the other aggregates while the failing publication was pending. */
    const publishedMeanwhile: number[] = [];
    const publications = new Map<string, number>();
    let nextBatchSeen: () => void = () => undefined;
    const nextBatchPublishing = new Promise<void>((resolve) => (nextBatchSeen = resolve));
    const faulty = new Proxy(sandbox.publisher, {
      get(target, property, receiver) {
        if (property !== 'publish') return Reflect.get(target, property, receiver);
        return async (subject: string, data: string, options: { msgID: string }) => {
          publications.set(options.msgID, (publications.get(options.msgID) ?? 0) + 1);
          const { aggregate, n } = (JSON.parse(data) as { data: { aggregate: string; n: number } }).data;
          if (failedAt === undefined && aggregate === failing.aggregate && n === failing.n) {
            failedAt = n;
            // Late, as a timeout would be: the other aggregates go on meanwhile, into the next batch. (Held until
            // that is seen, or five seconds: then the assertion below says the next batch never came.)
            await Promise.race([nextBatchPublishing, new Promise((resolve) => setTimeout(resolve, 5_000))]);
            failureSettled = true;
            throw new Error('injected: publication lost');
          }
          if (failedAt !== undefined && !failureSettled) {
            publishedMeanwhile.push(n);
            if (n >= 45) nextBatchSeen();
          }
          return target.publish(subject, data, options);
        };
      },
    });
    const running = relay(faulty, 50);
    running.start();
    await waitFor('outbox drained', unpublishedCount, (n) => n === 0);
    await running.stop();

    // Pipelined: while the failing publication was pending, the batch after its own was claimed and the
    // other aggregates published from it (its rounds start at 45).
    expect(publishedMeanwhile.some((n) => n >= 45)).toBe(true);
    const messages = await readStream(sandbox.manager, streamName);
    expect(messages).toHaveLength(TOTAL);
    expect(new Set(messages.map((m) => m.envelope.id)).size).toBe(TOTAL);
    expectPerAggregateOrder(messages);
    // Only the failed row was published twice (its first attempt never reached the stream).
    const twice = [...publications.entries()].filter(([, times]) => times > 1);
    expect(twice).toHaveLength(1);
  });

  it("holds back an aggregate's later rows while another relay holds its earlier one, and publishes the others", async () => {
    await writeEvents();
    // Another relay's claim: agg-2's first row (n = 0), locked as a claim locks it.
    const other = sandbox.dataSource.createQueryRunner();
    await other.connect();
    await other.startTransaction();
    await other.query(
      `SELECT id FROM "${sandbox.schema}".outbox WHERE aggregate_id = 'agg-2' AND (envelope->'data'->>'n')::int = 0
          FOR UPDATE`,
    );
    // Two batches, the second claimed while the first is in flight (its rows are this relay's, not a blocker).
    // (Smaller batches would stall here: once a batch's oldest rows are all the held-back aggregate's, it
    // publishes nothing until the other relay lets go.)
    const running = relay(sandbox.publisher, TOTAL / 2);
    try {
      running.start();
      // Everything but agg-2 goes.
      await waitFor('the other aggregates published', unpublishedCount, (n) => n === PER_AGGREGATE);
      const [held] = await sandbox.dataSource.query(
        `SELECT count(*)::int AS n FROM "${sandbox.schema}".outbox WHERE published_at IS NULL AND aggregate_id = 'agg-2'`,
      );
      expect(held.n).toBe(PER_AGGREGATE);
    } finally {
      // The other relay gives its row up unpublished (a rollback): this relay takes agg-2 from its start.
      await other.rollbackTransaction();
      await other.release();
    }
    await waitFor('outbox drained', unpublishedCount, (n) => n === 0);
    await running.stop();
    const messages = await readStream(sandbox.manager, streamName);
    expect(messages).toHaveLength(TOTAL);
    expectPerAggregateOrder(messages);
  });

  it('refuses an event outside a transaction, and an event that breaks its contract', async () => {
    await expect(
      outbox.append(sandbox.dataSource.manager, ProbeRecorded, { aggregate: 'a', n: 1 }, { aggregateId: 'a' }),
    ).rejects.toThrow(/inside the transaction/);
    await expect(
      sandbox.dataSource.transaction((manager) =>
        outbox.append(manager, ProbeRecorded, { aggregate: 'a', n: -1 }, { aggregateId: 'a' }),
      ),
    ).rejects.toThrow();
    // Set-wise, one bad event refuses them all.
    await expect(
      sandbox.dataSource.transaction((manager) =>
        outbox.appendMany(manager, ProbeRecorded, [
          { data: { aggregate: 'a', n: 1 }, aggregateId: 'a' },
          { data: { aggregate: 'a', n: -1 }, aggregateId: 'a' },
        ]),
      ),
    ).rejects.toThrow();
    expect(await unpublishedCount()).toBe(0);
  });

  it('keeps an event whose transaction rolled back out of the outbox', async () => {
    await expect(
      sandbox.dataSource.transaction(async (manager) => {
        await outbox.append(manager, ProbeRecorded, { aggregate: 'a', n: 0 }, { aggregateId: 'a' });
        throw new Error('state change failed');
      }),
    ).rejects.toThrow('state change failed');
    expect(await unpublishedCount()).toBe(0);
  });
});
