import type { Actor } from '@duban/contracts';
import { Clock } from '@duban/platform';
import { base64url, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { loadGatewayConfig } from '../config';
import { bearerToken } from './authentication.guard';
import { InvalidTokenError, TokenService } from './token.service';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const clock = new Clock();
const tokens = (secret = SECRET, ttl = '3600') =>
  new TokenService(loadGatewayConfig({ DUBAN_AUTH_SECRET: secret, DUBAN_AUTH_TOKEN_TTL_SECONDS: ttl }).gateway, clock);

const actor: Actor = {
  userId: '0190c1d2-0000-7000-8000-000000000001',
  username: 'linxian',
  displayName: '刘星',
  role: 'county_officer',
  regionCodes: ['141124'],
};
const claims = {
  username: actor.username,
  displayName: actor.displayName,
  role: actor.role,
  regionCodes: actor.regionCodes,
};
const key = new TextEncoder().encode(SECRET);
const now = () => Math.floor(Date.now() / 1000);

/** A token signed with our key and algorithm, but with whatever claims the test wants. */
function signed(
  payload: Record<string, unknown>,
  header: { alg: string; typ?: string } = { alg: 'HS256', typ: 'JWT' },
) {
  return new SignJWT(payload).setProtectedHeader(header).sign(key);
}

async function refusal(token: string, service = tokens()): Promise<string> {
  try {
    await service.verify(token);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidTokenError);
    return (error as InvalidTokenError).reason;
  }
  throw new Error('the token was accepted');
}

describe('access tokens', () => {
  it('carry the actor, its role and regions, and verify', async () => {
    const service = tokens();
    const { accessToken, expiresIn } = await service.issue(actor);
    expect(expiresIn).toBe(3600);
    expect(await service.verify(accessToken)).toEqual(actor);
    const [header, payload] = accessToken
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(new TextDecoder().decode(base64url.decode(part))));
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toMatchObject({ sub: actor.userId, iss: 'duban', role: 'county_officer', regionCodes: ['141124'] });
    expect(payload.exp - payload.iat).toBe(3600);
  });

  it('refuses alg "none"', async () => {
    const token = new UnsecuredJWT({ ...claims })
      .setSubject(actor.userId)
      .setIssuer('duban')
      .setIssuedAt()
      .setExpirationTime('1h')
      .encode();
    expect(token.endsWith('.')).toBe(true);
    expect(await refusal(token)).toBe('algorithm not allowed');
    // The same with a forged signature part appended.
    expect(await refusal(`${token}c2lnbmF0dXJl`)).toMatch(/algorithm not allowed|malformed/);
  });

  it('refuses another HMAC algorithm, even with the right secret', async () => {
    const token = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'HS512', typ: 'JWT' })
      .setSubject(actor.userId)
      .setIssuer('duban')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(key);
    expect(await refusal(token)).toBe('algorithm not allowed');
  });

  it('refuses an asymmetric algorithm', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setSubject(actor.userId)
      .setIssuer('duban')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    expect(await refusal(token)).toBe('algorithm not allowed');
  });

  it('refuses a token signed with another secret', async () => {
    const { accessToken } = await tokens('another-secret-that-is-also-long-enough-xx').issue(actor);
    expect(await refusal(accessToken)).toBe('bad signature');
  });

  it('refuses an expired token', async () => {
    const service = tokens(SECRET, '3600');
    // One instant for both, however long a busy machine takes between the steps.
    const now = Date.now();
    clock.setNow(new Date(now - 3601_000));
    const { accessToken } = await service.issue(actor);
    clock.setNow(new Date(now));
    expect(await refusal(accessToken, service)).toBe('expired');
    // Still valid a second before it runs out.
    clock.setNow(new Date(now - 2_000));
    try {
      expect(await service.verify(accessToken)).toEqual(actor);
    } finally {
      clock.setNow(null);
    }
  });

  it('refuses a token it remembered as verified once it expires', async () => {
    const service = tokens(SECRET, '60');
    const now = Date.now();
    clock.setNow(new Date(now));
    try {
      const { accessToken } = await service.issue(actor);
      expect(await service.verify(accessToken)).toEqual(actor);
      clock.setNow(new Date(now + 59_000));
      expect(await service.verify(accessToken)).toEqual(actor);
      clock.setNow(new Date(now + 60_000));
      expect(await refusal(accessToken, service)).toBe('expired');
      expect(await refusal(accessToken, service)).toBe('expired');
    } finally {
      clock.setNow(null);
    }
  });

  it('remembers only what verified: a forged token is refused however often it comes', async () => {
    const service = tokens();
    const { accessToken } = await service.issue(actor);
    await service.verify(accessToken);
    const [header, payload] = accessToken.split('.') as [string, string, string];
    const forged = `${header}.${payload}.${base64url.encode(new Uint8Array(32))}`;
    expect(await refusal(forged, service)).toBe('bad signature');
    expect(await refusal(forged, service)).toBe('bad signature');
  });

  it('refuses a token whose claims were edited (wider regions, another role)', async () => {
    const { accessToken } = await tokens().issue(actor);
    const [header, payload, signature] = accessToken.split('.') as [string, string, string];
    const edit = (change: Record<string, unknown>) => {
      const claimsNow = JSON.parse(new TextDecoder().decode(base64url.decode(payload)));
      return `${header}.${base64url.encode(JSON.stringify({ ...claimsNow, ...change }))}.${signature}`;
    };
    expect(await refusal(edit({ regionCodes: ['140000'] }))).toBe('bad signature');
    expect(await refusal(edit({ role: 'province_admin' }))).toBe('bad signature');
    expect(await refusal(edit({ exp: now() + 365 * 24 * 3600 }))).toBe('bad signature');
  });

  it('refuses a token from another issuer, or without the actor claims', async () => {
    const base = (token: SignJWT) => token.setSubject(actor.userId).setIssuedAt().setExpirationTime('1h');
    expect(
      await refusal(
        await base(new SignJWT({ ...claims }).setIssuer('elsewhere'))
          .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
          .sign(key),
      ),
    ).toMatch(/claim iss invalid/);
    const { regionCodes: _, ...withoutRegions } = claims;
    expect(
      await refusal(
        await base(new SignJWT(withoutRegions).setIssuer('duban'))
          .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
          .sign(key),
      ),
    ).toMatch(/claims malformed: regionCodes/);
    expect(await refusal(await signed({ ...claims, sub: actor.userId, iss: 'duban', iat: now() }))).toMatch(
      /claim exp invalid/,
    );
  });

  it('refuses garbage and over-long tokens', async () => {
    expect(await refusal('not-a-token')).toMatch(/malformed/);
    expect(await refusal('a.b.c')).toMatch(/malformed/);
    expect(await refusal('x'.repeat(5000))).toBe('too long');
  });
});

describe('the bearer header', () => {
  it('yields the token of a Bearer header, and nothing else', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken('')).toBeNull();
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBeNull();
    expect(bearerToken('Bearer ')).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
  });
});
