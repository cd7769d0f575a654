import { PostgresServerProcess, testEnvironment, uniqueNamespace, waitFor } from '@duban/testing';
import type { JetStreamManager, NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { createMessagingTables } from '../../database/messaging-tables';
import { ProbeRecorded, probeStream } from '../__fixtures__/probe-event';
import { Namespace } from '../namespace';
import { connectNats } from '../nats-connection';
import { ensureStream } from '../streams';
import { Outbox } from './outbox';
import { JetStreamPublisher } from './jetstream-publisher';
import { OutboxRelay } from './outbox-relay';

/** Far longer than the test waits: an event published in time was woken by NOTIFY, not found by a poll. */
const POLL_MS = 10 * 60_000;
const PROMPTLY = { timeoutMs: 10_000 };

describe('OutboxRelay across a Postgres restart (private Postgres)', () => {
  let postgres: PostgresServerProcess;
  let dataSource: DataSource;
  let nats: NatsConnection;
  let manager: JetStreamManager;
  let relay: OutboxRelay;
  let publisher: JetStreamPublisher | undefined;
  const namespace = new Namespace(uniqueNamespace('relayrestart'));
  const schema = 'relay_restart';
  const outbox = new Outbox(schema);

  beforeAll(async () => {
    postgres = await PostgresServerProcess.start();
    dataSource = await new DataSource({ type: 'postgres', url: postgres.url }).initialize();
    const runner = dataSource.createQueryRunner();
    await runner.query(`CREATE SCHEMA ${schema}`);
    await createMessagingTables(runner, schema);
    await runner.release();
    nats = await connectNats(testEnvironment().DUBAN_NATS_URL as string, 'relay-restart-test');
    manager = await nats.jetstreamManager();
    await ensureStream(manager, probeStream, namespace, { duplicateWindowMs: 120_000 });
    relay = new OutboxRelay({
      dataSource,
      publisher: (publisher = new JetStreamPublisher(nats, { timeoutMs: 5_000 })),
      namespace,
      schema,
      databaseUrl: postgres.url,
      pollMs: POLL_MS,
      batchSize: 100,
    });
    relay.start();
  });

  afterAll(async () => {
    await relay?.stop();
    publisher?.close();
    await manager?.streams.delete(namespace.name(probeStream.name)).catch(() => undefined);
    await nats?.close();
    await dataSource?.destroy();
    await postgres?.stop();
  });

  async function write(n: number): Promise<void> {
    await dataSource.transaction((tx) => outbox.append(tx, ProbeRecorded, { aggregate: 'a', n }, { aggregateId: 'a' }));
  }

  async function published(): Promise<number[]> {
    const info = await manager.streams.info(namespace.name(probeStream.name));
    const numbers: number[] = [];
    for (let seq = info.state.first_seq; info.state.messages > 0 && seq <= info.state.last_seq; seq++) {
      const message = await manager.streams.getMessage(namespace.name(probeStream.name), { seq });
      numbers.push((JSON.parse(message.string()) as { data: { n: number } }).data.n);
    }
    return numbers;
  }

  /** The relay's LISTEN connection, as the server sees it (its last statement was the LISTEN). */
  async function listeners(): Promise<number> {
    const [row] = await dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = $1`, [
      `LISTEN "${schema}_outbox"`,
    ]);
    return row.n;
  }

  it('listens again after Postgres restarts: an event written afterwards is published at once, not at the next poll', async () => {
    await waitFor('relay listening', listeners, (n) => n === 1, PROMPTLY);
    await write(1);
    expect(await waitFor('event 1 published', published, (n) => n.length === 1, PROMPTLY)).toEqual([1]);

    await postgres.restart();
    // Written while the relay may still be reconnecting: it looks once it listens again, not in ten minutes.
    await waitFor(
      'Postgres back',
      () => write(2),
      () => true,
      PROMPTLY,
    );
    expect(await waitFor('event 2 published', published, (n) => n.length === 2, PROMPTLY)).toEqual([1, 2]);

    // And from then on NOTIFY wakes it again.
    await waitFor('relay listening again', listeners, (n) => n === 1, PROMPTLY);
    await write(3);
    expect(await waitFor('event 3 published', published, (n) => n.length === 3, PROMPTLY)).toEqual([1, 2, 3]);
    const [row] = await dataSource.query(`SELECT count(*)::int AS n FROM ${schema}.outbox WHERE published_at IS NULL`);
    expect(row.n).toBe(0);
  });
});
