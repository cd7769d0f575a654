import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

export interface RefusedStart {
  /** Exit code (null if it did not exit within the time: the start was not refused). */
  readonly code: number | null;
  readonly stderr: string;
}

/**
 * Starts one app as production runs it (`node tools/run-ts.js apps/<app>/src/main.ts`) with exactly `env`
 * (and PATH), and waits for it to exit; a process still running after `timeoutMs` is killed and reported with
 * code null. For proving that a start is refused, and why.
 */
export function startAppUntilExit(
  app: string,
  env: Readonly<Record<string, string>>,
  timeoutMs = 60_000,
): Promise<RefusedStart> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [resolve(ROOT, 'tools/run-ts.js'), `apps/${app}/src/main.ts`], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code: timedOut ? null : code, stderr });
    });
  });
}
