/**
 * The reminder engine under a stopwatch, for G1 and G2 (and `npm run bench:reminders`): the notifications
 * service as in production (its consumers, BullMQ worker and reconciler) in this process, on the machine's
 * Postgres, Redis and NATS, in a database and namespace of its own; reminders seeded straight into its schema;
 * and the bare BullMQ floor (delayed jobs on the same Redis, a worker that does nothing) measured beside it.
 */
import 'reflect-metadata';
import type { INestMicroservice } from '@nestjs/common';
import { DEFAULT_REMINDER_POLICY } from '@duban/contracts';
import { ensureDatabase, startService } from '@duban/platform';
import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppModule } from '../../../apps/notifications/src/app.module';
import { loadNotificationsConfig, type NotificationsConfig } from '../../../apps/notifications/src/config';
import { queuePrefix } from '../../../apps/notifications/src/timers/reminder-queue.rules';
import { ReminderWords } from '../../../apps/notifications/src/firing/reminder-words.service';
import { ReminderTimers } from '../../../apps/notifications/src/timers/reminder-timers.service';

const BASE_URL = process.env.DUBAN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/duban';
const REDIS_URL = process.env.DUBAN_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** The bare BullMQ worker's concurrency (the floor), kept at 50 so floors compare across runs. */
export const FLOOR_CONCURRENCY = Number(process.env.BENCH_FLOOR_CONCURRENCY ?? 50);

/**
 * A burst's instant is this far ahead once its reminders are moved there, plus the time to write their words
 * (`ReminderWords`, as the reconciler does when an instant comes within reach): measured about 30 µs a reminder.
 */
const MOVE_LEAD_MS = 3_000;
const WORDS_MS_PER_REMINDER = 0.1;

/** A reminder row's in-app rows are those of its source key (the firing's `reminder:<deadline>:v<version>:<stage>`). */
const SOURCE_KEY = `'reminder:' || r.deadline_id || ':v' || r.version || ':' || r.stage`;

export interface ReminderEngine {
  readonly run: string;
  readonly config: NotificationsConfig;
  readonly redisHz: string;
  /** Isolated reminders `spacingMs` apart: each one's lateness (in-app row's instant − its fire_at), and the floor's. */
  isolated(count: number, spacingMs: number): Promise<{ engine: number[]; floor: number[] }>;
  /**
   * `count` reminders due at one instant: ms from the instant until every one is in the in-app inbox
   * (committed), and the ms from the instant until `count` bare BullMQ jobs due at one instant are processed.
   */
  burst(
    count: number,
    options?: BurstOptions,
  ): Promise<{ engineMs: number; delivered: number; floorMs: number; floorLateness: number[] }>;
  close(): Promise<void>;
}

/** For profiling (tools/bench/src/profile/profile-g2.ts): the floor left out, a window around the firing. */
export interface BurstOptions {
  /** Measure the bare BullMQ floor too (default); without it `floorMs` is NaN. */
  readonly floor?: boolean;
  /** Called just before the instant's timer is armed, with the database's name and the poller's backend pid. */
  readonly opened?: (database: string, pollerPid: number) => Promise<void>;
  /** Called once every reminder of the instant is sent. */
  readonly closed?: () => Promise<void>;
}

