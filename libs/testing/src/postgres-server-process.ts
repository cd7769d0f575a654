import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './loopback-ports';

const BIN = '/usr/lib/postgresql/15/bin';
const run = promisify(execFile);

/**
 * A private PostgreSQL server (initdb + pg_ctl) on a free loopback port with its own data directory, so a
 * test can restart or stop a database without touching the machine's shared one. Postgres refuses to run
 * as root: when the tests do, the server runs as the `postgres` system user.
 */
export class PostgresServerProcess {
  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly owner: { uid: number; gid: number } | undefined,
    private readonly settings: Readonly<Record<string, string>>,
  ) {}

  /** `settings`: server settings beyond the defaults below (e.g. `shared_preload_libraries` for a profile). */
  static async start(settings: Readonly<Record<string, string>> = {}): Promise<PostgresServerProcess> {
    if (!existsSync(`${BIN}/initdb`)) throw new Error(`${BIN}/initdb is missing: install postgresql-15`);
    const dir = mkdtempSync(join(tmpdir(), 'duban-pg-'));
    const owner = process.getuid?.() === 0 ? systemUser('postgres') : undefined;
    if (owner) chownSync(dir, owner.uid, owner.gid);
    const server = new PostgresServerProcess(await freePort(), dir, owner, settings);
    await server.exec('initdb', ['-D', server.dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    await server.pgCtl('start');
    return server;
  }

  /** The server's `postgres` database; `ensureDatabase` can make others beside it. */
  get url(): string {
    return this.databaseUrl('postgres');
  }

  databaseUrl(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** Creates a database on this server; its URL. */
  async createDatabase(name: string): Promise<string> {
    await this.exec('createdb', ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres', name]);
    return this.databaseUrl(name);
  }

  /** A clean restart (`pg_ctl restart -m fast`): every client connection is cut, the data stays. */
  async restart(): Promise<void> {
    await this.pgCtl('restart', ['-m', 'fast']);
  }

  /** Stops the server at once, as a crash would (every session ends, nothing is waited for); `restart` brings it back. */
  async kill(): Promise<void> {
    await this.halt('immediate');
  }

  /**
   * Stops the server as `pg_ctl stop` does: `fast` (sessions cut, a clean shutdown) or `immediate` (a crash:
   * recovery on the next start). `resume` starts it again on the same port and data.
   */
  async halt(mode: 'fast' | 'immediate'): Promise<void> {
    await this.pgCtl('stop', ['-m', mode]);
  }

  /** Starts a halted server again; resolves once it accepts connections (after recovery, if any). */
  async resume(): Promise<void> {
    await this.pgCtl('start');
  }

  async stop(): Promise<void> {
    await this.pgCtl('stop', ['-m', 'immediate']).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private get dataDir(): string {
    return join(this.dir, 'data');
  }

  private pgCtl(command: string, extra: string[] = []): Promise<void> {
    // fsync off: a crashed process loses nothing the kernel holds, and commits still wait for their WAL write.
    // Room for five apps' pools at once (the drills).
    const settings = Object.entries(this.settings).map(([name, value]) => `-c ${name}=${value}`);
    const options = [
      `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.dir} -c fsync=off -c max_connections=300`,
      ...settings,
    ].join(' ');
    return this.exec('pg_ctl', [
      command,
      '-D',
      this.dataDir,
      '-l',
      join(this.dir, 'log'),
      '-w',
      '-o',
      options,
      ...extra,
    ]);
  }

  private async exec(program: string, args: string[]): Promise<void> {
    await run(`${BIN}/${program}`, args, { cwd: this.dir, uid: this.owner?.uid, gid: this.owner?.gid });
  }
}

function systemUser(name: string): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}
