/**
 * What one milestone completion costs, process by process: starts the stack (compiled unless `--sources`) with
 * its demo data, sends completions through the gateway (`POST /api/milestones/:id/complete`, as the province
 * administrator, one per county, open loop at `--rate` per second) and waits until every service has done with
 * them (the dashboard's rollups count them, then the processes fall quiet); prints the CPU time each process
 * used per completion: the five apps, Postgres (the server and its backends), NATS and Redis. With `--profile`,
 * V8's CPU profiler runs in the apps meanwhile (a summary per app; the .cpuprofile files stay in the directory
 * it names).
 * With `--statements`, Postgres counts its statements meanwhile (`pg_stat_statements`): the busiest, by total
 * time, per completion. `PROFILE_PG_SETTINGS` (JSON) adds server settings then, e.g. to log lock waits:
 * `{"logging_collector":"on","log_directory":"/tmp/pglog","log_lock_waits":"on","deadlock_timeout":"3ms"}`.
 * With `--national`, the stack holds the national generator's load (as the bench's G4) instead of the demo's,
 * and the completions are sent as 全国管理员, one per county of the national programme.
 * `node tools/run-ts.js tools/bench/src/profile/profile-g4.ts [--sources] [--national] [--rate 50] [--count 200]
 *  [--profile] [--statements]`
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { parseArgs } from 'node:util';
import { waitFor } from '@duban/testing';
import { APPS } from '../../../drills/src/system/app-process';
import { Stack } from '../../../drills/src/system/stack';
import { postJson } from '../http-load';
import { eventsDrained, nationalStack } from '../national';
import { percentile, round } from '../stats';
import { cpuMs, cpuProfileRun, printCpuProfile } from './process-cpu';

function parentOf(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
  } catch {
    return -1;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

const pids = () =>
  readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);

/** A server process found by its command line (its binary and its private port). */
function serverPid(binary: string, port: number): number | undefined {
  return pids().find((pid) => {
    const line = commandLine(pid);
    return line.includes(binary) && line.includes(String(port));
  });
}

