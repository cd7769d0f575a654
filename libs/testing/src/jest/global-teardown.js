const run = require('./test-run');

// Removes what this run made: its databases (the run's own and any `duban_<run>_<label>` a test file made)
// and its streams. Set DUBAN_TEST_KEEP=1 to inspect them instead.
module.exports = async function globalTeardown() {
  const runId = process.env.DUBAN_NAMESPACE;
  if (!runId || !runId.startsWith('t') || process.env.DUBAN_TEST_KEEP === '1') return;
  await run.deleteStreams(process.env.DUBAN_NATS_URL, runId).catch(() => undefined);
  await run.withAdmin(process.env.DUBAN_TEST_BASE_DATABASE_URL, async (client) => {
    const { rows } = await client.query(`SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`, [
      `duban_${runId}`,
      `duban_${runId}\\_%`,
    ]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  });
};
