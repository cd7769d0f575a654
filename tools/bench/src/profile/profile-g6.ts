/**
 * Where G6's time goes: starts the stack as the bench does (compiled, without the national load), runs goal G6
 * (a policy edit re-planning 100,000 open reminders) with V8's CPU profiler over the goal in projects and
 * notifications, and prints the goal's figure, each app's CPU time over it, how long notifications' log says the
 * re-plan itself took, and a summary of each profile (the .cpuprofile files stay in the directory it names).
 * `PROFILE_PG_SETTINGS` (JSON) adds server settings, e.g. auto_explain's, to see the re-plan's statements:
 * `{"session_preload_libraries":"auto_explain","auto_explain.log_min_duration":"200","logging_collector":"on",
 * "log_directory":"/tmp/pglog"}`.
 * `node tools/run-ts.js tools/bench/src/profile/profile-g6.ts [--top 30]`
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { APPS } from '../../../drills/src/system/app-process';
import { Stack } from '../../../drills/src/system/stack';
import { runG6 } from '../goals/g6';
import { round } from '../stats';
import { cpuMs, cpuProfileRun, printCpuProfile } from './process-cpu';

const PROFILED: readonly string[] = ['projects', 'notifications'];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { top: { type: 'string', default: '30' } } });
  const { dir, env: profiled } = cpuProfileRun('g6');
  const stack = await Stack.start({
    label: 'profile-g6',
    env: { DUBAN_LOG_LEVEL: 'warn' },
    compiled: true,
    // Notifications at info: its log says how long the re-plan itself took (beside the goal's figure).
    appEnv: { projects: profiled, notifications: { ...profiled, DUBAN_LOG_LEVEL: 'info' } },
    postgresSettings: JSON.parse(process.env.PROFILE_PG_SETTINGS ?? '{}'),
  });
  try {
    const apps = APPS.map((name) => ({ name, pid: stack.app(name).pid as number }));
    const cpuBefore = apps.map((app) => cpuMs(app.pid));
    const profiledApps = apps.filter((app) => PROFILED.includes(app.name));
    // The first signal starts each profiler, the second writes its profile (cpu-profile-preload.js).
    for (const app of profiledApps) process.kill(app.pid, 'SIGWINCH');
    const result = await runG6({ stack, national: undefined });
    for (const app of profiledApps) process.kill(app.pid, 'SIGWINCH');
    console.log(
      JSON.stringify({ figure: result.figure, unit: result.unit, floor: result.floor, detail: result.detail }),
    );
    console.log(
      `CPU ms over the goal (its setup included): ${apps
        .map((app, i) => `${app.name} ${round(cpuMs(app.pid) - (cpuBefore[i] ?? 0))}`)
        .join(', ')}`,
    );
    const replanned = readFileSync(join(stack.logDir, 'notifications.log'), 'utf8')
      .split('\n')
      .filter((line) => line.includes('re-planned on its new policy'));
    console.log(`notifications: ${replanned.join('\n') || 'no re-plan logged'}`);
    for (const app of profiledApps) await printCpuProfile(app, dir, Number(values.top));
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
