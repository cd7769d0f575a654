import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { INestMicroservice } from '@nestjs/common';
import {
  DEFAULT_REMINDER_POLICY,
  EvaluationDeadlines,
  type Deadline,
  type Envelope,
  type EventActor,
  type MilestoneFacts,
} from '@duban/contracts';
import { RpcClient, startService } from '@duban/platform';
import {
  startServiceSandbox,
  waitFor,
  type Closable,
  type Environment,
  type SandboxDatabase,
  type ServiceSandbox,
} from '@duban/testing';
import IORedis from 'ioredis';
import { v7 as uuidv7 } from 'uuid';
import { AppModule, type NotificationsAppOptions } from '../app.module';
import { loadNotificationsConfig } from '../config';
import { queuePrefix } from '../timers/reminder-queue.rules';

const ROOT = join(__dirname, '..', '..', '..', '..');

/**
 * The notifications service in the platform's service sandbox (a database and namespace of the test file's
 * own, so counts are exact), fed by generic deadline events published as the evaluation service would. On
 * top of it, what only this service needs: more instances beside the first (`startInstance`) or as real
 * processes (`spawnInstance`, for SIGKILL), and its BullMQ keys in Redis, to lose them on purpose.
 */
export interface NotificationsSandbox<App extends Closable = INestMicroservice> extends ServiceSandbox<App> {
  readonly redis: IORedis;
  /** Another instance in this process (optionally with its own holiday table); closed with the sandbox. */
  startInstance(options?: NotificationsAppOptions): Promise<INestMicroservice>;
  /** Closes an instance started with `startInstance` before the sandbox closes. */
  stopInstance(app: INestMicroservice): Promise<void>;
  spawnInstance(): SpawnedInstance;
  publishDeadline(deadline: Deadline, id?: string): Promise<Envelope<Deadline>>;
  /** Resolves once an instance consumes the evaluation stream (a spawned process takes a few seconds). */
  consuming(): Promise<void>;
  /** Deletes every Redis key of this namespace's queues (SCAN + DEL): Redis "lost everything" for us. */
  flushQueueKeys(): Promise<number>;
  queueKeyCount(): Promise<number>;
}

/** A sandbox whose first instance runs in this process: `app`, and `rpc` to call it as the gateway does. */
export interface InProcessSandbox extends NotificationsSandbox {
  readonly rpc: RpcClient;
}

