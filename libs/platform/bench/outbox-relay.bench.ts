/**
 * Outbox → JetStream → consumer throughput and latency, on the machine's real Postgres, NATS and Redis.
 * Prints figures; asserts nothing (speed goals are read here, never timed in tests).
 *
 *   npm run bench:relay                      # 5,000 events over 50 aggregates
 *   BENCH_EVENTS=20000 npm run bench:relay
 *
 * The stages alone (relay, then consumer), the whole pipeline beside the bare JetStream → Postgres → BullMQ
 * floor measured in the same run (see event-pipeline.ts; `npm run bench` reports it as goal G3), and the
 * commit → handled latency of single writes.
 */
import 'reflect-metadata';
import {
  BenchRecorded,
  BenchSandbox,
  benchEnvironment,
  consumerOf,
  measureBarePipeline,
  measureEventPipeline,
  relayOf,
  throughput,
  writeOutbox,
  type Throughput,
} from './event-pipeline';
import { Outbox } from '../src';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 5000);
const AGGREGATES = Number(process.env.BENCH_AGGREGATES ?? 50);

function progress(step: string): void {
  if (process.env.BENCH_VERBOSE) console.error(`[bench:relay] ${step}`);
}

async function main(): Promise<void> {
  const environment = benchEnvironment();
  const load = { events: EVENTS, aggregates: AGGREGATES };
  progress('opening');
  const sandbox = await BenchSandbox.open(environment);
  progress('writing');
  let relayAlone: Throughput;
  let consumerAlone: Throughput;
  let writeMs: number;
  const latencies: number[] = [];
  try {
    let started = performance.now();
    await writeOutbox(sandbox, load);
    writeMs = performance.now() - started;

    const consumer = consumerOf(sandbox, async (event) => void latencies.push(Date.now() - event.data.writtenAt));
    const relay = relayOf(sandbox);
    progress('relay alone');
    started = performance.now();
    relay.start();
    await waitUntil(async () => (await unpublished(sandbox)) === 0);
    relayAlone = throughput(EVENTS, performance.now() - started);
    await relay.stop();

    progress('consumer alone');
    started = performance.now();
    await consumer.start();
    await waitUntil(async () => latencies.length >= EVENTS);
    consumerAlone = throughput(EVENTS, performance.now() - started);
    await consumer.stop();

    // Steady state: a relay and a consumer running while events are written one transaction at a time.
    latencies.length = 0;
    const live = relayOf(sandbox, 1000);
    live.start();
    await consumer.start();
    const outbox = new Outbox(sandbox.schema);
    const sample = 200;
    for (let n = 0; n < sample; n++) {
      await sandbox.dataSource.transaction((tx) =>
        outbox.append(tx, BenchRecorded, { aggregate: 'live', n, writtenAt: Date.now() }, { aggregateId: 'live' }),
      );
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await waitUntil(async () => latencies.length >= sample);
    await live.stop();
    await consumer.stop();
    latencies.sort((a, b) => a - b);
  } finally {
    await sandbox.close();
  }
  progress('floor');
  const floor = await measureBarePipeline(environment, load);
  progress('pipeline');
  const pipeline = await measureEventPipeline(environment, load);

  const rate = (figure: Throughput) => `${figure.ms} ms, ${figure.perSecond.toLocaleString('en')} events/s`;
  console.log(`events: ${EVENTS} over ${AGGREGATES} aggregates`);
  console.log(
    `outbox writes (100 per transaction): ${writeMs.toFixed(0)} ms, ${Math.round((EVENTS / writeMs) * 1000)} events/s`,
  );
  console.log(`relay publish to JetStream (acked):  ${rate(relayAlone)}`);
  console.log(`consumer with inbox (batched):       ${rate(consumerAlone)}`);
  console.log(`pipeline, row + BullMQ job each:     ${rate(pipeline)}`);
  console.log(`bare JetStream → Postgres → BullMQ:  ${rate(floor)}`);
  console.log(`pipeline / floor: ${(pipeline.perSecond / floor.perSecond).toFixed(2)}×`);
  console.log(
    `commit → handled latency, 200 single writes (LISTEN/NOTIFY wake-up): p50 ${pct(latencies, 0.5)} ms, p99 ${pct(latencies, 0.99)} ms, max ${latencies.at(-1)} ms`,
  );
  console.log(`rss: ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB`);
}

async function unpublished(sandbox: BenchSandbox): Promise<number> {
  const [row] = await sandbox.dataSource.query(
    `SELECT count(*)::int AS n FROM "${sandbox.schema}".outbox WHERE published_at IS NULL`,
  );
  return row.n;
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

async function waitUntil(done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('bench timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
