import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { ROOT } from '../../../drills/src/system/app-process';
import { summarise } from './summarise-cpu-profile';

/** CPU time of a process in ms (utime + stime, and with `children` its reaped children's; ticks of 10 ms); 0 once gone. */
export function cpuMs(pid: number, children = false): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const own = Number(fields[11]) + Number(fields[12]);
    return (children ? own + Number(fields[13]) + Number(fields[14]) : own) * 10;
  } catch {
    return 0; // gone
  }
}

/** A Postgres backend's CPU time so far (ms) and what it is (its type and the start of its query). */
export interface BackendCpu {
  readonly ms: number;
  readonly role: string;
}

/**
 * The CPU of the Postgres backends serving one database, read from /proc by their pids (Postgres on this
 * machine): read before and after a window, `cpuUsedBetween` gives what they spent in it. Asks through a
 * connection of its own to the server's `postgres` database, so its own backend never counts.
 */
export class DatabaseBackends {
  private constructor(private readonly watcher: Client) {}

  /** Connects to the server of `databaseUrl`. */
  static async connect(databaseUrl: string): Promise<DatabaseBackends> {
    const watcher = new Client({ connectionString: databaseUrl.replace(/\/[^/]*$/, '/postgres') });
    await watcher.connect();
    return new DatabaseBackends(watcher);
  }

  /** Each backend serving `database` now, but the one whose pid is `except` (e.g. a poller's), by pid. */
  async read(database: string, except = 0): Promise<Map<number, BackendCpu>> {
    const { rows } = await this.watcher.query<{ pid: number; role: string }>(
      `SELECT pid, backend_type || ' ' || left(query, 40) AS role FROM pg_stat_activity
        WHERE datname = $1 AND pid <> $2`,
      [database, except],
    );
    return new Map(rows.map(({ pid, role }) => [pid, { ms: cpuMs(pid), role }]));
  }

  /** The server's WAL written so far (`pg_stat_wal`, the whole server's: read it while nothing else writes). */
  async wal(): Promise<WalWritten> {
    const { rows } = await this.watcher.query<WalWritten>(
      `SELECT wal_records::float8 AS records, wal_fpi::float8 AS "fullPageImages", wal_bytes::float8 AS bytes
         FROM pg_stat_wal`,
    );
    return rows[0] as WalWritten;
  }

  close(): Promise<void> {
    return this.watcher.end();
  }
}

/** WAL counters (`pg_stat_wal`): records, full-page images among them, bytes. */
export interface WalWritten {
  readonly records: number;
  readonly fullPageImages: number;
  readonly bytes: number;
}

/** CPU ms each backend of `after` spent since `before` (a backend new since then: all of it), by pid. */
export function cpuUsedBetween(
  before: ReadonlyMap<number, BackendCpu>,
  after: ReadonlyMap<number, BackendCpu>,
): Map<number, number> {
  return new Map([...after].map(([pid, { ms }]) => [pid, ms - (before.get(pid)?.ms ?? 0)]));
}

/** The sum of a map's values. */
export function total(values: ReadonlyMap<unknown, number>): number {
  let sum = 0;
  for (const value of values.values()) sum += value;
  return sum;
}

/**
 * Prints the summary of the `.cpuprofile` an app wrote into `dir` (cpu-profile-preload.js writes it on SIGWINCH
 * or at exit, named by pid), once it is there (up to 30 s) and finished writing.
 */
export async function printCpuProfile(app: { name: string; pid: number }, dir: string, top: number): Promise<void> {
  const file = join(dir, `${app.pid}.cpuprofile`);
  const deadline = Date.now() + 30_000;
  while (!existsSync(file) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  await new Promise((resolve) => setTimeout(resolve, 500));
  console.log(`\n===== ${app.name} (${file})`);
  console.log(summarise(JSON.parse(readFileSync(file, 'utf8')), top));
}

/**
 * One profiling run: a new directory under tmp/profiles, and the environment that has an app preload
 * cpu-profile-preload.js, which writes the app's .cpuprofile there.
 */
export function cpuProfileRun(label: string): { dir: string; env: Record<string, string> } {
  const dir = join(ROOT, 'tmp', 'profiles', `${label}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  mkdirSync(dir, { recursive: true });
  return {
    dir,
    env: { NODE_OPTIONS: `--require ${join(__dirname, 'cpu-profile-preload.js')}`, DUBAN_CPU_PROFILE_DIR: dir },
  };
}
