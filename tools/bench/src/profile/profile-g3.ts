/**
 * Where G3's CPU goes: runs the event pipeline and its floor (libs/platform/bench/event-pipeline.ts) in this one
 * process, rounds alternating, with V8's CPU profiler over each timed window only (not the outbox's filling or
 * the sandbox's setup); prints each round's figures, then a summary of the pipeline's windows and of the
 * floor's (the .cpuprofile files stay in the directory `--dir` names).
 * `node tools/run-ts.js tools/bench/src/profile/profile-g3.ts [--events 20000] [--aggregates 50] [--rounds 2] [--no-profile]`
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  benchEnvironment,
  measureBarePipeline,
  measureEventPipeline,
  type TimedWindow,
} from '../../../../libs/platform/bench/event-pipeline';
import { cpuUsedBetween, DatabaseBackends, total, type BackendCpu } from './process-cpu';
import { summarise } from './summarise-cpu-profile';

type Profile = Parameters<typeof summarise>[0];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '20000' },
      aggregates: { type: 'string', default: '50' },
      rounds: { type: 'string', default: '2' },
      top: { type: 'string', default: '40' },
      dir: { type: 'string', default: '/tmp/profile-g3' },
      /** Figures only, without the profiler (whose sampling costs CPU of its own). */
      'no-profile': { type: 'boolean', default: false },
    },
  });
  const environment = benchEnvironment();
  const load = { events: Number(values.events), aggregates: Number(values.aggregates) };
  mkdirSync(values.dir, { recursive: true });
  // Postgres's CPU in the window: its backends serving the bench's database (give it one of its own, through
  // DUBAN_DATABASE_URL, so that no other process's backends count).
  const database = new URL(environment.databaseUrl).pathname.slice(1);
  const backends = await DatabaseBackends.connect(environment.databaseUrl);
  let before = new Map<number, BackendCpu>();
  const postgresMsPer1000: Record<'pipeline' | 'floor', number[]> = { pipeline: [], floor: [] };
  const postgresWindow = (kind: 'pipeline' | 'floor', events: number): TimedWindow => ({
    opened: async () => {
      before = await backends.read(database);
    },
    closed: async () => {
      const after = await backends.read(database);
      const used = cpuUsedBetween(before, after);
      if (process.env.G3_BACKENDS) {
        console.log(kind, [...used].map(([pid, ms]) => `${ms} ms ${after.get(pid)?.role}`).join(' | '));
      }
      postgresMsPer1000[kind].push(Math.round((total(used) / events) * 1000));
    },
  });
  const both = (...windows: TimedWindow[]): TimedWindow => ({
    opened: async () => {
      for (const window of windows) await window.opened?.();
    },
    closed: async () => {
      for (const window of windows) await window.closed?.();
    },
  });
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  const profiles: Record<'pipeline' | 'floor', Profile[]> = { pipeline: [], floor: [] };
  const profiled = (kind: 'pipeline' | 'floor'): TimedWindow =>
    values['no-profile']
      ? {}
      : {
          opened: () => session.post('Profiler.start'),
          closed: async () => {
            const { profile } = await session.post('Profiler.stop');
            profiles[kind].push(profile as unknown as Profile);
            writeFileSync(join(values.dir, `${kind}-${profiles[kind].length}.cpuprofile`), JSON.stringify(profile));
          },
        };
  // Warm-up, not profiled: the first run of a path pays for loading and compiling it.
  await measureEventPipeline(environment, { events: 500, aggregates: load.aggregates });
  await measureBarePipeline(environment, { events: 500, aggregates: load.aggregates });
  for (let round = 0; round < Number(values.rounds); round++) {
    const pipeline = await measureEventPipeline(
      environment,
      load,
      both(postgresWindow('pipeline', load.events), profiled('pipeline')),
    );
    const floor = await measureBarePipeline(
      environment,
      load,
      'batched',
      both(postgresWindow('floor', load.events), profiled('floor')),
    );
    console.log(
      JSON.stringify({
        round,
        pipeline: { ...pipeline, postgresCpuMsPer1000: postgresMsPer1000.pipeline.at(-1) },
        floor: { ...floor, postgresCpuMsPer1000: postgresMsPer1000.floor.at(-1) },
      }),
    );
  }
  for (const kind of ['pipeline', 'floor'] as const) {
    if (!profiles[kind][0]) continue;
    console.log(`\n===== ${kind}, round 1 (${values.dir}/${kind}-1.cpuprofile)`);
    console.log(summarise(profiles[kind][0] as Profile, Number(values.top)));
  }
  session.disconnect();
  await backends.close();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
