import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from './loopback-ports';

const REDIS_SERVER = '/usr/bin/redis-server';

/**
 * A private redis-server on a free loopback port, without persistence, so a test can freeze, kill and
 * restart "Redis" without touching the machine's shared one (as libs/testing's NatsServerProcess does for
 * NATS).
 */
export class RedisServerProcess {
  private child: ChildProcess | undefined;
  /** Its working directory (where an AOF would go), removed by `stop`. */
  private readonly dir = mkdtempSync(join(tmpdir(), 'duban-redis-'));

  private constructor(
    readonly port: number,
    private readonly extraArgs: readonly string[],
  ) {}

  /**
   * `extraArgs` come after the defaults and override them (the last of a directive wins), e.g.
   * `['--maxmemory-policy', 'allkeys-lru']` or `['--appendonly', 'yes']`.
   */
  static async start(extraArgs: readonly string[] = []): Promise<RedisServerProcess> {
    if (!existsSync(REDIS_SERVER)) throw new Error(`${REDIS_SERVER} is missing: run npm run services to install it`);
    const server = new RedisServerProcess(await freePort(), extraArgs);
    await server.restart();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts (or starts again, empty) the server on the same port. */
  async restart(): Promise<void> {
    this.child = spawn(
      REDIS_SERVER,
      [
        ...['--bind', '127.0.0.1', '--port', String(this.port), '--dir', this.dir],
        ...['--save', '', '--appendonly', 'no', '--hz', '100'],
        ...this.extraArgs,
      ],
      { stdio: 'ignore' },
    );
    await waitForPort(this.port, true);
  }

  /**
   * Freezes the server (SIGSTOP): connections stay open but nothing answers, the hardest kind of
   * "unreachable" for a client (no error, only silence). `resume` lets it go on with every key it had.
   */
  freeze(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }

  /** Kills the server (SIGKILL): every key is gone, connections are refused until `restart`. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGCONT');
    child.kill('SIGKILL');
    await exited;
    await waitForPort(this.port, false);
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
