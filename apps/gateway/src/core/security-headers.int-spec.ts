import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGatewaySandbox, type GatewaySandbox } from './__fixtures__/gateway-sandbox';

/** What every answer must carry (issue 12, finding 9): the web app's own origin only, no framing, no sniffing. */
function expectSecurityHeaders(label: string, headers: Record<string, unknown>): void {
  const csp = String(headers['content-security-policy']);
  expect({ label, csp }).toEqual({ label, csp: expect.stringContaining("default-src 'self'") });
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/script-src[^;]*unsafe/);
  expect({
    label,
    nosniff: headers['x-content-type-options'],
    referrer: headers['referrer-policy'],
    hsts: headers['strict-transport-security'],
    frame: headers['x-frame-options'],
  }).toEqual({
    label,
    nosniff: 'nosniff',
    referrer: 'no-referrer',
    hsts: expect.stringMatching(/^max-age=\d{7,}/),
    frame: 'DENY',
  });
}

describe('security headers on every answer', () => {
  let sandbox: GatewaySandbox;
  let webRoot: string;
  let port: number;

  beforeAll(async () => {
    webRoot = await mkdtemp(join(tmpdir(), 'duban-web-'));
    await mkdir(join(webRoot, 'assets'));
    await writeFile(join(webRoot, 'index.html'), '<!doctype html><title>督办</title>');
    await writeFile(join(webRoot, 'assets', 'index-abc123.js'), 'console.log(1)');
    sandbox = await startGatewaySandbox('headers', [], { DUBAN_WEB_ROOT: webRoot });
    await sandbox.app.listen(0, '127.0.0.1');
    port = (sandbox.app.getHttpServer().address() as { port: number }).port;
  });

  afterAll(async () => {
    await sandbox?.close();
    await rm(webRoot, { recursive: true, force: true });
  });

  it.each([
    ['the web app’s page', 'GET', '/', null, 200],
    ['a deep link', 'GET', '/projects/1/milestones/2', null, 200],
    ['a file of the build', 'GET', '/assets/index-abc123.js', null, 200],
    ['an API answer', 'GET', '/api/me', 'linxian', 200],
    ['the API document', 'GET', '/api/docs/openapi.json', null, 200],
    ['a 401', 'GET', '/api/me', null, 401],
    ['a 404 of an unknown route', 'GET', '/api/nothing-here', null, 404],
    ['a 404 of an unknown route beside the web app', 'POST', '/nothing-here', null, 404],
    ['a 404 of a method the web app does not take', 'PUT', '/', null, 404],
    ['a 400 for a NUL', 'GET', '/api/regions?parent=14%0000', 'linxian', 400],
    ['a 414 for a long path parameter', 'GET', `/api/projects/${'a'.repeat(400)}`, 'linxian', 414],
    ['a 414 for a long URL', 'GET', `/api/regions?parent=${'1'.repeat(9000)}`, null, 414],
  ] as const)('%s', async (label, method, url, username, status) => {
    const answer = await sandbox.send({ method, url, username });
    expect({ label, status: answer.status }).toEqual({ label, status });
    if (status !== 200)
      expect({ label, type: answer.type }).toEqual({ label, type: expect.stringContaining('problem+json') });
    expectSecurityHeaders(label, answer.headers);
  });

  it('the live inbox stream (hijacked from Fastify) and a request the HTTP parser refuses (a real socket)', async () => {
    const token = await sandbox.tokenFor('lvliang');
    const streamHeaders = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: '/api/me/notifications/stream',
          headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
        },
        (res) => {
          resolve(res.headers);
          res.destroy();
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(streamHeaders['content-type']).toMatch(/^text\/event-stream/);
    expectSecurityHeaders('the stream', streamHeaders);

    const refused = await new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: `/api/regions?parent=${'1'.repeat(20_000)}` }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, headers: res.headers });
      });
      req.on('error', reject);
      req.end();
    });
    expect(refused.status).toBe(431);
    expectSecurityHeaders('the parser’s refusal', refused.headers);
  });
});
