import type { JetStreamClient } from 'nats';
import { readStream, waitFor, type StoredMessage } from '@duban/testing';
import { createMessagingSandbox, type MessagingSandbox } from '../__fixtures__/messaging-sandbox';
import { ensureStream } from '../streams';
import { ProbeRecorded, probeStream } from '../__fixtures__/probe-event';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox-relay';

const AGGREGATES = 10;
const PER_AGGREGATE = 100;
const TOTAL = AGGREGATES * PER_AGGREGATE;

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

  /** Writes TOTAL events, one transaction per round, each round appending the next n to every aggregate. */
  async function writeEvents(): Promise<void> {
    for (let n = 0; n < PER_AGGREGATE; n++) {
      await sandbox.dataSource.transaction(async (manager) => {
        for (let a = 0; a < AGGREGATES; a++) {
          await outbox.append(manager, ProbeRecorded, { aggregate: `agg-${a}`, n }, { aggregateId: `agg-${a}` });
        }
      });
    }
  }

  function relay(jetstream: JetStreamClient = sandbox.jetstream, batchSize = 100): OutboxRelay {
    return new OutboxRelay({
      dataSource: sandbox.dataSource,
      jetstream,
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

  function expectPerAggregateOrder(messages: StoredMessage[]): void {
    const byAggregate = new Map<string, number[]>();
    for (const { envelope } of messages) {
      const data = envelope.data as { aggregate: string; n: number };
      byAggregate.set(data.aggregate, [...(byAggregate.get(data.aggregate) ?? []), data.n]);
    }
    expect(byAggregate.size).toBe(AGGREGATES);
    for (const sequence of byAggregate.values()) {
      expect(sequence).toEqual(Array.from({ length: PER_AGGREGATE }, (_, n) => n));
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
  });

  it('never publishes a row twice when two relays run at once', async () => {
    await writeEvents();
    const publishes = new Map<string, string[]>();
    // Count publications at the source: the stream's dedupe would hide a double publish.
    const counting = (name: string): JetStreamClient =>
      new Proxy(sandbox.jetstream, {
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
