/**
 * The event pipeline's throughput beside its floor, on the machine's real Postgres, NATS and Redis. Used by
 * `npm run bench:relay` (outbox-relay.bench.ts) and by `npm run bench` (goal G3, tools/bench/src/goals/g3.ts).
 *
 * Both carry the same events to the same effects: per event, one row written to Postgres and one delayed
 * BullMQ job (the timer an event arms, as notifications does).
 * - The pipeline: events already committed in the outbox; the relay publishes them to JetStream and a durable
 *   consumer applies them with its inbox (exactly once), the handler writing its row through `tx` and its
 *   timer armed after the commit (`Transactions.afterCommit`, a transaction's timers in one addBulk, as
 *   notifications does). Timed from the relay's start until every event's job is added.
 * - The floor: the same tools bare (nats.js, pg, BullMQ), with none of the guarantees: the events published
 *   straight from memory (acks awaited together), and a pull consumer that takes the messages at hand (up to
 *   100), inserts their rows in one multi-row INSERT in one transaction, adds their jobs in one addBulk and
 *   acks them. Timed from the first publication until every job is added. ('one at a time', each row its own
 *   autocommit INSERT and each job its own add, is measured too, for comparison.)
 */
import { defineEvent, Streams, type Envelope } from '@duban/contracts';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { AckPolicy, DeliverPolicy, type JetStreamManager, type JsMsg, type NatsConnection } from 'nats';
import { Client } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import {
  addDeadLetterReplayerName,
  connectNats,
  createMessagingTables,
  ensureDatabase,
  ensureStream,
  EventConsumer,
  extendMessagingTables,
  JetStreamPublisher,
  Namespace,
  on,
  onEach,
  Outbox,
  OutboxRelay,
  Transactions,
} from '../src';

export interface PipelineEnvironment {
  readonly databaseUrl: string;
  readonly natsUrl: string;
  readonly redisUrl: string;
}

export interface PipelineLoad {
  readonly events: number;
  /** Events are spread round-robin over this many aggregates. */
  readonly aggregates: number;
}

export interface Throughput {
  readonly events: number;
  readonly ms: number;
  readonly perSecond: number;
  /** This process's CPU time (user + system) per 1,000 events over the timed window, when measured. */
  readonly cpuMsPer1000?: number;
}

/** Called around a measurement's timed window (e.g. to run the CPU profiler over it alone). */
export interface TimedWindow {
  readonly opened?: () => Promise<void> | void;
  readonly closed?: () => Promise<void> | void;
}

export const benchEnvironment = (): PipelineEnvironment => ({
  databaseUrl: process.env.DUBAN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/duban_bench',
  natsUrl: process.env.DUBAN_NATS_URL ?? 'nats://127.0.0.1:4222',
  redisUrl: process.env.DUBAN_REDIS_URL ?? 'redis://127.0.0.1:6379',
});

export const BenchRecorded = defineEvent({
  type: 'duban.projects.bench.recorded.v1',
  version: 1,
  aggregate: 'bench',
  schema: z.object({ aggregate: z.string(), n: z.number().int(), writtenAt: z.number() }),
});

/** A job's delay: far enough never to fire during a run. */
const TIMER_DELAY_MS = 3_600_000;

/**
 * A private corner of the database, the broker and Redis for one measurement: a schema with the messaging
 * tables and an effects table, a namespace with the projects stream, a BullMQ queue prefix.
 */
export class BenchSandbox {
  private constructor(
    readonly run: string,
    readonly schema: string,
    readonly namespace: Namespace,
    readonly dataSource: DataSource,
    readonly nats: NatsConnection,
    readonly manager: JetStreamManager,
    readonly redis: IORedis,
    readonly queue: Queue,
    readonly environment: PipelineEnvironment,
    readonly publisher: JetStreamPublisher,
  ) {}

