import { NatsServerProcess, readStream, waitFor } from '@duban/testing';
import { createMessagingSandbox, type MessagingSandbox } from './__fixtures__/messaging-sandbox';
import { ProbeRecorded, probeStream } from './__fixtures__/probe-event';
import { EventConsumer, on } from './consumer/event-consumer';
import { Outbox } from './outbox/outbox';
import { JetStreamPublisher } from './outbox/jetstream-publisher';
import { OutboxRelay } from './outbox/outbox-relay';
import { ensureStream } from './streams';

const TOTAL = 1000;
const AGGREGATES = 10;

/**
 * The broker dies mid-stream (SIGKILL) and comes back on the same store: the outbox keeps what could not
 * be published, the consumer picks up where it was, and the stream's dedupe absorbs re-publications.
 * Runs against a private nats-server so the machine's shared broker is never touched.
 */
describe('a NATS outage in the middle of the stream', () => {
  let server: NatsServerProcess;
  let sandbox: MessagingSandbox;
  let relay: OutboxRelay;
  let publisher: JetStreamPublisher;
  let consumer: EventConsumer;
  let effects: string;

  beforeAll(async () => {
    server = await NatsServerProcess.start();
    sandbox = await createMessagingSandbox('outage', server.url);
    effects = `"${sandbox.schema}".effects`;
    await sandbox.dataSource.query(
      `CREATE TABLE ${effects} (event_id uuid NOT NULL, aggregate text NOT NULL, n int NOT NULL)`,
    );
    await ensureStream(sandbox.manager, probeStream, sandbox.namespace, { duplicateWindowMs: 600_000 });
  });

  afterAll(async () => {
    await consumer?.stop().catch(() => undefined);
    await relay?.stop();
    publisher?.close();
    await sandbox?.close();
    await server?.stop();
  });

  async function count(sql: string): Promise<number> {
    const [row] = await sandbox.dataSource.query(sql);
    return row.n;
  }

  it('loses no event and applies none twice', async () => {
    publisher = new JetStreamPublisher(sandbox.nats, { timeoutMs: 1000 });
    relay = new OutboxRelay({
      dataSource: sandbox.dataSource,
      publisher,
      namespace: sandbox.namespace,
      schema: sandbox.schema,
      databaseUrl: sandbox.databaseUrl,
      pollMs: 50,
      batchSize: 25,
    });
    consumer = new EventConsumer({
      durable: 'outage-consumer',
      stream: probeStream,
      handlers: [
        on(ProbeRecorded, async (event, manager) => {
          await manager.query(`INSERT INTO ${effects} VALUES ($1, $2, $3)`, [
            event.id,
            event.data.aggregate,
            event.data.n,
          ]);
        }),
      ],
      dataSource: sandbox.dataSource,
      schema: sandbox.schema,
      jetstream: sandbox.jetstream,
      manager: sandbox.manager,
      namespace: sandbox.namespace,
      maxDeliver: 50,
      retryDelayMs: 20,
      ackWaitMs: 2000,
    });
    await consumer.start();
    relay.start();

    const outbox = new Outbox(sandbox.schema);
    const writing = (async () => {
      for (let n = 0; n < TOTAL / AGGREGATES; n++) {
        await sandbox.dataSource.transaction(async (manager) => {
          for (let a = 0; a < AGGREGATES; a++) {
            await outbox.append(manager, ProbeRecorded, { aggregate: `agg-${a}`, n }, { aggregateId: `agg-${a}` });
          }
        });
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();

    // Kill the broker once part of the stream has been applied, while writes continue.
    await waitFor(
      'first effects',
      () => count(`SELECT count(*)::int AS n FROM ${effects}`),
      (n) => n >= 200,
    );
    await server.kill();
    const appliedDuringOutage = await count(`SELECT count(*)::int AS n FROM ${effects}`);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await server.restart();
    await writing;

    await waitFor(
      'every event applied',
      () => count(`SELECT count(*)::int AS n FROM ${effects}`),
      (n) => n >= TOTAL,
      { timeoutMs: 60_000 },
    );
    await waitFor(
      'outbox drained',
      () => count(`SELECT count(*)::int AS n FROM "${sandbox.schema}".outbox WHERE published_at IS NULL`),
      (n) => n === 0,
    );

    expect(appliedDuringOutage).toBeLessThan(TOTAL);
    const messages = await readStream(sandbox.manager, sandbox.namespace.name(probeStream.name));
    expect(messages).toHaveLength(TOTAL);
    expect(new Set(messages.map((m) => m.envelope.id)).size).toBe(TOTAL);
    expect(await count(`SELECT count(*)::int AS n FROM ${effects}`)).toBe(TOTAL);
    expect(await count(`SELECT count(DISTINCT event_id)::int AS n FROM ${effects}`)).toBe(TOTAL);
    expect(await count(`SELECT count(*)::int AS n FROM "${sandbox.schema}".dead_letter`)).toBe(0);
  });
});
