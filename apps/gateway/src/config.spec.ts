import { ConfigError } from '@duban/platform';
import { DEMO_AUTH_SECRET, loadGatewayConfig } from './config';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadGatewayConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('gateway configuration', () => {
  it('requires DUBAN_AUTH_SECRET outside demo mode, and lists it with every other bad variable', () => {
    const problems = problemsOf({ DUBAN_HTTP_PORT: 'eighty' });
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toMatch(/^DUBAN_HTTP_PORT: /m);
    expect(problems.join('\n')).toMatch(/^DUBAN_AUTH_SECRET: required unless DUBAN_DEMO=true/m);
  });

  it('refuses a short secret, even in demo mode', () => {
    expect(problemsOf({ DUBAN_DEMO: 'true', DUBAN_AUTH_SECRET: 'short' })).toEqual([
      expect.stringMatching(/^DUBAN_AUTH_SECRET: /),
    ]);
  });

  it('falls back to the public demo secret in demo mode only, and says so', () => {
    const demo = loadGatewayConfig({ DUBAN_DEMO: 'true' }).gateway.auth;
    expect(demo).toMatchObject({ secret: DEMO_AUTH_SECRET, usesDemoSecret: true });
    const real = loadGatewayConfig({ DUBAN_AUTH_SECRET: 's'.repeat(32) }).gateway.auth;
    expect(real).toMatchObject({ secret: 's'.repeat(32), usesDemoSecret: false });
  });

  it('has defaults: 8-hour tokens, lock an address after 5 failures for 15 minutes, slow an account after 10, 10 logins a minute per address', () => {
    expect(loadGatewayConfig({ DUBAN_AUTH_SECRET: 's'.repeat(32) }).gateway.auth).toEqual({
      secret: 's'.repeat(32),
      usesDemoSecret: false,
      tokenTtlSeconds: 28_800,
      lockout: { maxFailedAttempts: 5, lockoutSeconds: 900, failureDelayMs: 1000, slowAfterFailures: 10 },
      loginRateLimit: { max: 10, windowMs: 60_000 },
    });
  });
});