  static async open(environment: PipelineEnvironment): Promise<BenchSandbox> {
    const run = `bench${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const namespace = new Namespace(run);
    const schema = `bench_${run}`;
    await ensureDatabase(environment.databaseUrl);
    const dataSource = await new DataSource({
      type: 'postgres',
      url: environment.databaseUrl,
      extra: { max: 10 },
    }).initialize();
    const runner = dataSource.createQueryRunner();
    await runner.query(`CREATE SCHEMA "${schema}"`);
    // The messaging tables as every service has them (its first migration, then the retention one's indexes):
    // each event's outbox and inbox rows pay for the same indexes as in production.
    await createMessagingTables(runner, schema);
    await extendMessagingTables(runner, schema);
    await addDeadLetterReplayerName(runner, schema);
    await runner.query(
      `CREATE TABLE "${schema}".effects (event_id uuid NOT NULL, aggregate text NOT NULL, n int NOT NULL)`,
    );
    await runner.release();
    const nats = await connectNats(environment.natsUrl, 'duban-bench');
    const manager = await nats.jetstreamManager();
    await ensureStream(manager, Streams.projects, namespace, { duplicateWindowMs: 120_000 });
    const redis = new IORedis(environment.redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue('bench-timers', { connection: redis, prefix: `{${run}}` });
    const publisher = new JetStreamPublisher(nats, { timeoutMs: 5_000 });
    return new BenchSandbox(run, schema, namespace, dataSource, nats, manager, redis, queue, environment, publisher);
  }

  get streamName(): string {
    return this.namespace.name(Streams.projects.name);
  }

  async close(): Promise<void> {
    await this.manager.streams.delete(this.streamName).catch(() => undefined);
    await this.queue.obliterate({ force: true }).catch(() => undefined);
    await this.queue.close();
    await this.dataSource.query(`DROP SCHEMA "${this.schema}" CASCADE`);
    await this.dataSource.destroy();
    this.publisher.close();
    await this.nats.close();
    this.redis.disconnect();
  }
}

/** Writes the load into the outbox, 100 events per transaction, round-robin over the aggregates. */
export async function writeOutbox(sandbox: BenchSandbox, load: PipelineLoad, aggregatePrefix = 'agg'): Promise<void> {
  const outbox = new Outbox(sandbox.schema);
  for (let i = 0; i < load.events; i += 100) {
    await sandbox.dataSource.transaction(async (tx) => {
      for (let j = i; j < Math.min(i + 100, load.events); j++) {
        const aggregate = `${aggregatePrefix}-${j % load.aggregates}`;
        await outbox.append(tx, BenchRecorded, { aggregate, n: j, writtenAt: Date.now() }, { aggregateId: aggregate });
      }
    });
  }
}

/** A relay claiming the production default batch (DUBAN_OUTBOX_BATCH_SIZE). */
export function relayOf(sandbox: BenchSandbox, pollMs = 100, batchSize = 500): OutboxRelay {
  return new OutboxRelay({
    dataSource: sandbox.dataSource,
    publisher: sandbox.publisher,
    namespace: sandbox.namespace,
    schema: sandbox.schema,
    databaseUrl: sandbox.environment.databaseUrl,
    pollMs,
    batchSize,
  });
}

type BenchEvent = Envelope<z.infer<typeof BenchRecorded.schema>>;

/** A consumer of the bench events: `handle` per event (`on`), or set-wise per run of events (`onEach`). */
export function consumerOf(
  sandbox: BenchSandbox,
  handle:
    | ((event: BenchEvent, tx: EntityManager) => Promise<void>)
    | { readonly each: (events: readonly BenchEvent[], tx: EntityManager) => Promise<void> },
  durable = 'bench',
): EventConsumer {
  return new EventConsumer({
    durable,
    stream: Streams.projects,
    handlers: [typeof handle === 'function' ? on(BenchRecorded, handle) : onEach(BenchRecorded, handle.each)],
    dataSource: sandbox.dataSource,
    schema: sandbox.schema,
    jetstream: sandbox.nats.jetstream(),
    manager: sandbox.manager,
    namespace: sandbox.namespace,
    maxDeliver: 5,
    retryDelayMs: 100,
  });
}

/** Outbox → relay → JetStream → consumer with inbox → effects row + BullMQ job after the commit. */
export async function measureEventPipeline(
  environment: PipelineEnvironment,
  load: PipelineLoad,
  window: TimedWindow = {},
): Promise<Throughput> {
  const sandbox = await BenchSandbox.open(environment);
  const { queue } = sandbox;
  try {
    await writeOutbox(sandbox, load);
    const transactions = new Transactions(sandbox.dataSource);
    transactions.onModuleInit();
    let armed = 0;
    const allArmed = countdown(load.events, () => armed);
    const effects = `"${sandbox.schema}".effects`;
    // As notifications' ReminderTimers does: a transaction's timers gathered, then armed together after its commit.
    const gatheredIn = new WeakMap<EntityManager, string[]>();
    const timersOf = (tx: EntityManager): string[] => {
      let timers = gatheredIn.get(tx);
      if (!timers) {
        const gathered: string[] = [];
        gatheredIn.set(tx, gathered);
        transactions.afterCommit(tx, async () => {
          await queue.addBulk(
            gathered.map((eventId) => ({
              name: 'timer',
              data: { eventId },
              opts: { jobId: eventId, delay: TIMER_DELAY_MS },
            })),
          );
          armed += gathered.length;
          allArmed.check();
        });
        timers = gathered;
      }
      return timers;
    };
    // Set-wise, as a hot handler is: a run of events' rows in one multi-row INSERT.
    const consumer = consumerOf(sandbox, {
      each: async (events, tx) => {
        await tx.query(
          `INSERT INTO ${effects} (event_id, aggregate, n)
           SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[])`,
          [events.map((e) => e.id), events.map((e) => e.data.aggregate), events.map((e) => e.data.n)],
        );
        timersOf(tx).push(...events.map((e) => e.id));
      },
    });
    const relay = relayOf(sandbox);
    await window.opened?.();
    const started = performance.now();
    const cpu = process.cpuUsage();
    relay.start();
    await consumer.start();
    await allArmed.done;
    const ms = performance.now() - started;
    const cpuUsed = process.cpuUsage(cpu);
    await window.closed?.();
    await relay.stop();
    await consumer.stop();
    await expectEffects(sandbox, load.events);
    return throughput(load.events, ms, cpuUsed);
  } finally {
    await sandbox.close();
  }
}

/**
 * How the bare consumer carries messages: 'batched' (the floor: the messages at hand in one multi-row INSERT,
 * one addBulk, then the acks) or 'one at a time' (for comparison: each row its own autocommit INSERT, each job
 * its own add, each message acked after both).
 */
export type BareShape = 'one at a time' | 'batched';

/** The floor: JetStream → Postgres → BullMQ with the bare tools, no outbox, no inbox, nothing exactly once. */
export async function measureBarePipeline(
  environment: PipelineEnvironment,
  load: PipelineLoad,
  shape: BareShape = 'batched',
  window: TimedWindow = {},
): Promise<Throughput> {
  const sandbox = await BenchSandbox.open(environment);
  const { queue, manager } = sandbox;
  const pg = new Client({ connectionString: environment.databaseUrl });
  await pg.connect();
  try {
    const subject = sandbox.namespace.subject(BenchRecorded.type);
    const bodies = Array.from({ length: load.events }, (_, n) => {
      const aggregate = `agg-${n % load.aggregates}`;
      const envelope: Envelope = {
        id: uuidv7(),
        type: BenchRecorded.type,
        version: 1,
        occurredAt: new Date().toISOString(),
        correlationId: uuidv7(),
        causationId: null,
        data: { aggregate, n, writtenAt: Date.now() },
      };
      return envelope;
    });
    const durable = sandbox.namespace.name('bare');
    await manager.consumers.add(sandbox.streamName, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      max_ack_pending: 1000,
    });
    const jetstream = sandbox.nats.jetstream();
    const effects = `"${sandbox.schema}".effects`;
    await window.opened?.();
    const started = performance.now();
    const cpu = process.cpuUsage();
    const publishing = (async () => {
      for (let i = 0; i < bodies.length; i += 100) {
        await Promise.all(
          bodies
            .slice(i, i + 100)
            .map((envelope) => jetstream.publish(subject, JSON.stringify(envelope), { msgID: envelope.id })),
        );
      }
    })();
    const consumer = await jetstream.consumers.get(sandbox.streamName, durable);
    if (shape === 'one at a time') {
      const messages = await consumer.consume({ max_messages: 100 });
      let handled = 0;
      for await (const message of messages) {
        const envelope = JSON.parse(message.string()) as Envelope<{ aggregate: string; n: number }>;
        await pg.query(`INSERT INTO ${effects} (event_id, aggregate, n) VALUES ($1, $2, $3)`, [
          envelope.id,
          envelope.data.aggregate,
          envelope.data.n,
        ]);
        await queue.add('timer', { eventId: envelope.id }, { jobId: envelope.id, delay: TIMER_DELAY_MS });
        message.ack();
        // Leaving the loop stops the pull consumer.
        if (++handled === load.events) break;
      }
    } else {
      // The messages at hand, up to 100: one multi-row INSERT in one transaction, one addBulk, then the acks.
      const arrived: JsMsg[] = [];
      let wake: (() => void) | undefined;
      const messages = await consumer.consume({
        max_messages: 100,
        callback: (message) => {
          arrived.push(message);
          wake?.();
        },
      });
      let handled = 0;
      while (handled < load.events) {
        if (arrived.length === 0) {
          await new Promise<void>((resolve) => (wake = resolve));
          continue;
        }
        const batch = arrived.splice(0, 100);
        const envelopes = batch.map((m) => JSON.parse(m.string()) as Envelope<{ aggregate: string; n: number }>);
        await pg.query('BEGIN');
        await pg.query(
          `INSERT INTO ${effects} (event_id, aggregate, n) SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[])`,
          [envelopes.map((e) => e.id), envelopes.map((e) => e.data.aggregate), envelopes.map((e) => e.data.n)],
        );
        await pg.query('COMMIT');
        await queue.addBulk(
          envelopes.map((e) => ({
            name: 'timer',
            data: { eventId: e.id },
            opts: { jobId: e.id, delay: TIMER_DELAY_MS },
          })),
        );
        for (const message of batch) message.ack();
        handled += batch.length;
      }
      await messages.close();
    }
    const ms = performance.now() - started;
    const cpuUsed = process.cpuUsage(cpu);
    await window.closed?.();
    await publishing;
    await expectEffects(sandbox, load.events);
    return throughput(load.events, ms, cpuUsed);
  } finally {
    await pg.end();
    await sandbox.close();
  }
}

export function throughput(events: number, ms: number, cpu?: NodeJS.CpuUsage): Throughput {
  const measured = { events, ms: Math.round(ms), perSecond: Math.round((events / ms) * 1000) };
  if (!cpu) return measured;
  return { ...measured, cpuMsPer1000: Math.round(((cpu.user + cpu.system) / 1000 / events) * 1000) };
}

/** A measurement that lost or doubled an effect measured nothing: refuse it. */
async function expectEffects(sandbox: BenchSandbox, events: number): Promise<void> {
  const [row] = await sandbox.dataSource.query(
    `SELECT count(*)::int AS total, count(DISTINCT event_id)::int AS distinct FROM "${sandbox.schema}".effects`,
  );
  const jobs = await sandbox.queue.count();
  if (row.total !== events || row.distinct !== events || jobs !== events) {
    throw new Error(`expected ${events} effects and jobs once each, found ${JSON.stringify(row)} and ${jobs} jobs`);
  }
}

/** Resolves once `count()` reaches `target`; `check()` after each increment, with a deadline of ten minutes. */
function countdown(target: number, count: () => number): { done: Promise<void>; check: () => void } {
  let resolve: () => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const done = new Promise<void>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  const deadline = setTimeout(() => reject(new Error(`bench timed out at ${count()} of ${target}`)), 600_000);
  return {
    done: done.finally(() => clearTimeout(deadline)),
    check: () => {
      if (count() >= target) resolve();
    },
  };
}
