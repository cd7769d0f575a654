import { BeginEvidenceUploadRpc, GetFundingRollupRpc, PutScoresRpc, RecordExpenditureRpc } from '@duban/contracts';
import { request as httpRequest } from 'node:http';
import { startGatewaySandbox, type GatewaySandbox, type HttpAnswer } from './__fixtures__/gateway-sandbox';

const PROJECT = '0190a3c4-0000-7000-8000-000000000101';
const INSPECTION = '0190a3c4-0000-7000-8000-000000000002';
const ITEM = '0190a3c4-0000-7000-8000-000000000003';
const NUL = '\u0000';
const NUL_MESSAGE = '不能包含空字符';

const expenditure = {
  date: '2023-06-01',
  amountWan: '2.50',
  source: 'province_special',
  category: 'training',
  payee: '临县职业培训学校',
  note: '零工技能培训',
};

const SUBJECTS = [RecordExpenditureRpc, PutScoresRpc, GetFundingRollupRpc, BeginEvidenceUploadRpc].map(
  (rpc) => rpc.subject,
);

/** Every refusal a client can meet is RFC 9457 problem+json with its status, a title and a detail. */
function expectProblem(answer: HttpAnswer, status: number): void {
  expect({ status: answer.status, type: answer.type }).toEqual({
    status,
    type: expect.stringContaining('application/problem+json'),
  });
  expect(answer.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
}

/**
 * Input no route would ever accept is refused at the edge, as problem+json naming what is wrong, before any
 * service (or the gateway's own database) sees it: NUL characters anywhere (Postgres refuses them in text and
 * jsonb, which used to surface as 500), multipart without a boundary, over-long paths, errors raised before
 * routing.
 */
describe('bad input at the edge (issue 12, finding 3)', () => {
  let sandbox: GatewaySandbox;
  const sentTotal = () => SUBJECTS.reduce((sum, subject) => sum + (sandbox.received.get(subject)?.length ?? 0), 0);

  beforeAll(async () => {
    sandbox = await startGatewaySandbox('badinput', SUBJECTS);
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  describe('a NUL character in any text', () => {
    it('in the login form: 400 naming the field; no account counted, nothing audited', async () => {
      const before = await sandbox.db.query<{ n: number }>('SELECT count(*)::int AS n FROM gateway.audit_log');
      for (const [payload, field] of [
        [{ username: `province${NUL}`, password: 'x' }, 'username'],
        [{ username: 'province', password: `duban${NUL}demo` }, 'password'],
      ] as const) {
        const answer = await sandbox.send({ method: 'POST', url: '/api/auth/login', payload });
        expectProblem(answer, 400);
        expect(answer.body.errors).toEqual([{ field, message: NUL_MESSAGE }]);
      }
      expect(await sandbox.db.query('SELECT count(*)::int AS n FROM gateway.audit_log')).toEqual(before);
      const [province] = await sandbox.db.query<{ failed_attempts: number }>(
        `SELECT failed_attempts FROM gateway.account WHERE username = 'province'`,
      );
      expect(province?.failed_attempts).toBe(0);
    });

    it.each([
      [
        'a body field',
        'POST',
        `/api/projects/${PROJECT}/expenditures`,
        { ...expenditure, payee: `临县${NUL}` },
        'payee',
      ],
      [
        'a nested body field',
        'PUT',
        `/api/inspections/${INSPECTION}/scores`,
        { scores: [{ itemId: ITEM, score: 1, note: `a${NUL}b` }] },
        'scores.0.note',
      ],
      ['the path', 'GET', `/api/projects/${PROJECT}%00/funding`, undefined, 'id'],
      ['a query parameter', 'GET', '/api/funding/rollup?region=1411%0000', undefined, 'region'],
      ['a query parameter of a gateway route', 'GET', '/api/audit?username=pro%00vince', undefined, 'username'],
    ] as const)('in %s: 400 naming it, and no service is asked', async (_label, method, url, payload, field) => {
      const before = sentTotal();
      const answer = await sandbox.send({ method, url, payload, username: 'province' });
      expectProblem(answer, 400);
      expect(answer.body.errors).toEqual([{ field, message: NUL_MESSAGE }]);
      expect(sentTotal()).toBe(before);
    });

    it('in a key of the body: named, with the NUL spelled out', async () => {
      const answer = await sandbox.send({
        method: 'POST',
        url: `/api/projects/${PROJECT}/expenditures`,
        payload: { ...expenditure, [`x${NUL}`]: 1 },
        username: 'linxian',
      });
      expectProblem(answer, 400);
      expect(answer.body.errors).toEqual([{ field: 'x\\u0000', message: NUL_MESSAGE }]);
    });
  });

  it('refuses a body nested thousands deep (with an Idempotency-Key): 400 naming the body, nothing sent on', async () => {
    const before = sandbox.received.get(RecordExpenditureRpc.subject)?.length ?? 0;
    const answer = await sandbox.send({
      method: 'POST',
      url: `/api/projects/${PROJECT}/expenditures`,
      payload: `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
      headers: { 'content-type': 'application/json', 'idempotency-key': 'deep-1' },
      username: 'linxian',
    });
    expectProblem(answer, 400);
    expect(answer.body.errors).toEqual([{ field: '(body)', message: '嵌套层级过深（最多 32 层）' }]);
    expect(sandbox.received.get(RecordExpenditureRpc.subject)?.length ?? 0).toBe(before);
  });

  it('refuses a body that is not JSON: 400 problem+json', async () => {
    const answer = await sandbox.send({
      method: 'POST',
      url: `/api/projects/${PROJECT}/expenditures`,
      payload: '{"date": ',
      headers: { 'content-type': 'application/json' },
      username: 'linxian',
    });
    expectProblem(answer, 400);
  });

  it('refuses a multipart upload without a boundary: 400 naming the file, and no upload begins', async () => {
    const before = sentTotal();
    const answer = await sandbox.send({
      method: 'POST',
      url: `/api/inspections/${INSPECTION}/items/${ITEM}/evidence`,
      payload: 'not really a form',
      headers: { 'content-type': 'multipart/form-data' },
      username: 'inspector',
    });
    expectProblem(answer, 400);
    expect(answer.body.errors).toEqual([{ field: 'file', message: expect.stringContaining('boundary') }]);
    expect(sentTotal()).toBe(before);
  });

  it('refuses an uploaded file whose name holds a NUL: 400 naming the file, and no upload begins', async () => {
    const before = sentTotal();
    const boundary = '----duban-test-boundary';
    const payload = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a${NUL}.png"\r\n` +
        `Content-Type: image/png\r\n\r\nPNG\r\n--${boundary}--\r\n`,
    );
    const answer = await sandbox.send({
      method: 'POST',
      url: `/api/inspections/${INSPECTION}/items/${ITEM}/evidence`,
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      username: 'inspector',
    });
    expectProblem(answer, 400);
    expect(answer.body.errors).toEqual([{ field: 'file', message: '文件名不能包含空字符' }]);
    expect(sentTotal()).toBe(before);
  });

  it('answers an over-long path with 414 problem+json', async () => {
    const answer = await sandbox.send({
      method: 'GET',
      url: `/api/projects/${'a'.repeat(400)}/funding`,
      username: 'province',
    });
    expectProblem(answer, 414);
    const whole = await sandbox.send({ method: 'GET', url: `/api/regions?parent=${'1'.repeat(9000)}` });
    expectProblem(whole, 414);
  });

  it('answers a path with broken percent-encoding with 400 problem+json', async () => {
    const answer = await sandbox.send({ method: 'GET', url: '/api/projects/%E0%A4%A/funding', username: 'province' });
    expectProblem(answer, 400);
  });

  it('answers an unknown route with 404 problem+json, inside /api and outside it', async () => {
    for (const [method, url] of [
      ['GET', '/api/nothing-here'],
      ['POST', '/api/nothing-here'],
      ['POST', '/nothing-here'],
      ['PUT', '/'],
    ] as const) {
      const answer = await sandbox.send({ method, url, payload: method === 'GET' ? undefined : {} });
      expectProblem(answer, 404);
    }
  });

  it('answers a body over the limit with 413 problem+json', async () => {
    const answer = await sandbox.send({
      method: 'POST',
      url: `/api/projects/${PROJECT}/expenditures`,
      payload: { ...expenditure, note: 'x'.repeat(1_100_000) },
      username: 'linxian',
    });
    expectProblem(answer, 413);
  });

  /** One request on a real socket; its body sent in 64 KiB chunks, as a client on a network does. */
  async function overSocket(
    options: { path: string; method: string; headers?: Record<string, string | number> },
    body?: Buffer,
  ): Promise<HttpAnswer> {
    if (!sandbox.app.getHttpServer().listening) await sandbox.app.listen(0, '127.0.0.1');
    const { port } = sandbox.app.getHttpServer().address() as { port: number };
    return new Promise<HttpAnswer>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, ...options }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            type: String(res.headers['content-type']),
            headers: res.headers,
            body: JSON.parse(text || 'null'),
          }),
        );
      });
      req.on('error', reject);
      for (let at = 0; body && at < body.length; at += 65_536) req.write(body.subarray(at, at + 65_536));
      req.end();
    });
  }

  it('answers a request line too long for the HTTP parser with problem+json (a real socket)', async () => {
    const answer = await overSocket({ path: `/api/regions?parent=${'1'.repeat(20_000)}`, method: 'GET' });
    expect([414, 431]).toContain(answer.status);
    expectProblem(answer, answer.status);
  });

  it('reads a JSON body over the limit to its end before the 413, so the client still sending gets it (a real socket)', async () => {
    const body = Buffer.alloc(4 * 1_048_576, 0x20);
    const token = await sandbox.tokenFor('linxian');
    for (let attempt = 0; attempt < 5; attempt++) {
      const answer = await overSocket(
        {
          path: `/api/projects/${PROJECT}/expenditures`,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': body.length,
            authorization: `Bearer ${token}`,
          },
        },
        body,
      );
      expectProblem(answer, 413);
      expect(answer.body.detail).toBe('请求体过大（最多 1 MiB）');
    }
  });
});
