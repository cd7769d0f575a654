/**
 * Profiles G7's load: starts the stack (compiled unless `--sources`) with the gateway and the projects
 * service preloading cpu-profile-preload.js, runs G7's closed loop (20 connections) with the profiler on in
 * both, and prints each profile's summary; the .cpuprofile files stay in the directory it names (open them
 * in Chrome DevTools or speedscope for a flame graph).
 * `node tools/run-ts.js tools/bench/src/profile/profile-g7.ts [--sources] [--ms 10000] [--path /api/me] [--user linxian]`
 * (`--path`: the same loop on another route, e.g. `/api/me`, which asks no service: the gateway's own ceiling; `/api/projects/:id` stands for the
 * project's path, e.g. `--path '/api/projects/:id?via=nest'`, which the fast path leaves to Nest's route).
 */
import { parseArgs } from 'node:util';
import { Stack } from '../../../drills/src/system/stack';
import { closedLoop } from '../http-load';
import { cpuMs, cpuProfileRun, printCpuProfile } from './process-cpu';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sources: { type: 'boolean', default: false },
      ms: { type: 'string', default: '10000' },
      /** Only the CPU time each app spends per request, without the profiler (which costs some). */
      'cpu-only': { type: 'boolean', default: false },
      /** Another route than the project's (same token), e.g. `/api/me`. */
      path: { type: 'string' },
      /** Whose token the loop sends (a demo user), e.g. `province` for `--path '/api/dashboard?region=140000'`. */
      user: { type: 'string', default: 'linxian' },
    },
  });
  const { dir, env: profiled } = cpuProfileRun('g7');
  const stack = await Stack.start({
    label: 'profile-g7',
    env: { DUBAN_LOG_LEVEL: 'warn' },
    appEnv: { gateway: profiled, projects: profiled },
    compiled: !values.sources,
  });
  try {
    const listed = (await stack.http.call('linxian', '/api/projects?region=141124')).body;
    const [project] = Array.isArray(listed) ? listed : (listed.items ?? []);
    const projectPath = `/api/projects/${(project as { id: string }).id}`;
    const url = `${stack.http.baseUrl}${values.path?.replace('/api/projects/:id', projectPath) ?? projectPath}`;
    const headers = { authorization: `Bearer ${await stack.http.token(values.user)}` };
    console.log('warm-up…');
    console.log(JSON.stringify(await closedLoop(url, { connections: 20, durationMs: 3_000, headers })));
    const apps = [stack.app('gateway'), stack.app('projects')].filter((app) =>
      (process.env.PROFILE_ONLY ?? app.name).includes(app.name),
    );
    const profiling = values['cpu-only'] ? [] : apps;
    for (const app of profiling) process.kill(app.pid as number, 'SIGWINCH');
    console.log(profiling.length ? 'profiling…' : 'measuring…');
    const cpuBefore = apps.map((app) => cpuMs(app.pid as number));
    const figures = await closedLoop(url, { connections: 20, durationMs: Number(values.ms), headers, warmupMs: 0 });
    const cpuPerRequest = apps.map(
      (app, i) => `${app.name} ${((cpuMs(app.pid as number) - (cpuBefore[i] ?? 0)) / figures.requests).toFixed(2)} ms`,
    );
    for (const app of profiling) process.kill(app.pid as number, 'SIGWINCH');
    console.log(JSON.stringify(figures), `CPU per request: ${cpuPerRequest.join(', ')}`);
    for (const app of profiling) await printCpuProfile({ name: app.name, pid: app.pid as number }, dir, 35);
  } finally {
    await stack.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
