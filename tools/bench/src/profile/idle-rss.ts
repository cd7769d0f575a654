/**
 * G8 without the national data: the resident set (VmRSS) of each app of the stack (compiled unless
 * `--sources`) idle after start, then idle again after G7's load (20 connections on a project for `--ms`),
 * each after `--settle` ms without requests. `--node-options` is given to every app (to try V8 flags).
 * `node tools/run-ts.js tools/bench/src/profile/idle-rss.ts [--node-options=--max-semi-space-size=2] [--env K=V]…`
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { APPS } from '../../../drills/src/system/app-process';
import { Stack } from '../../../drills/src/system/stack';
import { closedLoop } from '../http-load';

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return Math.round(Number(line?.[1]) / 102.4) / 10;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sources: { type: 'boolean', default: false },
      'node-options': { type: 'string', default: '' },
      /** KEY=VALUE for every app, repeatable (e.g. MALLOC_ARENA_MAX=2). */
      env: { type: 'string', multiple: true, default: [] },
      settle: { type: 'string', default: '15000' },
      ms: { type: 'string', default: '10000' },
    },
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, Number(values.settle)));
  const stack = await Stack.start({
    label: 'idle-rss',
    env: {
      DUBAN_LOG_LEVEL: 'info',
      ...(values['node-options'] ? { NODE_OPTIONS: values['node-options'] } : {}),
      ...Object.fromEntries(values.env.map((pair) => [pair.split('=')[0], pair.split('=').slice(1).join('=')])),
    },
    compiled: !values.sources,
  });
  const measure = () => Object.fromEntries(APPS.map((app) => [app, rssMb(stack.app(app).pid as number)]));
  try {
    await settle();
    console.log('idle after start', JSON.stringify(measure()));
    const listed = (await stack.http.call('linxian', '/api/projects?region=141124')).body;
    const [project] = Array.isArray(listed) ? listed : (listed.items ?? []);
    const url = `${stack.http.baseUrl}/api/projects/${(project as { id: string }).id}`;
    const headers = { authorization: `Bearer ${await stack.http.token('linxian')}` };
    console.log(
      'load',
      JSON.stringify(await closedLoop(url, { connections: 20, durationMs: Number(values.ms), headers })),
    );
    await settle();
    console.log('idle after load', JSON.stringify(measure()));
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
