import { ConfigError } from './env';
import { PlatformConfig } from './platform-config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    PlatformConfig.fromEnv('funding', env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('the RPC signing key', () => {
  it('is required in production, and at least 32 characters anywhere', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      'DUBAN_RPC_SIGNING_KEY: required when NODE_ENV=production (at least 32 characters)',
    ]);
    expect(problemsOf({ NODE_ENV: 'production', DUBAN_RPC_SIGNING_KEY: 'short' })).toEqual([
      expect.stringMatching(/^DUBAN_RPC_SIGNING_KEY: .*32/),
    ]);
    expect(problemsOf({ DUBAN_RPC_SIGNING_KEY: 'short' })).toHaveLength(1);
    const key = 'k'.repeat(32);
    expect(
      PlatformConfig.fromEnv('funding', { NODE_ENV: 'production', DUBAN_RPC_SIGNING_KEY: key }).rpcSigning,
    ).toEqual({ key, derived: false });
  });

  it('defaults outside production to a key derived from the run, the same for every process of it', () => {
    const funding = PlatformConfig.fromEnv('funding', { DUBAN_NAMESPACE: 'run1' }).rpcSigning;
    const gateway = PlatformConfig.fromEnv('gateway', { DUBAN_NAMESPACE: 'run1' }).rpcSigning;
    const otherRun = PlatformConfig.fromEnv('funding', { DUBAN_NAMESPACE: 'run2' }).rpcSigning;
    expect(funding).toEqual(gateway);
    expect(funding.derived).toBe(true);
    expect(funding.key).toMatch(/^[0-9a-f]{64}$/);
    expect(otherRun.key).not.toBe(funding.key);
  });

  it('lists a missing key together with the other cross-checked problems', () => {
    expect(problemsOf({ NODE_ENV: 'production', DUBAN_NATS_USER: 'funding' })).toEqual([
      expect.stringMatching(/^DUBAN_NATS_PASSWORD: /),
      expect.stringMatching(/^DUBAN_RPC_SIGNING_KEY: /),
    ]);
  });
});

describe('the NATS login', () => {
  it('has none by default (a local server without users)', () => {
    expect(PlatformConfig.fromEnv('funding', {}).nats).toEqual({ url: 'nats://127.0.0.1:4222' });
  });

  it('takes user and password from the URL, and keeps them out of the URL', () => {
    const config = PlatformConfig.fromEnv('funding', {
      DUBAN_NATS_URL: 'nats://funding:s%40cret@nats-1:4222, nats://funding:s%40cret@nats-2:4222,nats://nats-3:4222',
    });
    expect(config.nats).toEqual({
      url: 'nats://nats-1:4222,nats://nats-2:4222,nats://nats-3:4222',
      user: 'funding',
      password: 's@cret',
    });
  });

  it('takes them from DUBAN_NATS_USER and DUBAN_NATS_PASSWORD, the user defaulting to the process', () => {
    expect(PlatformConfig.fromEnv('funding', { DUBAN_NATS_PASSWORD: 'pw' }).nats).toMatchObject({
      user: 'funding',
      password: 'pw',
    });
    expect(
      PlatformConfig.fromEnv('gateway', {
        DUBAN_NATS_URL: 'tls://a:b@nats-1:4222',
        DUBAN_NATS_USER: 'edge',
        DUBAN_NATS_PASSWORD: 'pw',
      }).nats,
    ).toEqual({ url: 'tls://nats-1:4222', user: 'edge', password: 'pw' });
    expect(PlatformConfig.fromEnv('funding', { DUBAN_NATS_CREDS: '/run/secrets/funding.creds' }).nats).toEqual({
      url: 'nats://127.0.0.1:4222',
      credsFile: '/run/secrets/funding.creds',
    });
  });
});
