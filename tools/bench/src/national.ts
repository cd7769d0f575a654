import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { waitFor } from '@duban/testing';
import { connect } from 'nats';
import { ROOT } from '../../drills/src/system/app-process';
import { Stack, type StackOptions } from '../../drills/src/system/stack';

/** The national programme the generator made, and a national administrator's token to read it. */
export interface NationalFacts {
  readonly programmeId: string;
  readonly counties: number;
  readonly milestones: number;
  readonly completions: number;
  readonly reports: number;
  readonly generateSeconds: number;
  /** From the generator's end until the dashboard's read model had applied every event. */
  readonly applySeconds: number;
  /** Bearer token of 全国管理员 (a province administrator whose region is the nation, 100000). */
  readonly nationalToken: string;
}

export const NATION = '100000';
const NATIONAL_ADMIN = { username: 'quanguo', password: 'Bench2026national' };

/** Runs a TypeScript entry of the repository to its end, with the stack's database. */
function runEntry(entry: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'tools/run-ts.js'), entry, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${entry} exited ${code}: ${output.slice(-2000)}`)),
    );
  });
}

/**
 * The five apps on private servers (tools/drills' Stack), then `npm run generate -- --scale national` against
 * their database while they run, then a national administrator; waits until the dashboard's read model has
 * applied every event the generator wrote (its national rollups equal the facts' own counts).
 */
export async function nationalStack(
  log: (line: string) => void,
  options: Pick<StackOptions, 'compiled' | 'appEnv' | 'postgresSettings'>,
): Promise<{ stack: Stack; national: NationalFacts }> {
  const stack = await Stack.start({ label: 'bench', env: { DUBAN_LOG_LEVEL: 'warn' }, ...options });
  try {
    const env = { DUBAN_DATABASE_URL: stack.databaseUrl, DUBAN_DEMO: 'true' };
    log('national generator…');
    let started = Date.now();
    const output = await runEntry('apps/projects/src/generate.ts', ['--scale', 'national'], env);
    const generateSeconds = (Date.now() - started) / 1000;
    const result = JSON.parse(output.trim().split('\n').at(-1) as string) as {
      programmeId: string;
      counties: number;
      milestones: number;
      completions: number;
      reports: number;
    };
    log(`generated in ${generateSeconds.toFixed(0)} s: ${JSON.stringify(result)}`);
    await runEntry(
      'apps/gateway/src/setup-admin.ts',
      [
        '--username',
        NATIONAL_ADMIN.username,
        '--password',
        NATIONAL_ADMIN.password,
        '--name',
        '全国管理员',
        '--province',
        NATION,
      ],
      env,
    );
    started = Date.now();
    await waitFor(
      'the dashboard read model applied the national load',
      () => caughtUp(stack, result.programmeId),
      (done) => done,
      { timeoutMs: 3_600_000, intervalMs: 2_000 },
    );
    const applySeconds = (Date.now() - started) / 1000;
    log(`read model caught up ${applySeconds.toFixed(0)} s after the generator ended`);
    // The generator's ~110,000 events also reach every other consumer (reminders planned for every open
    // milestone, funding, evaluation): the goals measure the system at work on their own load, not on that
    // backlog, so they start once every event is relayed and handled.
    started = Date.now();
    await waitFor(
      'every event relayed and handled',
      () => eventsDrained(stack),
      (done) => done,
      {
        timeoutMs: 3_600_000,
        intervalMs: 5_000,
      },
    );
    log(`every event handled ${((Date.now() - started) / 1000).toFixed(0)} s after the read model caught up`);
    const login = await stack.http.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(NATIONAL_ADMIN),
    });
    if (login.status !== 200) throw new Error(`national login: ${login.status} ${login.text}`);
    return {
      stack,
      national: { ...result, generateSeconds, applySeconds, nationalToken: login.body.accessToken as string },
    };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}

/** Whether the national rollups count every milestone, completion and latest report of the programme. */
export async function caughtUp(stack: Stack, programmeId: string): Promise<boolean> {
  const [row] = await stack.sql<{ rolled: string; facts: string }>(
    `SELECT (SELECT json_build_array(
                      coalesce(sum(n) FILTER (WHERE kind = 'due'), 0), coalesce(sum(n) FILTER (WHERE kind = 'done'), 0),
                      coalesce(sum(n) FILTER (WHERE kind = 'report'), 0))::text
               FROM projects.dashboard_rollup WHERE programme_id = $1 AND region_code = $2) AS rolled,
            (SELECT json_build_array(count(*), count(*) FILTER (WHERE m.status = 'done'),
                      (SELECT count(DISTINCT r.project_id) FROM projects.monthly_report r
                         JOIN projects.county_project p ON p.id = r.project_id WHERE p.programme_id = $1))::text
               FROM projects.milestone m JOIN projects.county_project p ON p.id = m.project_id
              WHERE p.programme_id = $1) AS facts`,
    [programmeId, NATION],
  );
  return row !== undefined && row.rolled === row.facts;
}

/**
 * Whether every service's outbox is relayed and every durable consumer of every stream has handled (acked)
 * everything it was given: the system has no event left in flight.
 */
export async function eventsDrained(stack: Stack): Promise<boolean> {
  const outboxes = await stack.sql<{ schema: string }>(
    `SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'outbox' ORDER BY 1`,
  );
  for (const { schema } of outboxes) {
    const [row] = await stack.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${schema}".outbox WHERE published_at IS NULL`,
    );
    if ((row?.n ?? 0) > 0) return false;
  }
  const nats = await connect({ servers: stack.natsNodes.map((node) => node.url) });
  try {
    const jsm = await nats.jetstreamManager();
    for await (const stream of jsm.streams.list()) {
      for await (const consumer of jsm.consumers.list(stream.config.name)) {
        if (!consumer.config.durable_name) continue; // ordered fan-out consumers keep nothing
        if (consumer.num_pending > 0 || consumer.num_ack_pending > 0) return false;
      }
    }
    return true;
  } finally {
    await nats.close();
  }
}
