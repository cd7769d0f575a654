import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Clock, Transactions } from '@duban/platform';
import { testEnvironment, waitFor, type Environment } from '@duban/testing';
import type Redis from 'ioredis';
import { base64url, SignJWT, UnsecuredJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AccountsRepository } from '../accounts/accounts.repository';
import { LoginAttempts } from '../accounts/login-attempts.service';
import { RECENT_ACCOUNT_MS } from '../accounts/recent-accounts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../accounts/demo-accounts';
import { AuditTrailRepository, type AuditEntry } from '../audit/audit-trail.repository';
import { createGateway } from '../bootstrap';
import { loadGatewayConfig } from '../config';
import { REDIS } from '../core/redis.provider';

const SECRET = 'integration-test-secret-0123456789-abcdef';
const LOGIN_RATE_LIMIT = 8;
const LOCKOUT_SECONDS = 3;

async function startGateway(overrides: Environment): Promise<NestFastifyApplication> {
  const { platform, gateway } = loadGatewayConfig(
    testEnvironment({
      DUBAN_AUTH_SECRET: SECRET,
      DUBAN_AUTH_FAILURE_DELAY_MS: '1',
      DUBAN_AUTH_LOCKOUT_SECONDS: String(LOCKOUT_SECONDS),
      DUBAN_AUTH_LOGIN_RATE_LIMIT: String(LOGIN_RATE_LIMIT),
      // No service runs in this test: /api/health gives up on them quickly.
      DUBAN_HEALTH_TIMEOUT_MS: '200',
      ...overrides,
    }),
  );
  const app = await createGateway(platform, gateway);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

interface Answer {
  readonly status: number;
  readonly headers: Record<string, unknown>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any;
  readonly correlationId: string;
}

/** Each request gets its own correlation id, to find its audit rows; `ip` keeps rate-limit buckets apart. */
async function request(
  app: NestFastifyApplication,
  method: 'GET' | 'POST',
  url: string,
  options: { token?: string; authorization?: string; payload?: unknown; ip?: string } = {},
): Promise<Answer> {
  const correlationId = `it-${randomUUID()}`;
  const headers: Record<string, string> = { 'x-correlation-id': correlationId };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.authorization) headers.authorization = options.authorization;
  const response = await app.inject({
    method,
    url,
    headers,
    remoteAddress: options.ip ?? '127.0.0.1',
    ...(options.payload === undefined ? {} : { payload: options.payload as object }),
  });
  const isJson = /json/.test(String(response.headers['content-type']));
  return {
    status: response.statusCode,
    headers: response.headers,
    body: isJson ? response.json() : response.body,
    correlationId,
  };
}

let nextIp = 0;
/**
 * A fresh client address, so that one test's logins never count against another's rate limit: labels from
 * the documentation ranges (TEST-NET-3, then 2001:db8::/32), only ever injected, never connected to.
 */
function freshIp(): string {
  const n = nextIp++;
  return n < 254 ? `198.51.100.${n + 1}` : `2001:db8::${n.toString(16)}`;
}

const login = (app: NestFastifyApplication, username: string, password: string, ip = freshIp()) =>
  request(app, 'POST', '/api/auth/login', { payload: { username, password }, ip });

const claimsOf = (token: string) =>
  JSON.parse(new TextDecoder().decode(base64url.decode(token.split('.')[1] as string)));

