import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, NatsServerProcess, PostgresServerProcess, RedisServerProcess, waitFor } from '@duban/testing';
import { connect } from 'nats';
import { Pool } from 'pg';
import { TcpProxy } from '../servers/tcp-proxy';
import { APPS, AppProcess, ROOT, type AppName, type Environment } from './app-process';
import { HttpClient } from './http-client';

export interface StackOptions {
  /** Names the drill's log directory. */
  readonly label: string;
  /** Variables for every app, beside the stack's own. */
  readonly env?: Environment;
  /** Variables for one app only. */
  readonly appEnv?: Partial<Record<AppName, Environment>>;
  /** Apps that reach NATS through a TcpProxy the drill controls (to hold back what they send). */
  readonly natsThroughProxy?: readonly AppName[];
  /** NATS nodes: 1 (default), or a cluster of this many on loopback (the streams then at R3). */
  readonly natsNodes?: number;
  /** Processes of each app (default 1); each gateway on its own port, the client going round them. */
  readonly replicas?: number;
  /** Run the production build (dist/, see `npm run build`) rather than the sources. */
  readonly compiled?: boolean;
  /** Postgres server settings beyond the private server's defaults (a profile's `pg_stat_statements`). */
  readonly postgresSettings?: Readonly<Record<string, string>>;
}

/** Demo facts every drill starts from: 临县's project and its leading group (officer ids by username). */
export interface DemoFacts {
  readonly projectId: string;
  readonly officerIds: Readonly<Record<string, string>>;
}

/** Every stack started in this process, so that Ctrl-C or a crash of the runner leaves no server behind. */
const running = new Set<Stack>();

export async function stopAllStacks(): Promise<void> {
  await Promise.all([...running].map((stack) => stack.stop()));
}

/**
 * The whole system on PRIVATE servers: a PostgreSQL cluster, a Redis and a nats-server of its own (own ports,
 * own data directories), and the five apps as processes against them, in demo mode. A drill may stop, kill and
 * restart any part of it; the machine's shared Postgres, Redis and NATS are never touched.
 */
export class Stack {
  /** Every app process, by `app(name, replica)`'s key. */
  private readonly processes = new Map<string, AppProcess>();
  readonly http: HttpClient;
  private pool: Pool | undefined;
  private stopped = false;

  private constructor(
    readonly label: string,
    readonly postgres: PostgresServerProcess,
    readonly redis: RedisServerProcess,
    /** Every NATS node (one unless `natsNodes`); `nats` is the first. */
    readonly natsNodes: readonly NatsServerProcess[],
    readonly proxy: TcpProxy | undefined,
    readonly databaseUrl: string,
    private readonly env: Environment,
    private readonly options: StackOptions,
    readonly logDir: string,
    /** HTTP port of each gateway process. */
    private readonly gatewayPorts: readonly number[],
  ) {
    this.http = new HttpClient(gatewayPorts.map((port) => `http://127.0.0.1:${port}`));
  }

  get nats(): NatsServerProcess {
    return this.natsNodes[0] as NatsServerProcess;
  }

  /** Processes of each app. */
  get replicas(): number {
    return this.options.replicas ?? 1;
  }

  static async start(options: StackOptions): Promise<Stack> {
    const logDir = join(ROOT, 'tmp', 'drills', `${runStamp}`, options.label);
    mkdirSync(logDir, { recursive: true });
    const natsNodes = options.natsNodes ?? 1;
    const [postgres, redis, nats] = await Promise.all([
      PostgresServerProcess.start(options.postgresSettings),
      RedisServerProcess.start(),
      natsNodes > 1 ? NatsServerProcess.startCluster(natsNodes) : NatsServerProcess.start().then((node) => [node]),
    ]);
    const first = nats[0] as NatsServerProcess;
    const proxy = options.natsThroughProxy?.length ? await TcpProxy.start(first.port) : undefined;
    const databaseUrl = await postgres.createDatabase('duban');
    const gatewayPorts: number[] = [];
    while (gatewayPorts.length < (options.replicas ?? 1)) {
      const port = await freePort();
      if (!gatewayPorts.includes(port)) gatewayPorts.push(port);
    }
    const env: Environment = {
      DUBAN_DATABASE_URL: databaseUrl,
      DUBAN_NATS_URL: nats.map((node) => node.url).join(','),
      ...(natsNodes > 1 ? { DUBAN_STREAM_REPLICAS: String(Math.min(natsNodes, 3)) } : {}),
      DUBAN_REDIS_URL: redis.url,
      DUBAN_NAMESPACE: 'drill',
      DUBAN_DEMO: 'true',
      DUBAN_LOG_LEVEL: process.env.DRILLS_LOG_LEVEL ?? 'warn',
      DUBAN_LOG_FORMAT: 'json',
      DUBAN_AUTH_SECRET: 'drills-auth-secret-0123456789-abcdefghijkl',
      ...options.env,
    };
    const stack = new Stack(
      options.label,
      postgres,
      redis,
      nats,
      proxy,
      databaseUrl,
      env,
      options,
      logDir,
      gatewayPorts,
    );
    running.add(stack);
    try {
      if (natsNodes > 1) await waitForJetStreamCluster(nats, natsNodes);
      for (const app of APPS) for (let replica = 0; replica < stack.replicas; replica++) stack.startApp(app, replica);
      await stack.waitHealthy(180_000);
    } catch (error) {
      await stack.stop();
      throw error;
    }
    return stack;
  }

