import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { APPS } from '../../../drills/src/system/app-process';
import type { GoalOptions, GoalResult } from '../goal';
import { round } from '../stats';

const LIMIT_MB = 150;
const SETTLE_MS = Number(process.env.BENCH_G8_SETTLE_MS ?? 15_000);

/** Resident set of a process, in MB (VmRSS). */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  if (!line) throw new Error(`no VmRSS for ${pid}`);
  return round(Number(line[1]) / 1024, 1);
}

/** An idle bare Node.js process: the floor of any of the apps' resident set. */
async function bareNodeMb(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const mb = rssMb(child.pid as number);
  child.kill();
  return mb;
}

/**
 * G8: the resident set of every app process of the stack (the production build, see `npm run build`, when the
 * runner started it compiled), idle: after the national load is applied and nothing has been asked for
 * SETTLE_MS. Floor: an idle bare Node.js process.
 */
export async function runG8({ stack }: GoalOptions): Promise<GoalResult> {
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const byApp = Object.fromEntries(APPS.map((app) => [app, rssMb(stack.app(app).pid as number)]));
  const largest = Math.max(...Object.values(byApp));
  const floor = await bareNodeMb();
  return {
    goal: 'G8',
    figure: largest,
    unit: 'MB RSS (largest)',
    floor,
    ratio: round(largest / floor),
    target: `every process ≤ ${LIMIT_MB} MB idle`,
    met: largest <= LIMIT_MB,
    detail: { byApp },
  };
}
