#!/usr/bin/env node
// What `npm start` runs once tools/bootstrap.sh has installed dependencies and started Postgres, Redis and NATS:
//   0. builds the web app (Nx caches it: a no-op when nothing changed), which the gateway serves at /;
//   1. creates the database if it is missing (each app migrates its own schema at start, under an advisory lock,
//      so no separate migrate step is needed and starting them together is safe);
//   2. runs the five apps side by side with prefixed, coloured logs (demo data and pretty logs by default);
//   3. waits for GET /api/health to answer 200, then prints where to go and how to stop.
// Ctrl-C (SIGINT) or SIGTERM stops every app; if one app crashes the others are stopped too.
// Plain Node ESM on purpose: it must run before anything is compiled. Reading process.env is fine here.
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import concurrently from 'concurrently';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const APPS = [
  { name: 'gateway', color: 'cyan' },
  { name: 'projects', color: 'green' },
  { name: 'funding', color: 'yellow' },
  { name: 'evaluation', color: 'magenta' },
  { name: 'notifications', color: 'blue' },
];
// A first start seeds the demo's two programme years (2023 and the live one) before projects answers.
const HEALTH_TIMEOUT_MS = 240_000;

// Like the apps' own config: an empty variable counts as unset.
const env = (name, fallback) => (process.env[name] ? process.env[name] : fallback);
const databaseUrl = env('DUBAN_DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/duban');
const httpPort = Number(env('DUBAN_HTTP_PORT', '3000'));
// The gateway may listen on a wildcard address; we reach it on loopback then.
const httpHost = ['0.0.0.0', '::', '[::]'].includes(env('DUBAN_HTTP_HOST', ''))
  ? '127.0.0.1'
  : env('DUBAN_HTTP_HOST', '127.0.0.1');
const baseUrl = `http://${httpHost.includes(':') ? `[${httpHost}]` : httpHost}:${httpPort}`;

const log = (message) => console.log(`[start] ${message}`);

/** Creates the database named in DUBAN_DATABASE_URL, via the server's `postgres` database, if it is missing. */
async function ensureDatabase(url) {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  // The name goes into SQL as an identifier (CREATE DATABASE takes no parameters): allow only plain names.
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe database name in DUBAN_DATABASE_URL: "${name}"`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE "${name}"`).catch((error) => {
        // Someone created it between our check and our create: that is what we wanted.
        if (error.code !== '42P04' && error.code !== '23505') throw error;
      });
      log(`created database ${name}`);
    }
  } finally {
    await client.end();
  }
}

/** True when something already listens on the gateway's port (an earlier run left behind, another program). */
function portTaken(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

/** One GET /api/health: its status and body, or the error when the gateway does not answer yet. */
async function health() {
  try {
    const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(5000) });
    const body = await response.json().catch(() => undefined);
    return { status: response.status, body };
  } catch (error) {
    return { status: 0, error: error.cause?.code ?? error.message };
  }
}

function banner(live) {
  const lines = [
    'Duban is up: all five apps, Postgres, Redis and NATS answer.',
    '',
    `  Web app   ${baseUrl}/   (demo users: province, lvliang, linxian, zhangzhenyu, inspector; password duban-demo)`,
    ...(live
      ? [`            this year's programme is live: log in as lvliang for 吕梁市's lights, as linxian for reminders`]
      : []),
    `  API docs  ${baseUrl}/api/docs`,
    `  Health    ${baseUrl}/api/health`,
    '',
    '  Stop with Ctrl-C (stops every app).',
  ];
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  const rule = '='.repeat(width);
  console.log(`\n${rule}\n${lines.map((l) => (l ? `  ${l}` : '')).join('\n')}\n${rule}\n`);
}

