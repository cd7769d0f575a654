/**
 * Outbox → JetStream → consumer throughput and latency, on the machine's real Postgres and NATS.
 * Prints figures; asserts nothing (speed goals are read here, never timed in tests).
 *
 *   npm run bench                      # 5,000 events over 50 aggregates
 *   BENCH_EVENTS=20000 npm run bench
 */
import 'reflect-metadata';
import { defineEvent, Streams } from '@duban/contracts';
import {
  connectNats,
  createMessagingTables,
  ensureDatabase,
  ensureStream,
  EventConsumer,
  Namespace,
  on,
  Outbox,
  OutboxRelay,
} from '../src';
import { DataSource } from 'typeorm';
import { z } from 'zod';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 5000);
const AGGREGATES = Number(process.env.BENCH_AGGREGATES ?? 50);
const DATABASE_URL = process.env.DUBAN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/duban_bench';
const NATS_URL = process.env.DUBAN_NATS_URL ?? 'nats://127.0.0.1:4222';

const BenchRecorded = defineEvent({
  type: 'duban.projects.bench.recorded.v1',
  version: 1,
  aggregate: 'bench',
  schema: z.object({ aggregate: z.string(), n: z.number().int(), writtenAt: z.number() }),
});

async function main(): Promise<void> {
  const run = `bench${Date.now().toString(36)}`;
  const namespace = new Namespace(run);
  const schema = `bench_${run}`;
  await ensureDatabase(DATABASE_URL);
  const dataSource = await new DataSource({ type: 'postgres', url: DATABASE_URL, extra: { max: 10 } }).initialize();
  const nats = await connectNats(NATS_URL, 'duban-bench');
  const manager = await nats.jetstreamManager();
  const runner = dataSource.createQueryRunner();
  await runner.query(`CREATE SCHEMA "${schema}"`);
  await createMessagingTables(runner, schema);
  await runner.release();
  await ensureStream(manager, Streams.projects, namespace, { duplicateWindowMs: 120_000 });

  try {
    const outbox = new Outbox(schema);
    let started = performance.now();
    for (let i = 0; i < EVENTS; i += 100) {
      await dataSource.transaction(async (tx) => {
        for (let j = i; j < Math.min(i + 100, EVENTS); j++) {
          const aggregate = `agg-${j % AGGREGATES}`;
          await outbox.append(tx, BenchRecorded, { aggregate, n: j, writtenAt: Date.now() }, { aggregateId: aggregate });
        }
      });
    }
    const writeMs = performance.now() - started;

    const latencies: number[] = [];
    const consumer = new EventConsumer({
      durable: 'bench',
      stream: Streams.projects,
      handlers: [on(BenchRecorded, async (event) => void latencies.push(Date.now() - event.data.writtenAt))],
      dataSource,
      schema,
      jetstream: nats.jetstream(),
      manager,
      namespace,
      maxDeliver: 5,
      retryDelayMs: 100,
    });
    const relay = new OutboxRelay({
      dataSource,
      jetstream: nats.jetstream(),
      namespace,
      schema,
      databaseUrl: DATABASE_URL,
      pollMs: 100,
      batchSize: 100,
    });
    started = performance.now();
    relay.start();
    await waitUntil(async () => (await count(dataSource, `SELECT count(*)::int AS n FROM "${schema}".outbox WHERE published_at IS NULL`)) === 0);
    const relayMs = performance.now() - started;
    await relay.stop();

    started = performance.now();
    await consumer.start();
    await waitUntil(async () => latencies.length >= EVENTS);
    const consumeMs = performance.now() - started;
    await consumer.stop();

    // Steady state: a relay and a consumer running while events are written one transaction at a time.
    latencies.length = 0;
    const live = new OutboxRelay({ dataSource, jetstream: nats.jetstream(), namespace, schema, databaseUrl: DATABASE_URL, pollMs: 1000, batchSize: 100 });
    live.start();
    await consumer.start();
    const sample = 200;
    for (let n = 0; n < sample; n++) {
      await dataSource.transaction((tx) =>
        outbox.append(tx, BenchRecorded, { aggregate: 'live', n, writtenAt: Date.now() }, { aggregateId: 'live' }),
      );
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await waitUntil(async () => latencies.length >= sample);
    await live.stop();
    await consumer.stop();
    latencies.sort((a, b) => a - b);

    const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en')} events/s`;
    console.log(`events: ${EVENTS} over ${AGGREGATES} aggregates`);
    console.log(`outbox writes (100 per transaction): ${writeMs.toFixed(0)} ms, ${rate(EVENTS, writeMs)}`);
    console.log(`relay publish to JetStream (acked):  ${relayMs.toFixed(0)} ms, ${rate(EVENTS, relayMs)}`);
    console.log(`consumer with inbox (one tx each):   ${consumeMs.toFixed(0)} ms, ${rate(EVENTS, consumeMs)}`);
    console.log(
      `commit → handled latency, ${sample} single writes (LISTEN/NOTIFY wake-up): p50 ${pct(latencies, 0.5)} ms, p99 ${pct(latencies, 0.99)} ms, max ${latencies.at(-1)} ms`,
    );
    console.log(`rss: ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB`);
  } finally {
    await manager.streams.delete(namespace.name(Streams.projects.name)).catch(() => undefined);
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    await dataSource.destroy();
    await nats.close();
  }
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

async function count(dataSource: DataSource, sql: string): Promise<number> {
  const [row] = await dataSource.query(sql);
  return row.n;
}

async function waitUntil(done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('bench timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
