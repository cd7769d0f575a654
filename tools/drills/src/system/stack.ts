import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, NatsServerProcess, PostgresServerProcess, RedisServerProcess, waitFor } from '@duban/testing';
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
  readonly apps = new Map<AppName, AppProcess>();
  readonly http: HttpClient;
  private pool: Pool | undefined;
  private stopped = false;

  private constructor(
    readonly label: string,
    readonly postgres: PostgresServerProcess,
    readonly redis: RedisServerProcess,
    readonly nats: NatsServerProcess,
    readonly proxy: TcpProxy | undefined,
    readonly databaseUrl: string,
    private readonly env: Environment,
    private readonly options: StackOptions,
    readonly logDir: string,
    port: number,
  ) {
    this.http = new HttpClient(`http://127.0.0.1:${port}`);
  }

  static async start(options: StackOptions): Promise<Stack> {
    const logDir = join(ROOT, 'tmp', 'drills', `${runStamp}`, options.label);
    mkdirSync(logDir, { recursive: true });
    const [postgres, redis, nats] = await Promise.all([
      PostgresServerProcess.start(),
      RedisServerProcess.start(),
      NatsServerProcess.start(),
    ]);
    const proxy = options.natsThroughProxy?.length ? await TcpProxy.start(nats.port) : undefined;
    const databaseUrl = await postgres.createDatabase('duban');
    const port = await freePort();
    const env: Environment = {
      DUBAN_DATABASE_URL: databaseUrl,
      DUBAN_NATS_URL: nats.url,
      DUBAN_REDIS_URL: redis.url,
      DUBAN_NAMESPACE: 'drill',
      DUBAN_HTTP_PORT: String(port),
      DUBAN_DEMO: 'true',
      DUBAN_LOG_LEVEL: process.env.DRILLS_LOG_LEVEL ?? 'warn',
      DUBAN_LOG_FORMAT: 'json',
      DUBAN_AUTH_SECRET: 'drills-auth-secret-0123456789-abcdefghijkl',
      ...options.env,
    };
    const stack = new Stack(options.label, postgres, redis, nats, proxy, databaseUrl, env, options, logDir, port);
    running.add(stack);
    try {
      for (const app of APPS) stack.startApp(app);
      await stack.waitHealthy(180_000);
    } catch (error) {
      await stack.stop();
      throw error;
    }
    return stack;
  }

  /** Starts (or starts again) one app with the stack's environment. */
  startApp(name: AppName): AppProcess {
    const proxy = this.options.natsThroughProxy?.includes(name) ? this.proxy : undefined;
    const env = {
      ...this.env,
      ...(proxy ? { DUBAN_NATS_URL: proxy.url } : {}),
      ...this.options.appEnv?.[name],
    };
    const app = AppProcess.start(name, env, join(this.logDir, `${name}.log`));
    this.apps.set(name, app);
    return app;
  }

  app(name: AppName): AppProcess {
    const app = this.apps.get(name);
    if (!app) throw new Error(`${name} was never started`);
    return app;
  }

  /** Waits until /api/health answers 200 (every service and every server up). */
  async waitHealthy(timeoutMs = 120_000): Promise<void> {
    try {
      await waitFor(
        'all services healthy',
        () => this.http.request('/api/health').then((answer) => answer.status),
        (status) => status === 200,
        { timeoutMs, intervalMs: 250 },
      );
    } catch (error) {
      const logs = [...this.apps.values()].map((app) => `--- ${app.name}\n${app.lastOutput(1500)}`).join('\n');
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
    await Promise.all([...this.apps.values()].map((app) => app.stop()));
    await this.pool?.end().catch(() => undefined);
    await this.proxy?.close();
    await Promise.all([this.postgres.stop(), this.redis.stop(), this.nats.stop()]);
  }
}

const runStamp = new Date().toISOString().replace(/[:.]/g, '-');

function listOf(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  const items = (body as { items?: unknown[] } | null)?.items;
  return Array.isArray(items) ? items : [];
}
