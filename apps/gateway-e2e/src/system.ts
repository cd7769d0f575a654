import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort, privateDatabase, testEnvironment, uniqueNamespace, waitFor, type Environment } from '@duban/testing';

export const APPS = ['gateway', 'projects', 'funding', 'evaluation', 'notifications'] as const;
export type AppName = (typeof APPS)[number];

const ROOT = join(__dirname, '..', '..', '..');

/** The gateway's token secret in end-to-end runs (required outside demo mode). */
export const E2E_AUTH_SECRET = 'e2e-auth-secret-0123456789-abcdefghijkl';

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any;
}

/** One app as a real process, started exactly as `npm start` starts it. */
export class AppProcess {
  readonly output: string[] = [];
  private exit: Promise<number | null>;

  private constructor(
    readonly name: AppName,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    this.exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static start(name: AppName, env: Environment): AppProcess {
    const child = spawn(process.execPath, [join(ROOT, 'tools/run-ts.js'), `apps/${name}/src/main.ts`], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new AppProcess(name, child);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves with the exit code once the process ends. */
  exited(): Promise<number | null> {
    return this.exit;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.running) return;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exit;
    clearTimeout(timer);
  }
}

/** The whole system on a free port, isolated in the test run's database and namespace. */
export class System {
  readonly apps = new Map<AppName, AppProcess>();
  private readonly tokens = new Map<string, string>();

  private constructor(
    readonly env: Environment,
    readonly baseUrl: string,
  ) {}

  /**
   * Starts the five apps in a database and namespace of their own (`label`), so several systems in one
   * run (test files run in parallel) never answer each other's requests or see each other's rows.
   */
  static async start(
    label: string,
    overrides: Environment = {},
    options: { healthyTimeoutMs?: number } = {},
  ): Promise<System> {
    const port = await freePort();
    const env = testEnvironment({
      DUBAN_DATABASE_URL: await privateDatabase(label),
      DUBAN_NAMESPACE: uniqueNamespace(label),
      DUBAN_HTTP_PORT: String(port),
      DUBAN_HEALTH_TIMEOUT_MS: '1000',
      DUBAN_LOG_LEVEL: 'warn',
      DUBAN_AUTH_SECRET: E2E_AUTH_SECRET,
      ...overrides,
    });
    const system = new System(env, `http://127.0.0.1:${port}`);
    for (const app of APPS) system.startApp(app);
    try {
      await system.waitUntilHealthy(options.healthyTimeoutMs);
    } catch (error) {
      // The caller never gets the system to stop: the apps that did start must not outlive the test run.
      await system.stop();
      throw error;
    }
    return system;
  }

  startApp(name: AppName): AppProcess {
    const app = AppProcess.start(name, this.env);
    this.apps.set(name, app);
    return app;
  }

  app(name: AppName): AppProcess {
    const app = this.apps.get(name);
    if (!app) throw new Error(`${name} was never started`);
    return app;
  }

  async waitUntilHealthy(timeoutMs = 180_000): Promise<void> {
    try {
      await waitFor(
        'all services healthy',
        () => this.fetch('/api/health').then((r) => r.status),
        (s) => s === 200,
        {
          timeoutMs,
          intervalMs: 250,
        },
      );
    } catch (error) {
      const logs = [...this.apps.values()].map((a) => `--- ${a.name}\n${a.output.join('').slice(-2000)}`).join('\n');
      throw new Error(`${(error as Error).message}\n${logs}`);
    }
  }

  fetch(path: string, init?: RequestInit): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, init);
  }

  /** A request whose JSON body the test inspects as a client would: untyped. */
  async request(path: string, init?: RequestInit): Promise<HttpAnswer> {
    const response = await this.fetch(path, init);
    const text = await response.text();
    const isJson = /json/.test(response.headers.get('content-type') ?? '');
    return { status: response.status, headers: response.headers, body: isJson ? JSON.parse(text) : text };
  }

  /** A demo user's bearer token (password duban-demo), logging in once per user. */
  async tokenFor(username: string): Promise<string> {
    let token = this.tokens.get(username);
    if (!token) {
      const login = await this.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'duban-demo' }),
      });
      if (login.status !== 200) throw new Error(`login ${username}: ${login.status} ${JSON.stringify(login.body)}`);
      token = login.body.accessToken as string;
      this.tokens.set(username, token);
    }
    return token;
  }

  /** A JSON request as a demo user (password duban-demo), logging in once per user. */
  async call(username: string, path: string, init: RequestInit = {}): Promise<HttpAnswer> {
    const token = await this.tokenFor(username);
    return this.request(path, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        // A JSON body is sent as a string; a FormData body sets its own multipart type and boundary.
        ...(typeof init.body === 'string' ? { 'content-type': 'application/json' } : {}),
        ...(init.headers ?? {}),
      },
    });
  }

  /** 临县's project in the demo data, once the projects service has loaded it (the demo loads at start). */
  async linxianProjectId(): Promise<string> {
    const projects = await waitFor(
      '临县’s project loaded',
      () => this.call('linxian', '/api/projects?region=141124'),
      (answer) => answer.status === 200 && answer.body.length === 1,
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    return projects.body[0].id as string;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.apps.values()].map((app) => app.stop()));
  }
}
