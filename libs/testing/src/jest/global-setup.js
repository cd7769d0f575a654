const run = require('./test-run');

// Runs once per Jest invocation, before any worker starts: workers inherit the variables set here.
module.exports = async function globalSetup() {
  const baseUrl = process.env.DUBAN_DATABASE_URL || run.DEFAULT_DATABASE_URL;
  const env = {
    DUBAN_DATABASE_URL: baseUrl,
    DUBAN_NATS_URL: process.env.DUBAN_NATS_URL || run.DEFAULT_NATS_URL,
    DUBAN_REDIS_URL: process.env.DUBAN_REDIS_URL || run.DEFAULT_REDIS_URL,
  };
  await run.assertServicesReachable(env);
  const runId = run.newRunId();
  env.DUBAN_DATABASE_URL = run.databaseUrlFor(baseUrl, runId);
  await run.withAdmin(baseUrl, (client) => client.query(`CREATE DATABASE "duban_${runId}"`));
  Object.assign(process.env, env, { DUBAN_NAMESPACE: runId, DUBAN_TEST_BASE_DATABASE_URL: baseUrl });
};
