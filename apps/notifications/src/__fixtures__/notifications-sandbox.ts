import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DEFAULT_REMINDER_POLICY, deadlineEventsOf, type Deadline, type Envelope } from '@duban/contracts';
import { connectNats, Namespace, RpcClient } from '@duban/platform';
import { privateDatabase, testEnvironment, uniqueNamespace, waitFor, type Environment } from '@duban/testing';
import IORedis from 'ioredis';
import type { NatsConnection } from 'nats';
import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { AppModule } from '../app.module';
import { loadNotificationsConfig } from '../config';
import { queuePrefix } from '../timers/reminder-queue';

const ROOT = join(__dirname, '..', '..', '..', '..');
export const evaluationEvents = deadlineEventsOf('evaluation');

/**
 * The notifications service in a database and namespace of the test file's own (so counts are exact),
 * fed by generic deadline events published straight to JetStream, as the evaluation service would.
 * Instances run in this process (`startInstance`) or as real processes (`spawnInstance`, for SIGKILL).
 */
export interface NotificationsSandbox {
  readonly env: Environment;
  readonly namespace: string;
  readonly db: Client;
  readonly redis: IORedis;
  /** Calls the service over NATS request/reply, as the gateway does. */
  readonly rpc: RpcClient;
  startInstance(): Promise<INestApplicationContext>;
  spawnInstance(): SpawnedInstance;
  publishDeadline(deadline: Deadline, id?: string): Promise<Envelope<Deadline>>;
  /** Resolves once an instance consumes the evaluation stream (a spawned process takes a few seconds). */
  consuming(): Promise<void>;
  /** Deletes every Redis key of this namespace's queues (SCAN + DEL): Redis "lost everything" for us. */
  flushQueueKeys(): Promise<number>;
  queueKeyCount(): Promise<number>;
  close(): Promise<void>;
}

export interface SpawnedInstance {
  readonly output: string[];
  kill(signal: NodeJS.Signals): Promise<void>;
}

export async function startNotificationsSandbox(
  label: string,
  overrides: Environment = {},
): Promise<NotificationsSandbox> {
  const namespace = uniqueNamespace(label);
  const env = testEnvironment({
    DUBAN_DATABASE_URL: await privateDatabase(label),
    DUBAN_NAMESPACE: namespace,
    DUBAN_REMINDER_RECONCILE_MS: '500',
    ...overrides,
  });
  const instances: INestApplicationContext[] = [];
  const children: ChildProcess[] = [];
  const db = new Client({ connectionString: env.DUBAN_DATABASE_URL });
  // The run's teardown drops the database under this connection: that is expected.
  db.on('error', () => undefined);
  await db.connect();
  const redis = new IORedis(env.DUBAN_REDIS_URL as string);
  const nats: NatsConnection = await connectNats(env.DUBAN_NATS_URL as string, `test-${label}`);
  const jetstream = nats.jetstream();
  const prefix = `${queuePrefix(namespace)}:`;

  async function keys(): Promise<string[]> {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      found.push(...batch);
    } while (cursor !== '0');
    return found;
  }

  const sandbox: NotificationsSandbox = {
    env,
    namespace,
    db,
    redis,
    rpc: new RpcClient(nats, new Namespace(namespace), 5_000),
    async startInstance() {
      const config = loadNotificationsConfig(env);
      const app = await NestFactory.createApplicationContext(AppModule.forRoot(config.platform, config.notifications), {
        logger: false,
      });
      await app.init();
      instances.push(app);
      return app;
    },
    spawnInstance() {
      const child = spawn(process.execPath, [join(ROOT, 'tools/run-ts.js'), 'apps/notifications/src/main.ts'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      const output: string[] = [];
      child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      return {
        output,
        async kill(signal) {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      };
    },
    async publishDeadline(deadline, id = uuidv7()) {
      const envelope: Envelope<Deadline> = {
        id,
        type: evaluationEvents.DeadlineSet.type,
        version: 1,
        occurredAt: new Date().toISOString(),
        correlationId: `test-${label}`,
        causationId: null,
        data: deadline,
      };
      await jetstream.publish(`${namespace}.${envelope.type}`, JSON.stringify(envelope), { msgID: id });
      return envelope;
    },
    async consuming() {
      const manager = await nats.jetstreamManager();
      const name = (value: string) => `${namespace.toUpperCase()}_${value}`;
      await waitFor(
        'the evaluation consumer',
        () => manager.consumers.info(name('DUBAN_EVALUATION'), name('notifications-evaluation')).then(() => true),
        (ok) => ok,
        { timeoutMs: 60_000, intervalMs: 200 },
      );
    },
    async flushQueueKeys() {
      const found = await keys();
      for (let i = 0; i < found.length; i += 500) await redis.del(...found.slice(i, i + 500));
      return found.length;
    },
    async queueKeyCount() {
      return (await keys()).length;
    },
    async close() {
      await Promise.all(
        children
          .filter((child) => child.exitCode === null && child.signalCode === null)
          .map((child) => new Promise((resolve) => child.once('exit', resolve).kill('SIGKILL'))),
      );
      for (const app of instances) await app.close();
      await sandbox.flushQueueKeys().catch(() => undefined);
      redis.disconnect();
      await nats.close();
      await db.end().catch(() => undefined);
    },
  };
  return sandbox;
}

let counter = 0;

/** A generic deadline of 临县, due at an exact instant, with an exact plan, for one test user. */
export function exactDeadline(dueAt: Date, plan: string[], overrides: Partial<Deadline> = {}): Deadline {
  counter += 1;
  return {
    deadlineId: `rect-${Date.now().toString(36)}-${counter}`,
    subjectType: 'rectification',
    subjectId: `item-${counter}`,
    title: `整改事项${counter}`,
    programmeId: '00000000-0000-4000-8000-0000000000aa',
    projectId: '00000000-0000-4000-8000-0000000000bb',
    regionCode: '141124',
    regionName: '临县',
    cityRegionCode: '141100',
    due: { at: dueAt.toISOString() },
    responsible: [{ kind: 'user', username: 'linxian', name: '刘星' }],
    countyLeader: { kind: 'user', username: 'zhangzhenyu', name: '张振玉' },
    cityOfficer: null,
    policy: DEFAULT_REMINDER_POLICY,
    plan,
    history: false,
    ...overrides,
  };
}

export interface DeliveryCounts {
  readonly deliveries: number;
  readonly notifications: number;
  /** (deadline, stage, recipient) delivered more than once: must stay 0. */
  readonly duplicated: number;
  readonly planned: number;
  readonly sent: number;
}

export async function deliveryCounts(db: Client): Promise<DeliveryCounts> {
  const { rows } = await db.query(`
    SELECT
      (SELECT count(*)::int FROM notifications.delivery) AS deliveries,
      (SELECT count(*)::int FROM notifications.notification) AS notifications,
      (SELECT count(*)::int FROM (SELECT d.subject_id, n.stage, n.recipient_key FROM notifications.notification n
          JOIN notifications.deadline d ON n.subject_id = d.subject_id
         GROUP BY 1, 2, 3 HAVING count(*) > 1) dup) AS duplicated,
      (SELECT count(*)::int FROM notifications.reminder WHERE state = 'planned') AS planned,
      (SELECT count(*)::int FROM notifications.reminder WHERE state = 'sent') AS sent`);
  return rows[0];
}
