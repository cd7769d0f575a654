import type { Envelope } from '@duban/contracts';
import { waitFor } from '@duban/testing';
import { createMessagingSandbox, type MessagingSandbox } from '../__fixtures__/messaging-sandbox';
import { v7 as uuidv7 } from 'uuid';
import { ensureStream } from '../streams';
import { ProbeRecorded, probeStream } from '../__fixtures__/probe-event';
import { EventConsumer, on, type EventHandlerFn } from './event-consumer';

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

  async function startConsumer(handle: EventHandlerFn<{ aggregate: string; n: number; poison?: boolean }>) {
    consumer = new EventConsumer({
      durable: 'probe-consumer',
      stream: probeStream,
      handlers: [on(ProbeRecorded, handle)],
      dataSource: sandbox.dataSource,
      schema: sandbox.schema,
      jetstream: sandbox.jetstream,
      manager: sandbox.manager,
      namespace: sandbox.namespace,
      maxDeliver: MAX_DELIVER,
      retryDelayMs: 20,
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
    await startConsumer(async (event, manager) => {
      attempts.set(event.data.n, (attempts.get(event.data.n) ?? 0) + 1);
      if (event.data.poison) throw new Error('cannot handle this one');
      await recordEffect(event, manager);
    });
    const poison = envelope({ aggregate: 'a', n: 1, poison: true });
    const next = envelope({ aggregate: 'b', n: 2 });
    await publish(poison);
    await publish(next);

    const letters = await waitFor('poison dead-lettered', deadLetters, (d) => d.length > 0);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ event_id: poison.id, deliveries: MAX_DELIVER });
    expect(letters[0]?.reason).toContain('cannot handle this one');
    expect(attempts.get(1)).toBe(MAX_DELIVER);
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
});
