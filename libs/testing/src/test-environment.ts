/** Variables as a process would see them. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The environment of this test run, as made by the global setup: its own database and namespace.
 * Test code reads it here and nowhere else.
 */
export function testEnvironment(overrides: Environment = {}): Environment {
  const env = process.env;
  if (!env.DUBAN_NAMESPACE || !env.DUBAN_DATABASE_URL) {
    throw new Error('The Duban test harness did not run: use the jest preset (jest.preset.js)');
  }
  return {
    DUBAN_DATABASE_URL: env.DUBAN_DATABASE_URL,
    DUBAN_NATS_URL: env.DUBAN_NATS_URL,
    DUBAN_REDIS_URL: env.DUBAN_REDIS_URL,
    DUBAN_NAMESPACE: env.DUBAN_NAMESPACE,
    DUBAN_LOG_LEVEL: env.DUBAN_TEST_LOG_LEVEL ?? 'silent',
    DUBAN_OUTBOX_POLL_MS: '100',
    DUBAN_CONSUMER_RETRY_DELAY_MS: '50',
    ...overrides,
  };
}

/** A sub-namespace for one test file, so its streams and subjects are its own within the run. */
export function uniqueNamespace(label: string): string {
  const base = process.env.DUBAN_NAMESPACE ?? 't';
  const suffix = `${label}${Math.random().toString(36).slice(2, 6)}`.replace(/[^a-z0-9]/g, '');
  return `${base}${suffix}`.slice(0, 24);
}
