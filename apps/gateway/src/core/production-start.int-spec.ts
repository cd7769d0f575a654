import { RedisServerProcess, startAppUntilExit, testEnvironment } from '@duban/testing';

/**
 * The gateway as production starts it (NODE_ENV=production, its own process), refusing unsafe settings with a
 * message naming each, and exiting with EX_CONFIG (78) before it listens.
 */
describe('gateway production start', () => {
  let redis: RedisServerProcess;
  beforeAll(async () => {
    redis = await RedisServerProcess.start(['--appendonly', 'yes', '--maxmemory-policy', 'allkeys-lru']);
  });
  afterAll(() => redis.stop());

  const production = (env: Record<string, string>) => ({
    ...(testEnvironment() as Record<string, string>),
    NODE_ENV: 'production',
    DUBAN_RPC_SIGNING_KEY: 'c0ffee12-rpc-signing-key-for-this-test-only-4b9e',
    DUBAN_HTTP_PORT: '1',
    DUBAN_LOG_LEVEL: 'silent',
    ...env,
  });

  it('refuses an evicting Redis (maxmemory-policy allkeys-lru), naming the setting', async () => {
    const start = await startAppUntilExit(
      'gateway',
      production({ DUBAN_REDIS_URL: redis.url, DUBAN_AUTH_SECRET: '7d3a9c51e08f42b6a1c9e75d30b8f26e4a1d9c07' }),
    );
    expect(start.code).toBe(78);
    expect(start.stderr).toContain('Refusing to start in production');
    expect(start.stderr).toContain('Redis maxmemory-policy is "allkeys-lru": set maxmemory-policy noeviction');
  });

  it('refuses demo mode with the public demo secret, naming DUBAN_DEMO and DUBAN_AUTH_SECRET', async () => {
    const start = await startAppUntilExit('gateway', production({ DUBAN_REDIS_URL: redis.url, DUBAN_DEMO: 'true' }));
    expect(start.code).toBe(78);
    expect(start.stderr).toContain('- DUBAN_DEMO is on');
    expect(start.stderr).toContain('- DUBAN_AUTH_SECRET is the public demo default');
  });
});
