const run = require('./test-run');

// Removes what this run made: its database and its streams. Set DUBAN_TEST_KEEP=1 to inspect them instead.
module.exports = async function globalTeardown() {
  const runId = process.env.DUBAN_NAMESPACE;
  if (!runId || !runId.startsWith('t') || process.env.DUBAN_TEST_KEEP === '1') return;
  await run.deleteStreams(process.env.DUBAN_NATS_URL, runId).catch(() => undefined);
  await run.withAdmin(process.env.DUBAN_TEST_BASE_DATABASE_URL, (client) =>
    client.query(`DROP DATABASE IF EXISTS "duban_${runId}" WITH (FORCE)`),
  );
};