export async function startReminderEngine(env: Record<string, string> = {}): Promise<ReminderEngine> {
  const run = `bench${Date.now().toString(36)}`;
  const url = new URL(BASE_URL);
  url.pathname = `/duban_${run}`;
  await ensureDatabase(url.toString());
  const config = loadNotificationsConfig({
    ...process.env,
    DUBAN_DATABASE_URL: url.toString(),
    DUBAN_NAMESPACE: run,
    DUBAN_LOG_LEVEL: 'warn',
    ...env,
  });
  const app: INestMicroservice = await startService(AppModule.forRoot(config));
  const dataSource = app.get(DataSource);
  const timers = app.get(ReminderTimers);
  const words = app.get(ReminderWords);
  const db = new Client({ connectionString: url.toString() });
  await db.connect();
  const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
  const redisHz = ((await redis.config('GET', 'hz')) as string[])[1] ?? '?';

  return {
    run,
    config: config.notifications,
    redisHz,
    async isolated(count, spacingMs) {
      const start = Date.now() + 2000;
      const rows = await seed(
        dataSource,
        Array.from({ length: count }, (_, i) => new Date(start + i * spacingMs)),
      );
      await words.writeAhead();
      await timers.arm(rows);
      const engine = await lateness(
        db,
        rows.map((r) => r.id),
        count * spacingMs + 60_000,
      );
      const floor = await bareFloor(redis, `${queuePrefix(run)}-floor`, count, spacingMs, 2000);
      return { engine, floor: floor.lateness };
    },
    async burst(count, options = {}) {
      // Seeded far ahead (beyond any timer the reconciler arms), then moved to one instant a moment away:
      // seeding 100,000 rows takes longer than the lead the instant is given.
      const far = new Date(Date.now() + 30 * 24 * 3_600_000);
      await seed(
        dataSource,
        Array.from({ length: count }, () => far),
      );
      // The lead leaves time to word them, as the reconciler does when an instant comes within a timer's reach.
      const at = new Date(Date.now() + MOVE_LEAD_MS + count * WORDS_MS_PER_REMINDER);
      await db.query(`UPDATE notifications.deadline SET due_at = $1 WHERE due_at = $2`, [at, far]);
      await db.query(`UPDATE notifications.reminder SET fire_at = $1 WHERE fire_at = $2 AND state = 'planned'`, [
        at,
        far,
      ]);
      await words.writeAhead();
      // Planned over days in life, with autovacuum keeping the statistics: here they are fresh, so ask for them.
      await db.query(`ANALYZE notifications.reminder, notifications.reminder_message, notifications.deadline`);
      if (Date.now() > at.getTime() - 500) {
        throw new Error(`Wording ${count} reminders took longer than their lead: raise WORDS_MS_PER_REMINDER`);
      }
      if (options.opened) {
        const { rows } = await db.query(`SELECT pg_backend_pid() AS pid`);
        await options.opened(url.pathname.slice(1), rows[0].pid as number);
      }
      await timers.armInstants([at]);
      let doneAt = 0;
      for (;;) {
        // Whether any is left, not how many: counting the planned rows every 20 ms visited each of them (and the
        // heap behind it) each time, 1.2–1.35 s of Postgres CPU during a 6.4 s burst of 100,000 on two cores,
        // taken from the engine it measures. The first planned row found ends this scan.
        const { rows } = await db.query(
          `SELECT EXISTS (SELECT 1 FROM notifications.reminder WHERE state = 'planned' AND fire_at = $1) AS left`,
          [at],
        );
        // Marked sent in the transaction that wrote its in-app rows: none planned = all in the inbox.
        if (rows[0].left === false) {
          doneAt = Date.now();
          await options.closed?.();
          break;
        }
        if (Date.now() > at.getTime() + 300_000) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM notifications.notification n
           JOIN notifications.reminder r ON n.source_key = ${SOURCE_KEY}
          WHERE r.fire_at = $1`,
        [at],
      );
      const floor =
        options.floor === false
          ? { lastMs: NaN, lateness: [] }
          : await bareFloor(redis, `${queuePrefix(run)}-floor2`, count, 0, Math.max(5_000, count / 5));
      return {
        engineMs: doneAt ? doneAt - at.getTime() : NaN,
        delivered: rows[0].n as number,
        floorMs: floor.lastMs,
        floorLateness: floor.lateness,
      };
    },
    async close() {
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
    },
  };
}

/**
 * `count` bare delayed jobs, the i-th due `leadMs + i × spacedMs` from now, processed by a worker that only
 * notes the time (it writes nothing): each job's lateness, and ms from the first instant to the last job done.
 */
async function bareFloor(
  redis: IORedis,
  prefix: string,
  count: number,
  spacedMs: number,
  leadMs: number,
): Promise<{ lateness: number[]; lastMs: number }> {
  const queue = new Queue('floor', { connection: redis, prefix });
  const lateness: number[] = [];
  const start = Date.now() + leadMs;
  let last = 0;
  const connection = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
  const done = new Promise<void>((resolve) => {
    const worker = new Worker(
      'floor',
      async (job) => {
        lateness.push(Date.now() - (job.data.target as number));
        if (lateness.length === count) {
          last = Date.now();
          void worker.close().then(() => resolve());
        }
      },
      { connection, prefix, concurrency: FLOOR_CONCURRENCY },
    );
  });
  const jobs = Array.from({ length: count }, (_, i) => {
    const target = start + i * spacedMs;
    return { name: 'tick', data: { target }, opts: { delay: target - Date.now(), removeOnComplete: true } };
  });
  for (let i = 0; i < jobs.length; i += 500) await queue.addBulk(jobs.slice(i, i + 500));
  // Adding 100,000 jobs may take longer than the lead on a busy machine: time from the instant, or from when
  // the last job was added if later, so that a slow producer never flatters the engine's ratio.
  const ready = Math.max(start, Date.now());
  await done;
  connection.disconnect();
  await queue.obliterate({ force: true });
  await queue.close();
  return { lateness, lastMs: last - ready };
}

/**
 * Inserts `count` open deadlines, each with one exact stage at its instant, straight into the schema (their words
 * are the engine's to write, `ReminderWords`).
 */
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
      `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
      JSON.stringify([{ kind: 'user', username: 'bench', name: '压测' }]),
      JSON.stringify(DEFAULT_REMINDER_POLICY),
    ],
  );
  return rows.map((row) => ({ id: row.id, version: row.version, fireAt: new Date(row.fire_at) }));
}

/** Each reminder's lateness: its in-app row's instant minus its fire_at, once all are in (or the timeout). */
async function lateness(db: Client, ids: string[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.query(
      `SELECT extract(epoch FROM (n.created_at - r.fire_at)) * 1000 AS late FROM notifications.reminder r
         JOIN notifications.notification n ON n.source_key = ${SOURCE_KEY}
        WHERE r.id = ANY($1::uuid[])`,
      [ids],
    );
    if (rows.length === ids.length || Date.now() > deadline) return rows.map((row) => Number(row.late));
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