/** Postgres's CPU: the postmaster with the backends it reaped, plus the backends still running. */
function postgresCpuMs(postmaster: number): number {
  let total = cpuMs(postmaster, true);
  for (const pid of pids()) if (parentOf(pid) === postmaster) total += cpuMs(pid);
  return total;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sources: { type: 'boolean', default: false },
      rate: { type: 'string', default: '50' },
      count: { type: 'string', default: '200' },
      profile: { type: 'boolean', default: false },
      statements: { type: 'boolean', default: false },
      national: { type: 'boolean', default: false },
    },
  });
  const rate = Number(values.rate);
  const { dir, env: profiled } = cpuProfileRun('g4');
  const stackOptions = {
    compiled: !values.sources,
    appEnv: values.profile ? Object.fromEntries(APPS.map((app) => [app, profiled])) : {},
    postgresSettings: values.statements
      ? { shared_preload_libraries: 'pg_stat_statements', ...JSON.parse(process.env.PROFILE_PG_SETTINGS ?? '{}') }
      : {},
  };
  const { stack, national } = values.national
    ? await nationalStack((line) => console.log(line), stackOptions)
    : {
        stack: await Stack.start({ label: 'profile-g4', env: { DUBAN_LOG_LEVEL: 'warn' }, ...stackOptions }),
        national: undefined,
      };
  try {
    if (!national) await stack.demoFacts();
    const token = national?.nationalToken ?? (await stack.http.token('province'));
    // One completable milestone per county of a writable programme: open, not completed by an acceptance,
    // its prerequisites done.
    const targets = await stack.sql<{ milestoneId: string; regionCode: string; programmeId: string }>(
      `SELECT DISTINCT ON (p.id) m.id AS "milestoneId", p.region_code AS "regionCode", p.programme_id AS "programmeId"
         FROM projects.milestone m JOIN projects.county_project p ON p.id = m.project_id
         JOIN projects.programme g ON g.id = p.programme_id
        WHERE g.status = 'open' AND m.status <> 'done' AND m.key IS DISTINCT FROM 'accept'
          AND NOT EXISTS (SELECT 1 FROM projects.milestone d WHERE d.id = ANY(m.after_ids) AND d.status <> 'done')
        ORDER BY p.id, m.sort
        LIMIT $1`,
      [Number(values.count)],
    );
    const doneBefore = await stack.sql<{ n: number }>(
      `SELECT coalesce(sum(n), 0)::int AS n FROM projects.dashboard_rollup r JOIN projects.region g ON g.code = r.region_code
        WHERE kind = 'done' AND g.level = 'county'`,
    );
    const apps = APPS.map((name) => ({ name, pid: stack.app(name).pid as number }));
    // The postmaster: the oldest postgres process started with the stack's private port.
    const postmaster = Math.min(
      ...pids().filter(
        (pid) => /postgres/.test(commandLine(pid)) && commandLine(pid).includes(String(stack.postgres.port)),
      ),
    );
    const nats = serverPid('nats-server', stack.nats.port);
    const redis = serverPid('redis-server', Number(new URL(stack.redis.url).port));
    const sample = () => [
      ...apps.map((app) => cpuMs(app.pid)),
      postgresCpuMs(postmaster),
      nats ? cpuMs(nats) : 0,
      redis ? cpuMs(redis) : 0,
    ];
    const names = [...apps.map((app) => app.name), 'postgres', 'nats', 'redis'];
    // Quiet first: the demo's own events handled everywhere; then what the processes use idle (timers, pollers),
    // taken off the figures below.
    await waitFor(
      'the demo load handled',
      () => eventsDrained(stack),
      (done) => done,
      {
        timeoutMs: 600_000,
        intervalMs: 2_000,
      },
    );
    // Then a few seconds for what follows the events (timers armed or removed after commit): idle processes
    // keep using some CPU (pollers, timers), so "still" is a pause, not a threshold.
    const quietUntilStill = () => new Promise((resolve) => setTimeout(resolve, 3_000));
    await quietUntilStill();
    const idleFrom = sample();
    const idleStart = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const idleSeconds = (performance.now() - idleStart) / 1000;
    const idlePerSecond = sample().map((value, i) => (value - (idleFrom[i] ?? 0)) / idleSeconds);
    if (values.profile) for (const app of apps) process.kill(app.pid, 'SIGWINCH');
    if (values.statements) {
      await stack.sql('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await stack.sql('SELECT pg_stat_statements_reset()');
    }
    const before = sample();
    const measureStart = performance.now();
    const agent = new Agent({ keepAlive: true, maxSockets: 256 });
    const body = JSON.stringify({ evidence: { text: '压测：节点完成', attachments: [] } });
    const writeMs: number[] = [];
    const statuses = new Map<number, number>();
    const start = performance.now();
    await Promise.all(
      targets.map(async (target, index) => {
        const wait = start + (index * 1000) / rate - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const sent = performance.now();
        const status = await postJson(
          agent,
          `${stack.http.baseUrl}/api/milestones/${target.milestoneId}/complete`,
          token,
          body,
        );
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status === 200 || status === 201) writeMs.push(performance.now() - sent);
      }),
    );
    const sentSeconds = (performance.now() - start) / 1000;
    agent.destroy();
    await waitFor(
      'the rollups count every completion',
      () =>
        stack.sql<{ n: number }>(
          `SELECT coalesce(sum(n), 0)::int AS n FROM projects.dashboard_rollup r
             JOIN projects.region g ON g.code = r.region_code WHERE kind = 'done' AND g.level = 'county'`,
        ),
      (rows) => (rows[0]?.n ?? 0) >= (doneBefore[0]?.n ?? 0) + writeMs.length,
      { timeoutMs: 600_000, intervalMs: 200 },
    );
    const visibleSeconds = (performance.now() - start) / 1000;
    // Then until every event is handled and the processes are still again.
    await waitFor(
      'the completions handled',
      () => eventsDrained(stack),
      (done) => done,
      {
        timeoutMs: 600_000,
        intervalMs: 1_000,
      },
    );
    await quietUntilStill();
    const measuredSeconds = (performance.now() - measureStart) / 1000;
    const after = sample().map((value, i) => value - (idlePerSecond[i] ?? 0) * measuredSeconds);
    if (values.profile) for (const app of apps) process.kill(app.pid, 'SIGWINCH');
    const completions = writeMs.length;
    const perCompletion = names.map(
      (name, i) => `${name} ${(((after[i] ?? 0) - (before[i] ?? 0)) / completions).toFixed(2)}`,
    );
    const total = after.reduce((sum, value, i) => sum + value - (before[i] ?? 0), 0) / completions;
    console.log(
      JSON.stringify({
        offered: targets.length,
        rate,
        completions,
        statuses: Object.fromEntries(statuses),
        achievedPerSecond: round(completions / sentSeconds, 1),
        writeP50Ms: round(percentile(writeMs, 50)),
        writeP99Ms: round(percentile(writeMs, 99)),
        allVisibleAfterS: round(visibleSeconds, 1),
      }),
    );
    console.log(`CPU ms per completion: ${perCompletion.join(', ')}; total ${total.toFixed(2)}`);
    console.log(
      `idle CPU ms/s taken off (${measuredSeconds.toFixed(1)} s): ${names.map((name, i) => `${name} ${idlePerSecond[i]?.toFixed(1)}`).join(', ')}`,
    );
    if (values.profile) {
      for (const app of apps) await printCpuProfile(app, dir, 30);
    }
    if (values.statements) await printStatements(stack, completions);
  } finally {
    await stack.stop();
  }
}

/** The statements Postgres spent most time on since the reset, each with its calls and time per completion. */
async function printStatements(stack: Stack, completions: number): Promise<void> {
  const rows = await stack.sql<{ calls: number; ms: number; query: string }>(
    `SELECT calls::int, total_exec_time AS ms, regexp_replace(query, '\\s+', ' ', 'g') AS query
       FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%' ORDER BY total_exec_time DESC LIMIT 40`,
  );
  const all = await stack.sql<{ calls: number; ms: number }>(
    `SELECT sum(calls)::int AS calls, sum(total_exec_time) AS ms FROM pg_stat_statements`,
  );
  console.log(
    `\nstatements per completion: ${((all[0]?.calls ?? 0) / completions).toFixed(1)}, ` +
      `${((all[0]?.ms ?? 0) / completions).toFixed(2)} ms executing`,
  );
  for (const row of rows) {
    console.log(
      `${(row.calls / completions).toFixed(2).padStart(7)} calls ${(row.ms / completions).toFixed(3).padStart(7)} ms  ${row.query.slice(0, 150)}`,
    );
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
