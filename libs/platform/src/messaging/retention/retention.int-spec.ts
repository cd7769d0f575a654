import { randomUUID } from 'node:crypto';
import { waitFor } from '@duban/testing';
import { Clock } from '../../clock/clock';
import { createMessagingSandbox, type MessagingSandbox } from '../__fixtures__/messaging-sandbox';
import { probeStream } from '../__fixtures__/probe-event';
import { ensureStream } from '../streams';
import { MessagingPruner, type RetentionSettings } from './messaging-pruner';

const DAY_MS = 86_400_000;
const NOW = new Date('2026-06-01T00:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);

describe('retention: outbox, inbox and request log pruned by age, streams by max_age (real Postgres and JetStream)', () => {
  let sandbox: MessagingSandbox;
  let clock: Clock;
  let pruner: MessagingPruner | undefined;

  beforeEach(async () => {
    sandbox = await createMessagingSandbox('retention');
    clock = new Clock();
    clock.setNow(NOW);
  });

  afterEach(async () => {
    await pruner?.stop();
    pruner = undefined;
    await sandbox.manager.streams.delete(sandbox.namespace.name(probeStream.name)).catch(() => undefined);
    await sandbox.close();
  });

  function prunerWith(retention: Partial<RetentionSettings> = {}): MessagingPruner {
    pruner = new MessagingPruner({
      dataSource: sandbox.dataSource,
      schema: sandbox.schema,
      clock,
      retention: {
        outboxMs: 7 * DAY_MS,
        inboxMs: 30 * DAY_MS,
        pruneIntervalMs: 3_600_000,
        pruneBatchSize: 2,
        ...retention,
      },
    });
    return pruner;
  }

  async function outboxRow(tag: string, createdAt: Date, publishedAt: Date | null): Promise<void> {
    await sandbox.dataSource.query(
      `INSERT INTO "${sandbox.schema}".outbox (id, aggregate_type, aggregate_id, subject, envelope, created_at, published_at)
       VALUES ($1, 'probe', $2, 'duban.projects.probe.recorded.v1', '{}', $3, $4)`,
      [randomUUID(), tag, createdAt, publishedAt],
    );
  }

  async function inboxRow(tag: string, handledAt: Date): Promise<void> {
    await sandbox.dataSource.query(
      `INSERT INTO "${sandbox.schema}".inbox (consumer, event_id, event_type, handled_at) VALUES ($1, $2, 'probe', $3)`,
      [tag, randomUUID(), handledAt],
    );
  }

  async function requestRow(key: string, appliedAt: Date): Promise<void> {
    await sandbox.dataSource.query(
      `INSERT INTO "${sandbox.schema}".request_log (key, subject, applied_at) VALUES ($1, 'projects.probe', $2)`,
      [key, appliedAt],
    );
  }

  async function remainingRequests(): Promise<string[]> {
    const rows: { key: string }[] = await sandbox.dataSource.query(
      `SELECT key FROM "${sandbox.schema}".request_log ORDER BY key`,
    );
    return rows.map((r) => r.key);
  }

  async function remaining(): Promise<{ outbox: string[]; inbox: string[]; deadLetters: number }> {
    const outbox: { tag: string }[] = await sandbox.dataSource.query(
      `SELECT aggregate_id AS tag FROM "${sandbox.schema}".outbox ORDER BY tag`,
    );
    const inbox: { tag: string }[] = await sandbox.dataSource.query(
      `SELECT consumer AS tag FROM "${sandbox.schema}".inbox ORDER BY tag`,
    );
    const [dead] = await sandbox.dataSource.query(`SELECT count(*)::int AS n FROM "${sandbox.schema}".dead_letter`);
    return { outbox: outbox.map((r) => r.tag), inbox: inbox.map((r) => r.tag), deadLetters: dead.n };
  }

  it('deletes published outbox rows past 7 days, inbox and request-log rows past 30, in batches; keeps the rest and every dead letter', async () => {
    for (const n of [1, 2, 3]) await outboxRow(`old-published-${n}`, daysAgo(9), daysAgo(8));
    await outboxRow('recent-published-1', daysAgo(7), daysAgo(6));
    await outboxRow('recent-published-2', daysAgo(1), daysAgo(1));
    // Never published (a long broker outage): it must survive any age.
    await outboxRow('old-unpublished', daysAgo(40), null);
    for (const n of [1, 2, 3, 4, 5]) await inboxRow(`old-${n}`, daysAgo(31));
    await requestRow('old-key', daysAgo(31));
    await requestRow('recent-key', daysAgo(29));
    await inboxRow('recent-1', daysAgo(29));
    await inboxRow('recent-2', daysAgo(0));
    await sandbox.dataSource.query(
      `INSERT INTO "${sandbox.schema}".dead_letter (consumer, subject, stream_sequence, deliveries, reason, payload, created_at)
       VALUES ('c', 'duban.projects.probe.recorded.v1', 1, 8, 'failed', '{}', $1)`,
      [daysAgo(400)],
    );

    // Batches of 2: five old inbox rows take three DELETEs.
    expect(await prunerWith().pruneOnce()).toEqual({ outbox: 3, inbox: 5, requests: 1 });
    expect(await remainingRequests()).toEqual(['recent-key']);
    expect(await remaining()).toEqual({
      outbox: ['old-unpublished', 'recent-published-1', 'recent-published-2'],
      inbox: ['recent-1', 'recent-2'],
      deadLetters: 1,
    });

    // A second run finds nothing more; the platform clock, not the machine's, says what is old.
    expect(await pruner!.pruneOnce()).toEqual({ outbox: 0, inbox: 0, requests: 0 });
    clock.setNow(new Date(NOW.getTime() + 2 * DAY_MS));
    expect(await pruner!.pruneOnce()).toEqual({ outbox: 1, inbox: 1, requests: 1 });
    expect(await remaining()).toEqual({
      outbox: ['old-unpublished', 'recent-published-2'],
      inbox: ['recent-2'],
      deadLetters: 1,
    });
  });

  it('prunes on its own timer while it runs', async () => {
    prunerWith({ pruneIntervalMs: 100 }).start();
    await waitFor('first run done', remaining, (r) => r.outbox.length === 0);
    await outboxRow('old', daysAgo(10), daysAgo(10));
    await inboxRow('old', daysAgo(60));
    await outboxRow('new', daysAgo(0), daysAgo(0));
    const left = await waitFor(
      'pruned by a later run',
      remaining,
      (r) => r.outbox.length === 1 && r.inbox.length === 0,
    );
    expect(left.outbox).toEqual(['new']);
  });

  it('gives the stream its max_age (an existing stream too), and the broker drops what is older', async () => {
    const name = sandbox.namespace.name(probeStream.name);
    await ensureStream(sandbox.manager, probeStream, sandbox.namespace, { duplicateWindowMs: 1000 });
    expect((await sandbox.manager.streams.info(name)).config.max_age).toBe(0);

    await ensureStream(sandbox.manager, probeStream, sandbox.namespace, { duplicateWindowMs: 1000, maxAgeMs: 2000 });
    expect((await sandbox.manager.streams.info(name)).config.max_age).toBe(2000 * 1_000_000);

    const subject = sandbox.namespace.subject('duban.projects.probe.recorded.v1');
    await sandbox.jetstream.publish(subject, '{"n":1}');
    await sandbox.jetstream.publish(subject, '{"n":2}');
    const count = async () => (await sandbox.manager.streams.info(name)).state.messages;
    expect(await count()).toBe(2);
    await waitFor('aged out', count, (n) => n === 0, { timeoutMs: 10_000 });
    await sandbox.jetstream.publish(subject, '{"n":3}');
    expect(await count()).toBe(1);
  });
});
