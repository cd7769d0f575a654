import { privateDatabase, RedisServerProcess, startAppUntilExit, testEnvironment } from '@duban/testing';

/**
 * The notifications service as production starts it (NODE_ENV=production, its own process): its reminder
 * timers live in Redis, so a Redis without AOF is refused with a message naming the setting, exit 78.
 */
describe('notifications production start', () => {
  let redis: RedisServerProcess;
  beforeAll(async () => {
    redis = await RedisServerProcess.start(['--maxmemory-policy', 'noeviction']);
  });
  afterAll(() => redis.stop());

  it('refuses a Redis without AOF, and demo mode, naming both settings', async () => {
    const start = await startAppUntilExit('notifications', {
      ...(testEnvironment() as Record<string, string>),
      DUBAN_DATABASE_URL: await privateDatabase('prodstart'),
      NODE_ENV: 'production',
      DUBAN_RPC_SIGNING_KEY: 'c0ffee12-rpc-signing-key-for-this-test-only-4b9e',
      DUBAN_LOG_LEVEL: 'silent',
      DUBAN_REDIS_URL: redis.url,
      DUBAN_DEMO: 'true',
    });
    expect(start.code).toBe(78);
    expect(start.stderr).toContain('Refusing to start in production');
    expect(start.stderr).toContain('- DUBAN_DEMO is on');
    expect(start.stderr).toContain('- Redis appendonly is "no": turn on AOF');
  });
});
