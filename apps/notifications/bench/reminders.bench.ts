/**
 * Reminder lateness on the machine's real Postgres, Redis and NATS, beside the raw BullMQ floor measured in
 * the same run (a bare delayed job on the same Redis): isolated reminders, then N reminders due at the same
 * instant. Prints figures; asserts nothing.
 *
 *   npm run bench:reminders                 # 30 isolated, 10,000 at once
 *   BENCH_BURST=2000 npm run bench:reminders
 *   DUBAN_REMINDER_CONCURRENCY=50 DUBAN_REMINDER_FIRE_BATCH=1 npm run bench:reminders   # one transaction per reminder
 */
import 'reflect-metadata';
import { DEFAULT_REMINDER_POLICY } from '@duban/contracts';
import { ensureDatabase, startService } from '@duban/platform';
import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { loadNotificationsConfig } from '../src/config';
import { queuePrefix } from '../src/timers/reminder-queue.rules';
import { ReminderTimers } from '../src/timers/reminder-timers.service';

const ISOLATED = Number(process.env.BENCH_ISOLATED ?? 30);
const BURST = Number(process.env.BENCH_BURST ?? 10_000);
/** The engine's worker concurrency: the service's default unless set. */
const CONCURRENCY = process.env.DUBAN_REMINDER_CONCURRENCY;
/** The bare BullMQ worker's concurrency (the floor), kept at 50 so floors compare across runs. */
const FLOOR_CONCURRENCY = Number(process.env.BENCH_FLOOR_CONCURRENCY ?? 50);
const BASE_URL = process.env.DUBAN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/duban';
const REDIS_URL = process.env.DUBAN_REDIS_URL ?? 'redis://127.0.0.1:6379';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

async function floor(
  redis: IORedis,
  prefix: string,
  count: number,
  spacedMs: number,
  leadMs: number,
): Promise<number[]> {
  const queue = new Queue('floor', { connection: redis, prefix });
  const lateness: number[] = [];
  const done = new Promise<void>((resolve) => {
    const worker = new Worker(
      'floor',
      async (job) => {
        lateness.push(Date.now() - (job.data.target as number));
        if (lateness.length === count) void worker.close().then(() => resolve());
      },
      { connection: new IORedis(REDIS_URL, { maxRetriesPerRequest: null }), prefix, concurrency: FLOOR_CONCURRENCY },
    );
  });
  const start = Date.now() + leadMs;
  const jobs = Array.from({ length: count }, (_, i) => {
    const target = start + i * spacedMs;
    return { name: 'tick', data: { target }, opts: { delay: target - Date.now(), removeOnComplete: true } };
  });
  for (let i = 0; i < jobs.length; i += 500) await queue.addBulk(jobs.slice(i, i + 500));
  await done;
  await queue.obliterate({ force: true });
  await queue.close();
  return lateness;
}

/** Inserts `count` open deadlines, each with one exact stage at its instant, straight into the schema. */
async function seed(
  dataSource: DataSource,
  instants: Date[],
): Promise<{ id: string; version: number; fireAt: Date }[]> {
  const rows: { id: string; version: number; fire_at: Date }[] = await dataSource.query(
    `WITH d AS (
       INSERT INTO notifications.deadline (id, source, source_id, subject_type, subject_id, title, programme_id, project_id,
         project_name, region_code, region_name, city_region_code, due_at, responsible, policy, plan, history, status, plan_version)
       SELECT gen_random_uuid(), 'bench', 'b-' || i || '-' || $2, 'bench', 'b-' || i, '压测节点' || i, gen_random_uuid(),
              gen_random_uuid(), '临县公益性零工市场', '141124', '临县', '141100', t, $3::jsonb, $4::jsonb, '["PT0S"]'::jsonb,
              false, 'open', 1
         FROM unnest($1::timestamptz[]) WITH ORDINALITY AS s (t, i)
       RETURNING id, due_at)
     INSERT INTO notifications.reminder (id, deadline_id, version, stage, fire_at, recipients, state)
     SELECT gen_random_uuid(), d.id, 1, 'offset-PT0S', d.due_at, $3::jsonb, 'planned' FROM d
     RETURNING id, version, fire_at`,
    [
      instants,
      Date.now().toString(36),
      JSON.stringify([{ kind: 'user', username: 'bench', name: '压测' }]),
      JSON.stringify(DEFAULT_REMINDER_POLICY),
    ],
  );
  return rows.map((row) => ({ id: row.id, version: row.version, fireAt: new Date(row.fire_at) }));
}

