import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';

export const APPS = ['gateway', 'projects', 'funding', 'evaluation', 'notifications'] as const;
export type AppName = (typeof APPS)[number];

export const ROOT = join(__dirname, '..', '..', '..', '..');

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * How the production image starts every app (deploy/production-env.json, which deploy/Dockerfile sets too; a
 * workspace check keeps them equal), and so how a compiled app is started here (issue 17, G8: ≤ 150 MB resident when idle):
 * - `MALLOC_MMAP_THRESHOLD_`: glibc serves every allocation above 128 KiB with its own mmap and unmaps it when
 *   freed. Otherwise its threshold grows to the largest block freed, and the gateway's password hashes (argon2id,
 *   19 MiB each, on the libuv threads) stay resident in each thread's malloc arena: ~100 MB of an idle gateway.
 * - `--max-semi-space-size=2`: V8's young generation at 2 × 2 MiB instead of 2 × 16 MiB, ~28 MB less in every
 *   process; more frequent, shorter scavenges.
 * - `--expose-gc`: for the idle heap reducer (libs/platform, runtime/idle-heap-reducer.ts), which collects and
 *   compacts once when a process whose heap grew under load goes quiet (after G4: 200–225 → 125–135 MB).
 */
export const PRODUCTION_PROCESS_ENV: Environment = JSON.parse(
  readFileSync(join(ROOT, 'deploy/production-env.json'), 'utf8'),
) as Environment;

/**
 * One app as a real process, started as `npm start` and apps/gateway-e2e start it
 * (`node tools/run-ts.js apps/<app>/src/main.ts`), its output appended to a log file of the drill.
 */
export class AppProcess {
  private readonly tail: string[] = [];
  private readonly exit: Promise<void>;

  private constructor(
    readonly name: AppName,
    private readonly child: ChildProcess,
    log: WriteStream,
  ) {
    const keep = (chunk: Buffer) => {
      log.write(chunk);
      this.tail.push(chunk.toString());
      if (this.tail.length > 100) this.tail.splice(0, this.tail.length - 100);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exit = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /**
   * `compiled`: the production build (`npm run build`: `node dist/apps/<app>/src/main.js`, as the Dockerfile
   * starts it, with PRODUCTION_PROCESS_ENV) instead of the sources transpiled at start.
   */
  static start(name: AppName, env: Environment, logFile: string, compiled = false): AppProcess {
    const entry = compiled
      ? [join(ROOT, `dist/apps/${name}/src/main.js`)]
      : [join(ROOT, 'tools/run-ts.js'), `apps/${name}/src/main.ts`];
    const child = spawn(process.execPath, entry, {
      cwd: ROOT,
      env: { PATH: process.env.PATH, ...(compiled ? PRODUCTION_PROCESS_ENV : {}), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = createWriteStream(logFile, { flags: 'a' });
    log.write(`\n===== ${new Date().toISOString()} start ${name} (pid ${child.pid})\n`);
    return new AppProcess(name, child, log);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last lines it wrote, for an error message. */
  lastOutput(chars = 3000): string {
    return this.tail.join('').slice(-chars);
  }

  /** Sends the signal and waits for the process to end (SIGKILL after 15 s if a gentler one is ignored). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.running) return;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await this.exit;
    clearTimeout(timer);
  }
}