export interface SpawnedInstance {
  readonly output: string[];
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Reconcile every half second, so a test that breaks a timer sees it repaired quickly. */
const DEFAULTS: Environment = { DUBAN_REMINDER_RECONCILE_MS: '500' };

function startInProcess(env: Environment, options: NotificationsAppOptions = {}): Promise<INestMicroservice> {
  return startService(AppModule.forRoot({ ...loadNotificationsConfig(env), ...options }), { logs: false });
}

/**
 * The service with one instance in this process (more with `startInstance`); `options` replace what the
 * service would otherwise load itself (e.g. a holiday table without next year's notice).
 */
export async function startNotificationsSandbox(
  label: string,
  overrides: Environment = {},
  options: NotificationsAppOptions = {},
): Promise<InProcessSandbox> {
  const sandbox = await extend(
    await startServiceSandbox({
      service: 'notifications',
      label,
      env: { ...DEFAULTS, ...overrides },
      start: (env) => startInProcess(env, options),
    }),
  );
  return { ...sandbox, rpc: sandbox.app.get(RpcClient) };
}

/**
 * The service as real processes only (`spawnInstance`): nothing of it runs in this process, so a killed
 * process's work is picked up by the next process, not by a worker in the test.
 */
export async function startProcessSandbox(
  label: string,
  overrides: Environment = {},
): Promise<NotificationsSandbox<Closable>> {
  const noInstance: Closable = { close: () => Promise.resolve() };
  return extend(
    await startServiceSandbox({
      service: 'notifications',
      label,
      env: { ...DEFAULTS, ...overrides },
      start: () => Promise.resolve(noInstance),
    }),
  );
}

async function extend<App extends Closable>(base: ServiceSandbox<App>): Promise<NotificationsSandbox<App>> {
  const { env, namespace, nats } = base;
  const instances: INestMicroservice[] = [];
  const children: ChildProcess[] = [];
  const redis = new IORedis(env.DUBAN_REDIS_URL as string);
  // A test may stop its private Redis on purpose: this client just reconnects.
  redis.on('error', () => undefined);
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

  async function flushQueueKeys(): Promise<number> {
    const found = await keys();
    for (let i = 0; i < found.length; i += 500) await redis.del(...found.slice(i, i + 500));
    return found.length;
  }

  return {
    ...base,
    redis,
    async startInstance(options) {
      const app = await startInProcess(env, options);
      instances.push(app);
      return app;
    },
    async stopInstance(app) {
      const index = instances.indexOf(app);
      if (index >= 0) instances.splice(index, 1);
      await app.close();
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
    publishDeadline(deadline, id) {
      return base.publish(EvaluationDeadlines.DeadlineSet, deadline, id ? { id } : {});
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
    flushQueueKeys,
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
      await base.close();
      await flushQueueKeys().catch(() => undefined);
      redis.disconnect();
    },
  };
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

/** How many of these events the service's consumers have applied (their inbox rows). */
export async function eventsApplied(db: SandboxDatabase, eventIds: readonly string[]): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM notifications.inbox WHERE event_id = ANY($1)`,
    [[...eventIds]],
  );
  return row?.n ?? 0;
}

export interface DeliveryCounts {
  /** Deliveries on every channel: the delivery log's (external channels) and the in-app rows. */
  readonly deliveries: number;
  readonly notifications: number;
  /** (deadline, stage, recipient) delivered more than once: must stay 0. */
  readonly duplicated: number;
  readonly planned: number;
  readonly sent: number;
}

export async function deliveryCounts(db: SandboxDatabase): Promise<DeliveryCounts> {
  const [counts] = await db.query<DeliveryCounts>(`
    SELECT
      (SELECT count(*)::int FROM notifications.delivery)
        + (SELECT count(*)::int FROM notifications.notification) AS deliveries,
      (SELECT count(*)::int FROM notifications.notification) AS notifications,
      (SELECT count(*)::int FROM (SELECT d.subject_id, n.stage, n.recipient_key FROM notifications.notification n
          JOIN notifications.deadline d ON n.subject_id = d.subject_id
         GROUP BY 1, 2, 3 HAVING count(*) > 1) dup) AS duplicated,
      (SELECT count(*)::int FROM notifications.reminder WHERE state = 'planned') AS planned,
      (SELECT count(*)::int FROM notifications.reminder WHERE state = 'sent') AS sent`);
  if (!counts) throw new Error('no counts');
  return counts;
}

/** Who did it, as the projects service names the user in its events. */
export const COUNTY_ACTOR: EventActor = {
  userId: 'user-linxian',
  username: 'linxian',
  displayName: '刘星',
  role: 'county_officer',
};

/**
 * A 临县 milestone as the projects service announces it: a dated one (policy stages) unless `dueAt` is
 * given, for 刘星 with 张振玉 as the 组长.
 */
export function milestoneFacts(overrides: Partial<MilestoneFacts> = {}): MilestoneFacts {
  counter += 1;
  return {
    programmeId: '00000000-0000-4000-8000-0000000000aa',
    programmeCode: 'gig-2026',
    projectId: '00000000-0000-4000-8000-0000000000bb',
    projectName: '临县公益性零工市场',
    regionCode: '141124',
    regionName: '临县',
    cityRegionCode: '141100',
    milestoneId: uuidv7(),
    key: null,
    title: `节点${counter}`,
    dueDate: null,
    dueAt: null,
    status: 'pending',
    responsibleOfficers: [{ id: '00000000-0000-4000-8000-000000000001', name: '刘星', username: 'linxian' }],
    countyLeader: { id: '00000000-0000-4000-8000-000000000002', name: '张振玉', username: 'zhangzhenyu' },
    reminderPlan: null,
    reminderPolicy: DEFAULT_REMINDER_POLICY,
    ...overrides,
  };
}
