// The identity of one test run: its own database and its own NATS namespace, so that two runs (or a run
// beside `npm start`) never see each other's rows, streams or subjects. Plain JS: Jest loads it before
// any transform is configured.
const { Client } = require('pg');
const { connect } = require('nats');
const net = require('node:net');

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/duban';
const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

function newRunId() {
  const random = Math.random().toString(36).slice(2, 6);
  return `t${Date.now().toString(36)}${random}`;
}

function databaseUrlFor(baseUrl, runId) {
  const url = new URL(baseUrl);
  url.pathname = `/duban_${runId}`;
  return url.toString();
}

function adminUrl(baseUrl) {
  const url = new URL(baseUrl);
  url.pathname = '/postgres';
  return url.toString();
}

async function reachable(urlString, defaultPort) {
  const url = new URL(urlString);
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port || defaultPort) });
    socket.setTimeout(2000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function assertServicesReachable(env) {
  const checks = [
    ['PostgreSQL', env.DUBAN_DATABASE_URL, 5432],
    ['NATS', env.DUBAN_NATS_URL, 4222],
    ['Redis', env.DUBAN_REDIS_URL, 6379],
  ];
  const down = [];
  for (const [name, url, port] of checks) if (!(await reachable(url, port))) down.push(`${name} (${url})`);
  if (down.length > 0) {
    throw new Error(`Tests need real services; not reachable: ${down.join(', ')}. Run: npm run services`);
  }
}

async function withAdmin(baseUrl, work) {
  const client = new Client({ connectionString: adminUrl(baseUrl) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function deleteStreams(natsUrl, namespace) {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await nc.jetstreamManager();
    // Sub-namespaces of the run (uniqueNamespace) start with the run id too.
    const prefix = namespace.toUpperCase();
    for await (const stream of jsm.streams.list()) {
      if (stream.config.name.startsWith(prefix)) await jsm.streams.delete(stream.config.name);
    }
  } finally {
    await nc.close();
  }
}

module.exports = {
  DEFAULT_DATABASE_URL,
  DEFAULT_NATS_URL,
  DEFAULT_REDIS_URL,
  newRunId,
  databaseUrlFor,
  assertServicesReachable,
  withAdmin,
  deleteStreams,
};
