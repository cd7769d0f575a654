import type { Envelope } from '@duban/contracts';
import { testEnvironment, waitFor } from '@duban/testing';
import { AckPolicy, DeliverPolicy } from 'nats';
import { createMessagingSandbox, type MessagingSandbox } from '../__fixtures__/messaging-sandbox';
import { v7 as uuidv7 } from 'uuid';
import { Transactions } from '../../database/transactions';
import { connectNats } from '../nats-connection';
import { ensureStream } from '../streams';
import { ProbeRecorded, probeStream } from '../__fixtures__/probe-event';
import { EventConsumer, on, onEach, type EventHandlerBinding, type EventHandlerFn } from './event-consumer';

const MAX_DELIVER = 3;

describe('EventConsumer (real Postgres and JetStream)', () => {
  let sandbox: MessagingSandbox;
  let consumer: EventConsumer | undefined;
  let effects: string;

  beforeEach(async () => {
    sandbox = await createMessagingSandbox('consumer');
    effects = `"${sandbox.schema}".effects`;
    // No unique key on purpose: a duplicated effect must be visible as a second row.
    await sandbox.dataSource.query(
      `CREATE TABLE ${effects} (event_id uuid NOT NULL, aggregate text NOT NULL, n int NOT NULL)`,
    );
    await ensureStream(sandbox.manager, probeStream, sandbox.namespace, { duplicateWindowMs: 120_000 });
  });

  afterEach(async () => {
    await consumer?.stop();
    consumer = undefined;
    await sandbox.manager.streams.delete(sandbox.namespace.name(probeStream.name)).catch(() => undefined);
    await sandbox.close();
  });

  const recordEffect: EventHandlerFn<{ aggregate: string; n: number }> = async (event, manager) => {
    await manager.query(`INSERT INTO ${effects} (event_id, aggregate, n) VALUES ($1, $2, $3)`, [
      event.id,
      event.data.aggregate,
      event.data.n,
    ]);
  };

  async function startConsumer(
    handle: EventHandlerFn<{ aggregate: string; n: number; poison?: boolean }> | EventHandlerBinding,
    overrides: { jetstream?: MessagingSandbox['jetstream']; ackWaitMs?: number } = {},
  ) {
    consumer = new EventConsumer({
      durable: 'probe-consumer',
      stream: probeStream,
      handlers: [typeof handle === 'function' ? on(ProbeRecorded, handle) : handle],
      dataSource: sandbox.dataSource,
      schema: sandbox.schema,
      jetstream: overrides.jetstream ?? sandbox.jetstream,
      manager: sandbox.manager,
      namespace: sandbox.namespace,
      maxDeliver: MAX_DELIVER,
      retryDelayMs: 20,
      ackWaitMs: overrides.ackWaitMs,
    });
    await consumer.start();
  }

  function envelope(data: unknown, id = uuidv7()): Envelope {
    return {
      id,
      type: ProbeRecorded.type,
      version: 1,
      occurredAt: new Date().toISOString(),
      correlationId: 'test',
      causationId: null,
      data,
    };
  }

  /** Publishes straight to the stream; a distinct message id lets the same event in twice, as a redelivery would. */
  async function publish(event: Envelope | string): Promise<void> {
    const body = typeof event === 'string' ? event : JSON.stringify(event);
    await sandbox.jetstream.publish(sandbox.namespace.subject(ProbeRecorded.type), body, { msgID: uuidv7() });
  }

  async function effectRows(): Promise<{ event_id: string; n: number }[]> {
    return sandbox.dataSource.query(`SELECT event_id, n FROM ${effects} ORDER BY n`);
  }

  async function deadLetters(): Promise<{ event_id: string | null; deliveries: number; reason: string }[]> {
    return sandbox.dataSource.query(
      `SELECT event_id, deliveries, reason FROM "${sandbox.schema}".dead_letter ORDER BY stream_sequence`,
    );
  }

  async function inboxCount(): Promise<number> {
    const [row] = await sandbox.dataSource.query(`SELECT count(*)::int AS n FROM "${sandbox.schema}".inbox`);
    return row.n;
  }

  it('applies an event delivered twice only once', async () => {
    await startConsumer(recordEffect);
    const event = envelope({ aggregate: 'a', n: 1 });
    await publish(event);
    await publish(event);
    const marker = envelope({ aggregate: 'a', n: 2 });
    await publish(marker);

    // The marker comes after both copies: once it is applied, both copies have been processed.
    const rows = await waitFor('marker applied', effectRows, (r) => r.some((row) => row.n === 2));
    expect(rows).toEqual([
      { event_id: event.id, n: 1 },
      { event_id: marker.id, n: 2 },
    ]);
    expect(await inboxCount()).toBe(2);
    expect(await deadLetters()).toHaveLength(0);
  });

  it('retries a handler that fails twice and applies it once when it succeeds', async () => {
    const attempts = new Map<string, number>();
    await startConsumer(async (event, manager) => {
      const attempt = (attempts.get(event.id) ?? 0) + 1;
      attempts.set(event.id, attempt);
      // The effect is written before the failure: the rollback must undo it.
      await recordEffect(event, manager);
      if (attempt <= 2) throw new Error(`transient failure ${attempt}`);
    });
    const event = envelope({ aggregate: 'a', n: 7 });
    await publish(event);

    const rows = await waitFor('event applied', effectRows, (r) => r.length > 0);
    expect(rows).toEqual([{ event_id: event.id, n: 7 }]);
    expect(attempts.get(event.id)).toBe(3);
    expect(await inboxCount()).toBe(1);
    expect(await deadLetters()).toHaveLength(0);
  });

  it('dead-letters a poison message at the delivery limit while the next message is still handled', async () => {
    const attempts = new Map<number, number>();
    const poison = envelope({ aggregate: 'a', n: 1, poison: true });
    const next = envelope({ aggregate: 'b', n: 2 });
    // Both stored before the consumer starts, so that its first fetch takes them as one batch (published after
    // its start, they would come in one or two fetches, as the timing falls).
    await publish(poison);
    await publish(next);
    await startConsumer(async (event, manager) => {
      attempts.set(event.data.n, (attempts.get(event.data.n) ?? 0) + 1);
      if (event.data.poison) throw new Error('cannot handle this one');
      await recordEffect(event, manager);
    });

    const letters = await waitFor('poison dead-lettered', deadLetters, (d) => d.length > 0);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ event_id: poison.id, deliveries: MAX_DELIVER });
    expect(letters[0]?.reason).toContain('cannot handle this one');
    // Its first delivery failed in the batch and then alone (a failure of the batch's own making costs no
    // delivery); the next deliveries came alone.
    expect(attempts.get(1)).toBe(MAX_DELIVER + 1);
    expect(await effectRows()).toEqual([{ event_id: next.id, n: 2 }]);
    expect(attempts.get(2)).toBe(1);
  });

  it('dead-letters a message that fails its schema at once, and keeps flowing', async () => {
    await startConsumer(recordEffect);
    await publish('{not json');
    await publish(JSON.stringify(envelope({ aggregate: 'a', n: 'three' })));
    const good = envelope({ aggregate: 'a', n: 3 });
    await publish(good);

    const letters = await waitFor('both dead-lettered', deadLetters, (d) => d.length === 2);
    expect(letters.map((letter) => letter.deliveries)).toEqual([1, 1]);
    expect(letters[0]?.reason).toMatch(/invalid message/);
    expect(letters[1]?.reason).toMatch(/invalid message.*n/s);
    expect(await waitFor('good applied', effectRows, (r) => r.length === 1)).toEqual([{ event_id: good.id, n: 3 }]);
  });

  it('reads only the subject of its one event type, also when it was made before to read the whole stream', async () => {
    const stream = sandbox.namespace.name(probeStream.name);
    const durable = sandbox.namespace.name('probe-consumer');
    // As an earlier version made it: the stream's whole subject.
    await sandbox.manager.consumers.add(stream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: sandbox.namespace.subject(probeStream.subjects),
    });
    await startConsumer(recordEffect);
    const info = await sandbox.manager.consumers.info(stream, durable);
    expect(info.config.filter_subject).toBe(sandbox.namespace.subject(ProbeRecorded.type));

    // Another type's event is not delivered to it at all; its own still is.
    await sandbox.jetstream.publish(sandbox.namespace.subject('duban.projects.probe.ignored.v1'), '{}', {
      msgID: uuidv7(),
    });
    const mine = envelope({ aggregate: 'a', n: 1 });
    await publish(mine);
    expect(await waitFor('applied', effectRows, (r) => r.length === 1)).toEqual([{ event_id: mine.id, n: 1 }]);
    const after = await sandbox.manager.consumers.info(stream, durable);
    expect(after.delivered.consumer_seq).toBe(1);
    expect(await deadLetters()).toHaveLength(0);
  });

  describe('batches: the messages at hand applied in one transaction', () => {
    const BATCH = 60;

    /** Publishes n = 0..count-1 for aggregates a0..a4 before any consumer runs, so they arrive together. */
    async function publishBacklog(count: number, poisonAt?: number): Promise<Envelope[]> {
      const events = Array.from({ length: count }, (_, n) =>
        envelope({ aggregate: `a${n % 5}`, n, ...(n === poisonAt ? { poison: true } : {}) }),
      );
      await Promise.all(
        events.map((event) =>
          sandbox.jetstream.publish(sandbox.namespace.subject(ProbeRecorded.type), JSON.stringify(event), {
            msgID: event.id,
          }),
        ),
      );
      return events;
    }

    async function transactionsUsed(): Promise<number> {
      const [row] = await sandbox.dataSource.query(`SELECT count(DISTINCT tx)::int AS n FROM "${sandbox.schema}".txs`);
      return row.n;
    }

    beforeEach(async () => {
      await sandbox.dataSource.query(
        `CREATE TABLE "${sandbox.schema}".txs (event_id uuid NOT NULL, tx bigint NOT NULL)`,
      );
    });

    it('applies a backlog in a few transactions, in stream order, each event once, with its after-commit work run once after the commit', async () => {
      const transactions = new Transactions(sandbox.dataSource);
      transactions.onModuleInit();
      const afterCommit: { id: string; committed: boolean }[] = [];
      const order: number[] = [];
      const events = await publishBacklog(BATCH);
      await startConsumer(async (event, tx) => {
        order.push(event.data.n);
        await recordEffect(event, tx);
        await tx.query(`INSERT INTO "${sandbox.schema}".txs VALUES ($1, txid_current())`, [event.id]);
        transactions.afterCommit(tx, async () => {
          // Seen from another connection: the work runs only once the effect is committed.
          const [row] = await sandbox.dataSource.query(
            `SELECT count(*)::int AS n FROM ${effects} WHERE event_id = $1`,
            [event.id],
          );
          afterCommit.push({ id: event.id, committed: row.n === 1 });
        });
      });

      await waitFor('backlog applied', effectRows, (rows) => rows.length === BATCH);
      await waitFor(
        'after-commit work done',
        async () => afterCommit.length,
        (n) => n === BATCH,
      );
      const rows = await effectRows();
      expect(rows.map((row) => row.event_id).sort()).toEqual(events.map((event) => event.id).sort());
      expect(order).toEqual(events.map((event) => (event.data as { n: number }).n));
      expect(await inboxCount()).toBe(BATCH);
      // Batched: far fewer transactions than events (the first arrivals may come alone).
      expect(await transactionsUsed()).toBeLessThan(BATCH / 3);
      expect(new Set(afterCommit.map((work) => work.id)).size).toBe(BATCH);
      expect(afterCommit.every((work) => work.committed)).toBe(true);
      expect(await deadLetters()).toHaveLength(0);
    });

    it('lets a poison message in a batch fail alone: the others commit once, in order, and it is dead-lettered at the limit', async () => {
      const POISON = 23;
      const attempts = new Map<number, number>();
      const transactions = new Transactions(sandbox.dataSource);
      transactions.onModuleInit();
      const afterCommit = new Map<number, number>();
      const events = await publishBacklog(BATCH, POISON);
      await startConsumer(async (event, tx) => {
        attempts.set(event.data.n, (attempts.get(event.data.n) ?? 0) + 1);
        await recordEffect(event, tx);
        await tx.query(`INSERT INTO "${sandbox.schema}".txs VALUES ($1, txid_current())`, [event.id]);
        transactions.afterCommit(
          tx,
          async () => void afterCommit.set(event.data.n, (afterCommit.get(event.data.n) ?? 0) + 1),
        );
        if (event.data.poison) throw new Error('cannot handle this one');
      });

      const letters = await waitFor('poison dead-lettered', deadLetters, (d) => d.length > 0);
      await waitFor('the others applied', effectRows, (rows) => rows.length === BATCH - 1);
      expect(letters).toHaveLength(1);
      expect(letters[0]).toMatchObject({ event_id: events[POISON]?.id, deliveries: MAX_DELIVER });
      expect(letters[0]?.reason).toContain('cannot handle this one');
      // A delivery that arrives in a batch is tried there, then alone (a failure the batch caused, such as a
      // deadlock, costs no delivery); a delivery that arrives alone is tried once. The first came in the batch.
      expect(attempts.get(POISON)).toBeGreaterThan(MAX_DELIVER);
      expect(attempts.get(POISON)).toBeLessThanOrEqual(2 * MAX_DELIVER);
      const rows = await effectRows();
      // Each of the others once (no unique key on effects: a double would show), the poison's effect never.
      expect(rows.map((row) => row.n)).toEqual(
        events.map((event) => (event.data as { n: number }).n).filter((n) => n !== POISON),
      );
      expect(new Set(rows.map((row) => row.event_id)).size).toBe(BATCH - 1);
      expect(await inboxCount()).toBe(BATCH - 1);
      // The after-commit work of a rolled-back attempt never ran; each committed event's ran once.
      expect(afterCommit.has(POISON)).toBe(false);
      expect([...afterCommit.values()].every((times) => times === 1)).toBe(true);
      expect(afterCommit.size).toBe(BATCH - 1);
      // Still batched around the poison.
      expect(await transactionsUsed()).toBeLessThan(BATCH / 3);
    });

    it('gives a set-wise handler the runs of a batch: each event once, in order, a redelivery in a run not again, a poison failing alone', async () => {
      const POISON = 23;
      const runs: number[][] = [];
      const attempts = new Map<number, number>();
      const transactions = new Transactions(sandbox.dataSource);
      transactions.onModuleInit();
      const afterCommit = new Map<number, number>();
      const events = await publishBacklog(BATCH, POISON);
      // A second copy of an event, after it in the stream (as a redelivery would be): no second effect.
      await publish(events[5] as Envelope);
      await startConsumer(
        onEach(ProbeRecorded, async (events, tx) => {
          runs.push(events.map((event) => event.data.n));
          for (const { data } of events) attempts.set(data.n, (attempts.get(data.n) ?? 0) + 1);
          await tx.query(
            `INSERT INTO ${effects} (event_id, aggregate, n) SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[])`,
            [events.map((e) => e.id), events.map((e) => e.data.aggregate), events.map((e) => e.data.n)],
          );
          transactions.afterCommit(tx, async () => {
            for (const { data } of events) afterCommit.set(data.n, (afterCommit.get(data.n) ?? 0) + 1);
          });
          if (events.some((event) => (event.data as { poison?: boolean }).poison)) {
            throw new Error('cannot handle this one');
          }
        }),
      );

      const letters = await waitFor('poison dead-lettered', deadLetters, (d) => d.length > 0);
      await waitFor('the others applied', effectRows, (rows) => rows.length === BATCH - 1);
      expect(letters).toHaveLength(1);
      expect(letters[0]).toMatchObject({ event_id: events[POISON]?.id, deliveries: MAX_DELIVER });
      // Really set-wise: some run held more than one event.
      expect(runs.some((run) => run.length > 1)).toBe(true);
      // Tried in its run, then alone (as a single event's handler is): at most twice per delivery.
      expect(attempts.get(POISON)).toBeGreaterThan(MAX_DELIVER);
      expect(attempts.get(POISON)).toBeLessThanOrEqual(2 * MAX_DELIVER);
      const rows = await effectRows();
      expect(rows.map((row) => row.n)).toEqual(
        events.map((event) => (event.data as { n: number }).n).filter((n) => n !== POISON),
      );
      expect(new Set(rows.map((row) => row.event_id)).size).toBe(BATCH - 1);
      expect(await inboxCount()).toBe(BATCH - 1);
      // Each run is in stream order.
      for (const run of runs) expect(run).toEqual([...run].sort((a, b) => a - b));
      // The after-commit work of the rolled-back runs never ran; each committed event's ran once.
      expect(afterCommit.has(POISON)).toBe(false);
      expect(afterCommit.size).toBe(BATCH - 1);
      expect([...afterCommit.values()].every((times) => times === 1)).toBe(true);
    });

    it('applies the next batch while a batch before runs its after-commit work, runs that work in commit order, and acks a batch only after its own', async () => {
      const transactions = new Transactions(sandbox.dataSource);
      transactions.onModuleInit();
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const workDone: number[] = [];
      await startConsumer(async (event, tx) => {
        await recordEffect(event, tx);
        transactions.afterCommit(tx, async () => {
          // The first event's work is held until the test lets it go.
          if (event.data.n === 0) await gate;
          workDone.push(event.data.n);
        });
      });
      await publish(envelope({ aggregate: 'a0', n: 0 }));
      await waitFor('the first event committed', effectRows, (rows) => rows.length === 1);
      for (let n = 1; n < 10; n++) await publish(envelope({ aggregate: `a${n % 5}`, n }));

      // A later batch commits while the first one's work is held; its own work waits for it, and no ack is sent.
      await waitFor('a later batch committed', effectRows, (rows) => rows.length > 1);
      const stream = sandbox.namespace.name(probeStream.name);
      const held = await sandbox.manager.consumers.info(stream, consumer?.durableName ?? '');
      expect(workDone).toEqual([]);
      expect(held.num_ack_pending).toBeGreaterThanOrEqual((await effectRows()).length);

      release();
      await waitFor(
        'all the work done',
        async () => workDone.length,
        (n) => n === 10,
      );
      expect(workDone).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      await waitFor(
        'all acked',
        () => sandbox.manager.consumers.info(stream, consumer?.durableName ?? ''),
        (state) => state.num_ack_pending === 0 && state.num_pending === 0,
      );
      expect((await effectRows()).map((row) => row.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(await inboxCount()).toBe(10);
    });

    it('applies a batch once when the process dies between its commit and its acks', async () => {
      // The first instance has a connection of its own, closed the moment its first batch commits: a crash
      // after the commit and before any ack. Its messages come back to the second instance after the ack wait.
      const doomed = await connectNats(testEnvironment().DUBAN_NATS_URL as string, 'test-consumer-doomed');
      const transactions = new Transactions(sandbox.dataSource);
      transactions.onModuleInit();
      let crashed = false;
      const handled = new Map<string, number>();
      const handler: EventHandlerFn<{ aggregate: string; n: number }> = async (event, tx) => {
        handled.set(event.id, (handled.get(event.id) ?? 0) + 1);
        await recordEffect(event, tx);
        if (!crashed) {
          crashed = true;
          transactions.afterCommit(tx, () => doomed.close());
        }
      };
      const events = await publishBacklog(BATCH);
      await startConsumer(handler, { jetstream: doomed.jetstream(), ackWaitMs: 1_000 });
      await waitFor('first instance crashed', async () => doomed.isClosed(), Boolean);
      await waitFor('first batch committed', effectRows, (rows) => rows.length > 0);
      await consumer?.stop().catch(() => undefined);
      const committedBeforeCrash = (await effectRows()).length;

      await startConsumer(handler, { ackWaitMs: 1_000 });
      await waitFor('all applied', effectRows, (rows) => rows.length === BATCH);
      const info = await waitFor(
        'nothing pending',
        () => sandbox.manager.consumers.info(sandbox.namespace.name(probeStream.name), consumer?.durableName ?? ''),
        (state) => state.num_ack_pending === 0 && state.num_pending === 0,
      );
      const rows = await effectRows();
      expect(new Set(rows.map((row) => row.event_id)).size).toBe(BATCH);
      expect(rows).toHaveLength(BATCH);
      expect(rows.map((row) => row.event_id).sort()).toEqual(events.map((event) => event.id).sort());
      expect(await inboxCount()).toBe(BATCH);
      // The committed batch really was delivered again, and the inbox made it a no-op.
      expect(committedBeforeCrash).toBeGreaterThan(0);
      // (the consumer's delivery count includes redeliveries).
      expect(info.delivered.consumer_seq).toBeGreaterThan(BATCH);
      expect([...handled.values()].every((times) => times === 1)).toBe(true);
    });
  });
});
