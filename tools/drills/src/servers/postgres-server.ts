import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, waitForPort } from './ports';

const BIN = process.env.DRILLS_POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

/** How a running server is stopped: as `pg_ctl stop -m fast` (clean) or `-m immediate` (a crash, recovery on start). */
export type PostgresStopMode = 'fast' | 'immediate';

const SIGNAL: Record<PostgresStopMode, NodeJS.Signals> = { fast: 'SIGINT', immediate: 'SIGQUIT' };

/**
 * A private PostgreSQL 15 cluster: its own data directory (initdb) and port on 127.0.0.1, so a drill may stop
 * and restart it without touching the machine's shared server. The postmaster runs as a child process (the
 * signals `pg_ctl stop` sends end it); as root, initdb and the server run as the `postgres` user, since
 * PostgreSQL refuses to run as root.
 */
export class PostgresServerProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private readonly output: string[] = [];

  private constructor(
    readonly port: number,
    private readonly dataDir: string,
    private readonly owner: { uid: number; gid: number } | undefined,
  ) {}

  /** initdb in a new temporary directory, then starts the server on a free port. */
  static async start(): Promise<PostgresServerProcess> {
    if (!existsSync(join(BIN, 'initdb'))) {
      throw new Error(`${BIN}/initdb is missing: install postgresql-15 (npm run services) or set DRILLS_POSTGRES_BIN`);
    }
    const owner = process.getuid?.() === 0 ? postgresUser() : undefined;
    const dataDir = mkdtempSync(join(tmpdir(), 'duban-drill-pg-'));
    if (owner) chownSync(dataDir, owner.uid, owner.gid);
    execFileSync(
      join(BIN, 'initdb'),
      ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'],
      { stdio: 'pipe', ...owner },
    );
    const server = new PostgresServerProcess(await freePort(), dataDir, owner);
    await server.resume();
    return server;
  }

  /** The URL of a database on this server. */
  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the server again on the same port and data directory; resolves once it answers queries. */
  async resume(): Promise<void> {
    if (this.running) return;
    const child = spawn(
      join(BIN, 'postgres'),
      [
        '-D',
        this.dataDir,
        '-p',
        String(this.port),
        '-k',
        this.dataDir,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'max_connections=300',
        // Durability against a crashed process does not need fsync (the kernel keeps what was written);
        // commits still wait for their WAL write, so an acknowledged write survives an immediate stop.
        '-c',
        'fsync=off',
        '-c',
        'full_page_writes=off',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], ...this.owner },
    );
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString());
      if (this.output.length > 200) this.output.splice(0, this.output.length - 200);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    await waitForPort(this.port, true, 60_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${this.output.join('').slice(-2000)}`);
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const client = new Client({ connectionString: this.url('postgres') });
      try {
        await client.connect();
        await client.query('SELECT 1');
        return;
      } catch (error) {
        // "the database system is starting up" while it recovers after an immediate stop.
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      } finally {
        await client.end().catch(() => undefined);
      }
    }
  }

  /** Stops the server (every session ends); resolves once the postmaster has exited. */
  async halt(mode: PostgresStopMode = 'fast'): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    child.kill(SIGNAL[mode]);
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await this.exited;
    clearTimeout(timer);
    await waitForPort(this.port, false);
  }

  /** Stops the server and removes its data directory. */
  async destroy(): Promise<void> {
    await this.halt('immediate');
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** Creates a database on this server. */
  async createDatabase(name: string): Promise<string> {
    const client = new Client({ connectionString: this.url('postgres') });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } finally {
      await client.end();
    }
    return this.url(name);
  }
}

function postgresUser(): { uid: number; gid: number } {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    return { uid, gid };
  } catch {
    throw new Error('Running as root: a private PostgreSQL needs the `postgres` user (install postgresql-15)');
  }
}