  /** Starts (or starts again) one process of an app with the stack's environment. */
  startApp(name: AppName, replica = 0): AppProcess {
    const proxy = this.options.natsThroughProxy?.includes(name) ? this.proxy : undefined;
    const env = {
      ...this.env,
      DUBAN_HTTP_PORT: String(this.gatewayPorts[replica] ?? this.gatewayPorts[0]),
      ...(proxy ? { DUBAN_NATS_URL: proxy.url } : {}),
      ...this.options.appEnv?.[name],
    };
    const log = join(this.logDir, replica === 0 ? `${name}.log` : `${name}-${replica + 1}.log`);
    const app = AppProcess.start(name, env, log, this.options.compiled);
    this.processes.set(`${name}#${replica}`, app);
    return app;
  }

  app(name: AppName, replica = 0): AppProcess {
    const app = this.processes.get(`${name}#${replica}`);
    if (!app) throw new Error(`${name} #${replica + 1} was never started`);
    return app;
  }

  /** Waits until /api/health answers 200 from every gateway (every service and every server up). */
  async waitHealthy(timeoutMs = 120_000): Promise<void> {
    try {
      await waitFor(
        'all services healthy',
        () => this.http.statusOfEach('/api/health'),
        (statuses) => statuses.every((status) => status === 200),
        { timeoutMs, intervalMs: 250 },
      );
    } catch (error) {
      const logs = [...this.processes.entries()].map(([key, app]) => `--- ${key}\n${app.lastOutput(1500)}`).join('\n');
      throw new Error(`${(error as Error).message} (logs in ${this.logDir})\n${logs}`);
    }
  }

  /**
   * Waits for the demo data every drill uses: 临县's project with its leading group, known to funding, and the
   * notifications service through the demo's history milestones (a probe milestone planned after them: one
   * stream is handled in order).
   */
  async demoFacts(timeoutMs = 240_000): Promise<DemoFacts> {
    const projects = await waitFor(
      '临县 project loaded',
      () => this.http.call('linxian', '/api/projects?region=141124'),
      (answer) => answer.status === 200 && listOf(answer.body).length > 0,
      { timeoutMs, intervalMs: 500 },
    );
    const projectId = (listOf(projects.body)[0] as { id: string }).id;
    const officers = await this.http.call('linxian', `/api/projects/${projectId}/officers`);
    const officerIds = Object.fromEntries(
      (officers.body as { id: string; username: string | null }[])
        .filter((officer) => officer.username)
        .map((officer) => [officer.username as string, officer.id]),
    );
    await waitFor(
      'funding knows 临县',
      () => this.http.call('linxian', `/api/projects/${projectId}/funding`),
      (answer) => answer.status === 200,
      { timeoutMs, intervalMs: 500 },
    );
    const probe = await this.http.call('linxian', `/api/projects/${projectId}/milestones`, {
      method: 'POST',
      body: JSON.stringify({
        title: '演练探测节点',
        dueAt: new Date(Date.now() + 30 * 24 * 3600_000).toISOString(),
        responsibleOfficerIds: [officerIds.linxian],
        reminderPlan: ['-PT1H'],
      }),
    });
    if (probe.status !== 201) throw new Error(`probe milestone: ${probe.status} ${JSON.stringify(probe.body)}`);
    await waitFor(
      'notifications caught up with the demo history',
      () => this.http.call('linxian', `/api/milestones/${probe.body.id}/reminders`),
      (answer) => answer.status === 200,
      { timeoutMs, intervalMs: 500 },
    );
    return { projectId, officerIds };
  }

  /** Plain SQL on the private database (a new connection after a Postgres restart). */
  async sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
    if (!this.pool) {
      this.pool = new Pool({ connectionString: this.databaseUrl, max: 4 });
      // A restarted server ends idle connections; the pool replaces them.
      this.pool.on('error', () => undefined);
    }
    const result = await this.pool.query(query, params);
    return result.rows as T[];
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    running.delete(this);
    await Promise.all([...this.processes.values()].map((app) => app.stop()));
    await this.pool?.end().catch(() => undefined);
    await this.proxy?.close();
    await Promise.all([this.postgres.stop(), this.redis.stop(), ...this.natsNodes.map((node) => node.stop())]);
  }
}

/**
 * A fresh cluster answers clients before its nodes have elected a JetStream leader, and a stream placed then
 * is refused ("no suitable peers"): waits until a throwaway stream with one copy per node can be made.
 */
async function waitForJetStreamCluster(nodes: readonly NatsServerProcess[], replicas: number): Promise<void> {
  const nats = await connect({ servers: nodes.map((node) => node.url) });
  try {
    const jsm = await nats.jetstreamManager();
    await waitFor(
      'JetStream cluster ready',
      () =>
        jsm.streams
          .add({ name: 'DRILL_PROBE', subjects: ['drill.probe'], num_replicas: replicas })
          .then(() => true)
          .catch(() => false),
      (ready) => ready,
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    await jsm.streams.delete('DRILL_PROBE');
  } finally {
    await nats.close();
  }
}

const runStamp = new Date().toISOString().replace(/[:.]/g, '-');

function listOf(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  const items = (body as { items?: unknown[] } | null)?.items;
  return Array.isArray(items) ? items : [];
}
