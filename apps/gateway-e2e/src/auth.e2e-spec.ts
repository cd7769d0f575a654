import { freePort, testEnvironment, waitFor, type Environment } from '@duban/testing';
import { AppProcess, type HttpAnswer } from './system';

/**
 * The gateway as a real process (the way `npm start` runs it), on its own: login, bearer tokens and
 * configuration. The services are not needed for any of it.
 */
describe('the gateway process: login and tokens', () => {
  let gateway: AppProcess;
  let baseUrl: string;

  const request = async (path: string, init?: RequestInit): Promise<HttpAnswer> => {
    const response = await fetch(`${baseUrl}${path}`, init);
    const text = await response.text();
    const isJson = /json/.test(response.headers.get('content-type') ?? '');
    return { status: response.status, headers: response.headers, body: isJson ? JSON.parse(text) : text };
  };
  const login = (username: string, password: string) =>
    request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    // Demo mode without DUBAN_AUTH_SECRET: the demo identities and the demo secret.
    gateway = AppProcess.start(
      'gateway',
      testEnvironment({ DUBAN_HTTP_PORT: String(port), DUBAN_DEMO: 'true', DUBAN_LOG_LEVEL: 'warn' }),
    );
    await waitFor(
      'the gateway to answer',
      () => login('province', 'duban-demo').then((answer) => answer.status),
      (status) => status === 200,
      {
        timeoutMs: 60_000,
        intervalMs: 250,
      },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${gateway.output.join('').slice(-3000)}`);
    });
  });

  afterAll(async () => {
    await gateway?.stop();
  });

  it('warns at start that tokens are signed with the public demo secret', () => {
    expect(gateway.output.join('')).toContain('DUBAN_AUTH_SECRET is not set');
  });

  it('logs in, and the token opens /api/me; without one, /api/me is 401 problem+json', async () => {
    const { status, body } = await login('zhangzhenyu', 'duban-demo');
    expect(status).toBe(200);
    expect(body.actor).toMatchObject({ displayName: '张振玉', role: 'leading_member', regionCodes: ['141124'] });

    const me = await request('/api/me', { headers: { authorization: `Bearer ${body.accessToken}` } });
    expect(me.status).toBe(200);
    expect(me.body.username).toBe('zhangzhenyu');

    const anonymous = await request('/api/me');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses to start outside demo mode without DUBAN_AUTH_SECRET, naming it', async () => {
    const env: Environment = testEnvironment({ DUBAN_HTTP_PORT: String(await freePort()) });
    const refused = AppProcess.start('gateway', env);
    const code = await refused.exited();
    expect(code).toBe(78);
    expect(refused.output.join('')).toContain('DUBAN_AUTH_SECRET: required unless DUBAN_DEMO=true');
  });
});