/** The gateway serves apps/web/dist at /: build it first (a cache hit when the sources did not change). */
function buildWebApp() {
  log('building the web app (nx build web)');
  const built = spawnSync('npx', ['nx', 'run', 'web:build', '--outputStyle=static'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) {
    console.error('[start] the web app did not build; see the errors above');
    process.exit(1);
  }
}

async function main() {
  buildWebApp();
  try {
    await ensureDatabase(databaseUrl);
  } catch (error) {
    console.error(`[start] cannot prepare the database at ${databaseUrl}: ${error.message}`);
    console.error('[start] is PostgreSQL up? Try: npm run services');
    process.exit(1);
  }

  // Fail fast and clearly rather than let the gateway crash on EADDRINUSE and take the others down with it.
  // (An invalid port is left to the gateway, whose config check explains it.)
  if (Number.isInteger(httpPort) && httpPort > 0 && httpPort < 65536 && (await portTaken(httpHost, httpPort))) {
    console.error(
      `[start] port ${httpPort} is already in use (another Duban still running?). Stop it, or set DUBAN_HTTP_PORT.`,
    );
    process.exit(1);
  }

  // Demo data (the 2023 programme as history and, live, the same programme this year placed around today)
  // and human-readable logs unless the caller chose otherwise.
  const appEnv = {
    DUBAN_DEMO: env('DUBAN_DEMO', 'true'),
    DUBAN_DEMO_LIVE: env('DUBAN_DEMO_LIVE', 'true'),
    DUBAN_LOG_FORMAT: env('DUBAN_LOG_FORMAT', 'pretty'),
  };
  const { result } = concurrently(
    APPS.map(({ name, color }) => ({
      name,
      prefixColor: color,
      // `exec` so the shell concurrently spawns becomes node itself: signals reach the app directly.
      command: `exec node tools/run-ts.js apps/${name}/src/main.ts`,
      env: appEnv,
    })),
    {
      cwd: root,
      prefix: 'name',
      padPrefix: true,
      // One app dying (bad config, port taken, crash) stops the rest: a half-running system only confuses.
      // (`killOthersOn` is concurrently 9's name for the deprecated `killOthers`.)
      killOthersOn: ['failure'],
      // Give the apps time to drain NATS and close their pools before they are killed for good.
      killTimeout: 10_000,
      // concurrently forwards SIGINT/SIGTERM/SIGHUP to every app itself (tree-kill), so Ctrl-C stops them all.
    },
  );

  // Apps killed because we were asked to stop are not failures: remember that we were asked.
  let stopRequested = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => (stopRequested = true));

  // `npm start` runs us under `sh -c "… && node …"`: a SIGTERM sent to npm alone kills that shell but never
  // reaches us, and the apps would run on, orphaned. So when our parent goes away, stop as if told to.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent && !stopRequested) {
      console.error('[start] parent process gone: stopping the apps');
      process.kill(process.pid, 'SIGTERM');
    }
  }, 1000).unref();

  let finished = false;
  const done = result.then(
    () => {
      console.log('[start] all apps stopped');
      return 0;
    },
    (closeEvents) => {
      if (stopRequested) {
        console.log('[start] all apps stopped');
        return 0;
      }
      const failed = closeEvents.filter((e) => e.exitCode !== 0).map((e) => `${e.command.name} (exit ${e.exitCode})`);
      console.error(`[start] stopped because an app failed: ${failed.join(', ') || 'unknown'}`);
      return 1;
    },
  );
  done.then(() => (finished = true));

  // Wait for the whole system, not just the gateway: /api/health is 200 only when every service answers.
  void (async () => {
    const deadline = Date.now() + HEALTH_TIMEOUT_MS;
    let last = { status: 0, error: 'no answer yet' };
    while (!finished && Date.now() < deadline) {
      last = await health();
      if (last.status === 200) return banner(appEnv.DUBAN_DEMO === 'true' && appEnv.DUBAN_DEMO_LIVE === 'true');
      await sleep(1000);
    }
    if (finished) return;
    const why = last.body?.down?.length
      ? `down: ${last.body.down.join(', ')}`
      : last.status
        ? `status ${last.status}`
        : last.error;
    console.error(
      `[start] ${baseUrl}/api/health did not turn 200 within ${HEALTH_TIMEOUT_MS / 1000}s (${why}); apps keep running.`,
    );
  })();

  process.exit(await done);
}

await main();
