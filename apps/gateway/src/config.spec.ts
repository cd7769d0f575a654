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

  describe('DUBAN_TRUST_PROXY', () => {
    const trusted = (value?: string) =>
      loadGatewayConfig({ DUBAN_DEMO: 'true', ...(value === undefined ? {} : { DUBAN_TRUST_PROXY: value }) }).gateway
        .http.trustedProxies;

    it('trusts no proxy unless told: the peer is the client', () => {
      expect(trusted()).toBe(false);
    });

    it('takes a list of proxy addresses and CIDR ranges, IPv4 and IPv6, or a hop count', () => {
      expect(trusted('127.0.0.1, 198.51.100.0/24 ,2001:db8::/32,::1')).toEqual([
        '127.0.0.1',
        '198.51.100.0/24',
        '2001:db8::/32',
        '::1',
      ]);
      expect(trusted('2')).toBe(2);
    });

    it('refuses "true" (anyone could then name any address), bad ranges and absurd hop counts, naming each', () => {
      expect(problemsOf({ DUBAN_DEMO: 'true', DUBAN_TRUST_PROXY: 'true' })).toEqual([
        'DUBAN_TRUST_PROXY: not an IP address or CIDR range: true (a list of proxies, or a hop count)',
      ]);
      expect(problemsOf({ DUBAN_DEMO: 'true', DUBAN_TRUST_PROXY: '198.51.100.0/33,127.0.0.1,proxy.local' })).toEqual([
        'DUBAN_TRUST_PROXY: not an IP address or CIDR range: 198.51.100.0/33, proxy.local (a list of proxies, or a hop count)',
      ]);
      expect(problemsOf({ DUBAN_DEMO: 'true', DUBAN_TRUST_PROXY: '0' })).toEqual([
        'DUBAN_TRUST_PROXY: a hop count must be between 1 and 10',
      ]);
    });
  });
});