describe('gateway identity: login, tokens, roles and audit', () => {
  let app: NestFastifyApplication;
  const audit = (correlationId: string): Promise<AuditEntry[]> =>
    app.get(AuditTrailRepository).find({ correlationId, limit: 100 });

  beforeAll(async () => {
    app = await startGateway({ DUBAN_DEMO: 'true' });
    // The login rate limit counts in Redis; wait until the client is connected, so the burst test is exact.
    const redis = app.get<Redis>(REDIS);
    await waitFor(
      'Redis connected',
      () => redis.status,
      (status) => status === 'ready',
    );
  });

  afterAll(async () => {
    await app?.close();
  });

  it('creates the demo identities with their roles and regions', async () => {
    const accounts = app.get(AccountsRepository);
    for (const demo of DEMO_ACCOUNTS) {
      const account = await accounts.findByUsername(demo.username);
      expect(account).toMatchObject({
        role: demo.role,
        regionCodes: [...demo.regionCodes],
        demo: true,
        failedAttempts: 0,
      });
    }
    expect((await accounts.findByUsername('inspector'))?.regionCodes).toHaveLength(13);
  });

  it('logs a demo identity in: the token carries its role and region, and /api/me answers with it', async () => {
    const answer = await login(app, 'LinXian', DEMO_PASSWORD);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 28_800,
      actor: { username: 'linxian', displayName: '刘星', role: 'county_officer', regionCodes: ['141124'] },
    });
    const claims = claimsOf(answer.body.accessToken);
    expect(claims).toMatchObject({
      sub: answer.body.actor.userId,
      iss: 'duban',
      role: 'county_officer',
      regionCodes: ['141124'],
      displayName: '刘星',
    });
    expect(claims.exp - claims.iat).toBe(28_800);

    const me = await request(app, 'GET', '/api/me', { token: answer.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ ...answer.body.actor, mustChangePassword: false });

    expect(await audit(answer.correlationId)).toEqual([
      expect.objectContaining({
        action: 'auth.login',
        outcome: 'done',
        actorUsername: 'linxian',
        actorRole: 'county_officer',
      }),
    ]);
  });

  it('answers a wrong password and an unknown username alike: 401 problem+json, each audited as refused', async () => {
    const wrong = await login(app, 'zhangzhenyu', 'not-the-password');
    const unknown = await login(app, 'nobody-at-all', 'not-the-password');
    for (const answer of [wrong, unknown]) {
      expect(answer.status).toBe(401);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      expect(answer.body).toMatchObject({ status: 401, title: 'Unauthorized', detail: '用户名或密码错误' });
    }
    expect(wrong.body.detail).toBe(unknown.body.detail);
    expect(await audit(wrong.correlationId)).toEqual([
      expect.objectContaining({ action: 'auth.login', outcome: 'refused', actorUsername: 'zhangzhenyu' }),
    ]);
    expect(await audit(unknown.correlationId)).toEqual([
      expect.objectContaining({
        action: 'auth.login',
        outcome: 'refused',
        actorUserId: null,
        detail: expect.stringContaining('unknown username'),
      }),
    ]);
    // The failure was counted; a correct password resets the count.
    expect((await app.get(AccountsRepository).findByUsername('zhangzhenyu'))?.failedAttempts).toBe(1);
    expect((await login(app, 'zhangzhenyu', DEMO_PASSWORD)).status).toBe(200);
    expect((await app.get(AccountsRepository).findByUsername('zhangzhenyu'))?.failedAttempts).toBe(0);
  });

  it('refuses a malformed body with 400 naming each field, and writes nothing', async () => {
    const answer = await request(app, 'POST', '/api/auth/login', {
      payload: { username: '', password: 42 },
      ip: freshIp(),
    });
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(answer.body.errors).toEqual([
      { field: 'username', message: '必填' },
      { field: 'password', message: '应为文本' },
    ]);
    const empty = await request(app, 'POST', '/api/auth/login', { ip: freshIp() });
    expect(empty.status).toBe(400);
    expect(empty.body.errors.map((error: { field: string }) => error.field)).toEqual(['username', 'password']);
    expect(await audit(answer.correlationId)).toEqual([]);
  });

  it('locks an account after 5 wrong passwords: 429 with Retry-After, even for the right password, until it runs out', async () => {
    const ip = freshIp();
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect((await login(app, 'lishi', `wrong-${attempt}`, ip)).status).toBe(401);
    }
    const fifth = await login(app, 'lishi', 'wrong-5', ip);
    expect(fifth.status).toBe(429);
    expect(fifth.headers['content-type']).toContain('application/problem+json');
    expect(Number(fifth.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(fifth.headers['retry-after'])).toBeLessThanOrEqual(LOCKOUT_SECONDS);
    expect(await audit(fifth.correlationId)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'auth.lockout', outcome: 'done', actorUsername: 'lishi' }),
        expect.objectContaining({ action: 'auth.login', outcome: 'refused', actorUsername: 'lishi' }),
      ]),
    );

    const rightButLocked = await login(app, 'lishi', DEMO_PASSWORD, ip);
    expect(rightButLocked.status).toBe(429);
    expect(Number(rightButLocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(await audit(rightButLocked.correlationId)).toEqual([
      expect.objectContaining({
        action: 'auth.login',
        outcome: 'refused',
        detail: expect.stringContaining('account locked'),
      }),
    ]);

    // Once the lock has run out, the right password works again from that very address (the clock moves
    // past it: polling from the address would run into its login rate limit).
    const clock = app.get(Clock);
    clock.setNow(new Date(clock.now().getTime() + (LOCKOUT_SECONDS + 1) * 1000));
    try {
      expect((await login(app, 'lishi', DEMO_PASSWORD, ip)).status).toBe(200);
    } finally {
      clock.setNow(null);
    }
  });

  it('locks the account for the guessing address only: 5 wrong guesses from 127.0.0.2 do not stop its owner at 127.0.0.3', async () => {
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect((await login(app, 'province', `wrong-${attempt}`, '127.0.0.2')).status).toBe(401);
    }
    const fifth = await login(app, 'province', 'wrong-5', '127.0.0.2');
    expect(fifth.status).toBe(429);
    expect(fifth.body.detail).toContain('此地址');
    expect(await audit(fifth.correlationId)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'auth.lockout',
          actorUsername: 'province',
          after: expect.objectContaining({ clientAddress: '127.0.0.2' }),
        }),
      ]),
    );

    const owner = await login(app, 'province', DEMO_PASSWORD, '127.0.0.3');
    expect(owner.status).toBe(200);
    expect(owner.body.actor.username).toBe('province');
    // The guessing address stays locked, even with the right password; the owner's success did not lift it.
    const stillLocked = await login(app, 'province', DEMO_PASSWORD, '127.0.0.2');
    expect(stillLocked.status).toBe(429);
    expect(Number(stillLocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);

    // Its count is kept while the lock holds, and pruned once the lock and the window have passed.
    const pairs = async () =>
      (
        await app.get(DataSource).query(
          `SELECT count(*)::int AS n FROM gateway.login_attempt JOIN gateway.account a ON a.id = account_id
              WHERE a.username = 'province' AND client_address = '127.0.0.2'`,
        )
      )[0].n;
    const attempts = app.get(LoginAttempts);
    await attempts.prune();
    expect(await pairs()).toBe(1);
    const clock = app.get(Clock);
    clock.setNow(new Date(clock.now().getTime() + (LOCKOUT_SECONDS + 1) * 1000));
    try {
      await attempts.prune();
      expect(await pairs()).toBe(0);
    } finally {
      clock.setNow(null);
    }
  });

  it('counts IPv6 clients by their /64: a guesser cannot take a fresh address of its network per guess', async () => {
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect((await login(app, 'taiyuan', `wrong-${attempt}`, `2001:db8:7:7::${attempt}`)).status).toBe(401);
    }
    expect((await login(app, 'taiyuan', 'wrong-5', '2001:db8:7:7::5')).status).toBe(429);
    expect((await login(app, 'taiyuan', DEMO_PASSWORD, '2001:db8:7:7::6')).status).toBe(429);
    expect((await login(app, 'taiyuan', DEMO_PASSWORD, '2001:db8:7:8::1')).status).toBe(200);
  });

  it('only slows an account guessed at from many addresses, never locks its owner out', async () => {
    const accounts = app.get(AccountsRepository);
    // 4 failures from each of 4 addresses: no address reaches its lock, the account passes its slowdown threshold.
    for (let address = 1; address <= 4; address++) {
      for (let attempt = 1; attempt <= 4; attempt++) {
        expect((await login(app, 'inspector', `wrong-${attempt}`, `127.0.1.${address}`)).status).toBe(401);
      }
    }
    expect((await accounts.findByUsername('inspector'))?.failedAttempts).toBe(16);
    const owner = await login(app, 'inspector', DEMO_PASSWORD, '127.0.1.9');
    expect(owner.status).toBe(200);
    expect((await accounts.findByUsername('inspector'))?.failedAttempts).toBe(0);
  });

  it('answers a burst of logins from one address with 429 and Retry-After', async () => {
    const ip = freshIp();
    const answers = await Promise.all(
      Array.from({ length: LOGIN_RATE_LIMIT + 4 }, () => request(app, 'POST', '/api/auth/login', { payload: {}, ip })),
    );
    const limited = answers.filter((answer) => answer.status === 429);
    expect(limited).toHaveLength(4);
    expect(answers.filter((answer) => answer.status === 400)).toHaveLength(LOGIN_RATE_LIMIT);
    for (const answer of limited) {
      expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      expect(answer.body).toMatchObject({
        status: 429,
        title: 'Too Many Requests',
        correlationId: answer.correlationId,
      });
    }
    // Another address is not affected.
    expect((await request(app, 'POST', '/api/auth/login', { payload: {}, ip: freshIp() })).status).toBe(400);
  });

  it('refuses /api/me without a token, and with forged ones: 401 problem+json, each audited with its correlation id', async () => {
    const genuine = (await login(app, 'lvliang', DEMO_PASSWORD)).body.accessToken as string;
    const [header, payload, signature] = genuine.split('.') as [string, string, string];
    const widened = base64url.encode(JSON.stringify({ ...claimsOf(genuine), regionCodes: ['140000'] }));
    const claims = {
      username: 'lvliang',
      displayName: '吕梁市人社局',
      role: 'province_admin',
      regionCodes: ['140000'],
    };
    const forged = {
      'no token': undefined,
      'a Basic header': 'Basic bHZsaWFuZzpkdWJhbi1kZW1v',
      'another secret': `Bearer ${await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(claimsOf(genuine).sub)
        .setIssuer('duban')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode('not-the-secret-but-long-enough-0123456789'))}`,
      'alg none': `Bearer ${new UnsecuredJWT(claims).setSubject(claimsOf(genuine).sub).setIssuer('duban').setIssuedAt().setExpirationTime('1h').encode()}`,
      'edited regions': `Bearer ${header}.${widened}.${signature}`,
      garbage: 'Bearer abc.def.ghi',
    };
    expect(payload).not.toBe(widened);
    for (const [label, authorization] of Object.entries(forged)) {
      const answer = await request(app, 'GET', '/api/me', { authorization });
      expect({ label, status: answer.status }).toEqual({ label, status: 401 });
      expect(answer.headers['content-type']).toContain('application/problem+json');
      expect(answer.headers['www-authenticate']).toBe('Bearer realm="duban"');
      expect(answer.body).toMatchObject({ status: 401, code: 'unauthenticated', correlationId: answer.correlationId });
      expect(await audit(answer.correlationId)).toEqual([
        expect.objectContaining({
          action: 'auth.authenticate',
          outcome: 'denied',
          targetType: 'route',
          targetId: 'GET /api/me',
          correlationId: answer.correlationId,
        }),
      ]);
    }
  });

  it('refuses a token once its account has another scope than the token carries (log in again)', async () => {
    const token = (await login(app, 'taiyuan', DEMO_PASSWORD)).body.accessToken as string;
    expect((await request(app, 'GET', '/api/me', { token })).status).toBe(200);
    const db = app.get(DataSource);
    // Changed behind this gateway's back (as another replica would): seen within RECENT_ACCOUNT_MS.
    await db.query(`UPDATE gateway.account SET region_codes = '{140000}' WHERE username = 'taiyuan'`);
    try {
      const stale = await waitFor(
        'the changed scope seen',
        () => request(app, 'GET', '/api/me', { token }),
        (answer) => answer.status !== 200,
        { timeoutMs: 5 * RECENT_ACCOUNT_MS, intervalMs: 100 },
      );
      expect(stale.status).toBe(401);
      expect(await audit(stale.correlationId)).toEqual([
        expect.objectContaining({ outcome: 'denied', detail: 'role or regions changed since the token was issued' }),
      ]);
    } finally {
      await db.query(`UPDATE gateway.account SET region_codes = '{140100}' WHERE username = 'taiyuan'`);
    }
    const restored = await waitFor(
      'the restored scope seen',
      () => request(app, 'GET', '/api/me', { token }),
      (answer) => answer.status === 200,
      { timeoutMs: 5 * RECENT_ACCOUNT_MS, intervalMs: 100 },
    );
    expect(restored.status).toBe(200);
  });

  it('refuses a token once its account is disabled through the repository, from the next request on', async () => {
    const token = (await login(app, 'taiyuan', DEMO_PASSWORD)).body.accessToken as string;
    expect((await request(app, 'GET', '/api/me', { token })).status).toBe(200);
    const accounts = app.get(AccountsRepository);
    const transactions = app.get(Transactions);
    const account = await accounts.findByUsername('taiyuan');
    const clock = app.get(Clock);
    await transactions.run((tx) =>
      accounts.update(tx, account?.id as string, { disabledAt: clock.now() }, clock.now()),
    );
    try {
      const refused = await request(app, 'GET', '/api/me', { token, ip: freshIp() });
      expect(refused.status).toBe(401);
      expect(await audit(refused.correlationId)).toEqual([
        expect.objectContaining({ outcome: 'denied', detail: 'account disabled' }),
      ]);
    } finally {
      await transactions.run((tx) => accounts.update(tx, account?.id as string, { disabledAt: null }, clock.now()));
    }
    expect((await request(app, 'GET', '/api/me', { token })).status).toBe(200);
  });

  it('refuses a role a route is not open to with 403, audited; the right role passes', async () => {
    const county = (await login(app, 'linxian', DEMO_PASSWORD)).body.accessToken as string;
    const denied = await request(app, 'GET', '/api/audit?limit=5', { token: county });
    expect(denied.status).toBe(403);
    expect(denied.headers['content-type']).toContain('application/problem+json');
    expect(denied.body).toMatchObject({ status: 403, code: 'forbidden' });
    expect(await audit(denied.correlationId)).toEqual([
      expect.objectContaining({
        action: 'auth.authorize',
        outcome: 'denied',
        actorUsername: 'linxian',
        targetId: 'GET /api/audit',
      }),
    ]);

    const province = (await login(app, 'province', DEMO_PASSWORD)).body.accessToken as string;
    const allowed = await request(app, 'GET', `/api/audit?correlationId=${denied.correlationId}`, { token: province });
    expect(allowed.status).toBe(200);
    expect(allowed.body.items).toEqual([
      expect.objectContaining({ action: 'auth.authorize', actorUsername: 'linxian' }),
    ]);
  });

  it('keeps health and the API docs public, and documents login and bearer auth', async () => {
    const health = await request(app, 'GET', '/api/health');
    expect(health.status).toBe(503); // no service runs here; what matters is that no token was asked for
    const docs = await request(app, 'GET', '/api/docs/openapi.json');
    expect(docs.status).toBe(200);
    expect(docs.body.paths['/api/auth/login'].post).toBeDefined();
    expect(docs.body.paths['/api/me'].get.security).toEqual([{ bearer: [] }]);
    expect(docs.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  // The first token has been verified (and its verification remembered, TokenService) before its logout: the
  // revocation is checked on every request all the same.
  it('logs out: the token is refused from its next request on, audited; another token of the same person still works', async () => {
    const ip = '127.0.0.7';
    const first = (await login(app, 'linxian', DEMO_PASSWORD)).body.accessToken as string;
    const second = (await login(app, 'linxian', DEMO_PASSWORD)).body.accessToken as string;
    expect(claimsOf(first).jti).toEqual(expect.any(String));
    expect(claimsOf(first).jti).not.toBe(claimsOf(second).jti);
    expect((await request(app, 'GET', '/api/me', { token: first, ip })).status).toBe(200);

    const out = await request(app, 'POST', '/api/auth/logout', { token: first, ip });
    expect(out.status).toBe(204);
    expect(await audit(out.correlationId)).toEqual([
      expect.objectContaining({
        action: 'auth.logout',
        outcome: 'done',
        actorUsername: 'linxian',
        targetId: claimsOf(first).jti,
      }),
    ]);
    const after = await request(app, 'GET', '/api/me', { token: first, ip });
    expect(after.status).toBe(401);
    expect(after.headers['content-type']).toContain('application/problem+json');
    expect(await audit(after.correlationId)).toEqual([
      expect.objectContaining({ action: 'auth.authenticate', outcome: 'denied', detail: 'token revoked (logged out)' }),
    ]);
    expect((await request(app, 'POST', '/api/auth/logout', { token: first, ip })).status).toBe(401);
    expect((await request(app, 'POST', '/api/auth/logout', { ip })).status).toBe(401);
    expect((await request(app, 'GET', '/api/me', { token: second, ip })).status).toBe(200);

    // Another gateway (a second replica on the same Redis) refuses the revoked token too.
    const replica = await startGateway({ DUBAN_DEMO: 'true' });
    try {
      expect((await request(replica, 'GET', '/api/me', { token: first, ip })).status).toBe(401);
      expect((await request(replica, 'GET', '/api/me', { token: second, ip })).status).toBe(200);
    } finally {
      await replica.close();
    }
  });

  it('counts the audit rows of the run: logins done and refused, lockouts, denials', async () => {
    const trail = app.get(AuditTrailRepository);
    const count = async (action: string, outcome: AuditEntry['outcome']) =>
      (await trail.find({ action, outcome, limit: 500 })).length;
    expect(await count('auth.login', 'done')).toBeGreaterThanOrEqual(5);
    expect(await count('auth.login', 'refused')).toBeGreaterThanOrEqual(8);
    expect(await count('auth.lockout', 'done')).toBeGreaterThanOrEqual(1);
    expect(await count('auth.authenticate', 'denied')).toBeGreaterThanOrEqual(6);
    expect(await count('auth.authorize', 'denied')).toBeGreaterThanOrEqual(1);
  });

  it('keeps the audit trail append-only: UPDATE, DELETE and TRUNCATE are refused', async () => {
    const db = app.get(DataSource);
    const before = await db.query('SELECT count(*)::int AS n FROM gateway.audit_log');
    await expect(db.query(`UPDATE gateway.audit_log SET detail = 'rewritten'`)).rejects.toThrow(
      /append-only: UPDATE refused/,
    );
    await expect(db.query('DELETE FROM gateway.audit_log')).rejects.toThrow(/append-only: DELETE refused/);
    await expect(db.query('TRUNCATE gateway.audit_log')).rejects.toThrow(/append-only: TRUNCATE refused/);
    expect(await db.query('SELECT count(*)::int AS n FROM gateway.audit_log')).toEqual(before);
  });

  describe('behind a trusted reverse proxy (DUBAN_TRUST_PROXY)', () => {
    let proxied: NestFastifyApplication;
    const PROXY = '127.0.0.9';

    beforeAll(async () => {
      proxied = await startGateway({ DUBAN_DEMO: 'true', DUBAN_TRUST_PROXY: `${PROXY},::1` });
    });

    afterAll(async () => {
      await proxied?.close();
    });

    const viaProxy = (password: string, client: string, peer = PROXY) =>
      proxied.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: peer,
        headers: { 'x-forwarded-for': client },
        payload: { username: 'zhangzhenyu', password },
      });

    it('counts guesses per client the proxy names: one guesser is locked, the other users of the proxy are not', async () => {
      for (let attempt = 1; attempt <= 4; attempt++) {
        expect((await viaProxy(`wrong-${attempt}`, '192.0.2.41')).statusCode).toBe(401);
      }
      const fifth = await viaProxy('wrong-5', '192.0.2.41');
      expect(fifth.statusCode).toBe(429);
      expect(fifth.json().detail).toContain('此地址');
      // The owner comes through the same proxy from elsewhere.
      expect((await viaProxy(DEMO_PASSWORD, '192.0.2.42')).statusCode).toBe(200);
      expect((await viaProxy(DEMO_PASSWORD, '192.0.2.41')).statusCode).toBe(429);
    });

    it('ignores X-Forwarded-For from a peer that is not a trusted proxy: the guesser cannot name a fresh address', async () => {
      for (let attempt = 1; attempt <= 5; attempt++) {
        await viaProxy(`wrong-${attempt}`, `192.0.2.${50 + attempt}`, '127.0.0.10');
      }
      // Every guess counted against the peer itself, which is now locked whatever address it names.
      const next = await viaProxy(DEMO_PASSWORD, '192.0.2.60', '127.0.0.10');
      expect(next.statusCode).toBe(429);
    });
  });

  describe('outside demo mode', () => {
    let production: NestFastifyApplication;

    beforeAll(async () => {
      production = await startGateway({ DUBAN_DEMO: 'false' });
    });

    afterAll(async () => {
      await production?.close();
    });

    it('refuses the demo identities, with the right password and with a token from demo mode', async () => {
      const demoToken = (await login(app, 'province', DEMO_PASSWORD)).body.accessToken as string;
      const answer = await login(production, 'province', DEMO_PASSWORD);
      expect(answer.status).toBe(401);
      expect(answer.body.detail).toBe('用户名或密码错误');
      expect(await audit(answer.correlationId)).toEqual([
        expect.objectContaining({ outcome: 'refused', detail: expect.stringContaining('not in demo mode') }),
      ]);
      expect((await request(production, 'GET', '/api/me', { token: demoToken })).status).toBe(401);
      // The demo gateway itself still accepts it.
      expect((await request(app, 'GET', '/api/me', { token: demoToken })).status).toBe(200);
    });
  });
});