async function engineLateness(db: Client, ids: string[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.query(
      `SELECT extract(epoch FROM (n.created_at - r.fire_at)) * 1000 AS late FROM notifications.delivery l
         JOIN notifications.reminder r ON r.id = l.reminder_id JOIN notifications.notification n ON n.id = l.notification_id
        WHERE r.id = ANY($1::uuid[])`,
      [ids],
    );
    if (rows.length === ids.length || Date.now() > deadline) return rows.map((row) => Number(row.late));
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function line(label: string, engine: number[], raw: number[], withMax: boolean): string {
  const cells = (values: number[]) =>
    [50, 99].map((p) => percentile(values, p)).concat(withMax ? [Math.max(...values)] : []);
  const ours = cells(engine);
  const bare = cells(raw);
  const names = withMax ? ['p50', 'p99', 'max'] : ['p50', 'p99'];
  return `${label}\n${names
    .map((name, i) => {
      const a = ours[i] as number;
      const b = bare[i] as number;
      return `  ${name.padEnd(4)} engine ${a.toFixed(1).padStart(8)} ms   bare BullMQ ${b.toFixed(1).padStart(8)} ms   ratio ${(a / Math.max(b, 1)).toFixed(2)}×`;
    })
    .join('\n')}`;
}

async function main(): Promise<void> {
  const run = `bench${Date.now().toString(36)}`;
  const url = new URL(BASE_URL);
  url.pathname = `/duban_${run}`;
  await ensureDatabase(url.toString());
  const config = loadNotificationsConfig({
    ...process.env,
    DUBAN_DATABASE_URL: url.toString(),
    DUBAN_NAMESPACE: run,
    DUBAN_LOG_LEVEL: 'warn',
    ...(CONCURRENCY ? { DUBAN_REMINDER_CONCURRENCY: CONCURRENCY } : {}),
  });
  // The service as in production (its consumers, worker and reconciler), logging warnings and errors only.
  const app = await startService(AppModule.forRoot(config));
  const dataSource = app.get(DataSource);
  const timers = app.get(ReminderTimers);
  const db = new Client({ connectionString: url.toString() });
  await db.connect();
  const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
  const hz = ((await redis.config('GET', 'hz')) as string[])[1];
  const { concurrency, firing } = config.notifications;
  console.log(
    `Redis hz ${hz}; worker concurrency ${concurrency} (bare BullMQ ${FLOOR_CONCURRENCY}); firing batches of ≤ ${firing.batch}, ` +
      `${firing.parallel} at once; ${ISOLATED} isolated, ${BURST} at once`,
  );

  try {
    // Isolated: one reminder at a time, 300 ms apart.
    const start = Date.now() + 2000;
    const isolated = await seed(
      dataSource,
      Array.from({ length: ISOLATED }, (_, i) => new Date(start + i * 300)),
    );
    await timers.arm(isolated);
    const isolatedEngine = await engineLateness(
      db,
      isolated.map((r) => r.id),
      60_000,
    );
    const isolatedRaw = await floor(redis, `${queuePrefix(run)}-floor`, ISOLATED, 300, 2000);
    console.log(
      line(`isolated reminders (${isolatedEngine.length}/${ISOLATED} delivered)`, isolatedEngine, isolatedRaw, false),
    );

    // Burst: all due at the same instant, armed well before it.
    const at = new Date(Date.now() + 10_000 + BURST);
    const burst = await seed(
      dataSource,
      Array.from({ length: BURST }, () => at),
    );
    await timers.arm(burst);
    const burstEngine = await engineLateness(
      db,
      burst.map((r) => r.id),
      300_000,
    );
    const burstRaw = await floor(redis, `${queuePrefix(run)}-floor2`, BURST, 0, 5000);
    console.log(
      line(
        `${BURST} reminders due at one instant (${burstEngine.length}/${BURST} delivered)`,
        burstEngine,
        burstRaw,
        true,
      ),
    );
  } finally {
    await app.close();
    await db.end();
    const admin = new URL(url.toString());
    admin.pathname = '/postgres';
    const client = new Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "duban_${run}" WITH (FORCE)`);
    await client.end();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${queuePrefix(run)}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
    redis.disconnect();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
