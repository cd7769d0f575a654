import { PutScoresRpc, RecordExpenditureRpc } from '@duban/contracts';
import { Clock } from '@duban/platform';
import { waitFor } from '@duban/testing';
import { randomUUID } from 'node:crypto';
import { startGatewaySandbox, type GatewaySandbox, type HttpAnswer } from '../core/__fixtures__/gateway-sandbox';

const PROJECT = '0190a3c4-0000-7000-8000-000000000101';
const INSPECTION = '0190a3c4-0000-7000-8000-000000000002';
const ITEM = '0190a3c4-0000-7000-8000-000000000003';
const EXPENDITURES = `/api/projects/${PROJECT}/expenditures`;
/** The sandbox's RPC timeout (DUBAN_RPC_TIMEOUT_MS). */
const RPC_TIMEOUT_MS = 2000;

const expenditure = {
  date: '2023-06-01',
  amountWan: '2.50',
  source: 'province_special',
  category: 'training',
  payee: '临县职业培训学校',
  note: '零工技能培训',
};

const recorded = (id: string) => ({
  id,
  projectId: PROJECT,
  ...expenditure,
  attachmentRef: null,
  flags: [],
  recordedBy: 'linxian',
  recordedByName: '刘星',
  recordedAt: '2023-06-01T02:00:00.000Z',
  reversesId: null,
  reversedById: null,
  reason: null,
});

/**
 * A write retried after a timeout used to be recorded twice (issue 12, finding 7). The funding service is a
 * stand-in here that counts the requests it receives: what it counts is what it would have recorded.
 */
describe('Idempotency-Key on writes', () => {
  let sandbox: GatewaySandbox;
  const recordedCount = () => sandbox.received.get(RecordExpenditureRpc.subject)?.length ?? 0;
  const post = (key: string | null, body: unknown = expenditure, username = 'linxian'): Promise<HttpAnswer> =>
    sandbox.send({
      method: 'POST',
      url: EXPENDITURES,
      payload: body,
      username,
      headers: key === null ? {} : { 'idempotency-key': key },
    });

  beforeAll(async () => {
    sandbox = await startGatewaySandbox('idempotency', [RecordExpenditureRpc.subject, PutScoresRpc.subject], {
      DUBAN_RPC_TIMEOUT_MS: String(RPC_TIMEOUT_MS),
    });
  });

  beforeEach(() => {
    sandbox.answer(RecordExpenditureRpc.subject, { ok: true, data: recorded(randomUUID()) });
  });

  afterAll(async () => {
    sandbox.app.get(Clock).setNow(null);
    await sandbox?.close();
  });

  it('records a retried expenditure once: the retry gets the first answer, marked as replayed', async () => {
    const key = randomUUID();
    const before = recordedCount();
    const first = await post(key);
    expect(first.status).toBe(201);
    expect(first.headers['idempotency-replayed']).toBeUndefined();
    // The service would answer a second call with another record: the retry must not reach it.
    sandbox.answer(RecordExpenditureRpc.subject, { ok: true, data: recorded(randomUUID()) });
    const retry = await post(key, { ...expenditure });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotency-replayed']).toBe('true');
    // The same body with its fields in another order is the same request.
    const reordered = Object.fromEntries(Object.entries(expenditure).reverse());
    expect((await post(key, reordered)).body).toEqual(first.body);
    expect(recordedCount() - before).toBe(1);
  });

  it('refuses the same key with another body: 422 problem+json, and the service is not asked', async () => {
    const key = randomUUID();
    expect((await post(key)).status).toBe(201);
    const before = recordedCount();
    const other = await post(key, { ...expenditure, amountWan: '3.00' });
    expect(other.status).toBe(422);
    expect(other.type).toContain('application/problem+json');
    expect(other.body).toMatchObject({ status: 422, detail: expect.stringContaining('Idempotency-Key') });
    expect(recordedCount()).toBe(before);
  });

  it('scopes keys per user: another user with the same key is another request', async () => {
    const key = randomUUID();
    const before = recordedCount();
    expect((await post(key, expenditure, 'linxian')).status).toBe(201);
    const theirs = await post(key, expenditure, 'lvliang');
    expect(theirs.status).toBe(201);
    expect(theirs.headers['idempotency-replayed']).toBeUndefined();
    expect(recordedCount() - before).toBe(2);
  });

  it('works as before without a key: each request is recorded', async () => {
    const before = recordedCount();
    expect((await post(null)).status).toBe(201);
    expect((await post(null)).status).toBe(201);
    expect(recordedCount() - before).toBe(2);
  });

  it('keeps a refusal the caller can act on (4xx) as the answer, and lets a failure (5xx) be retried', async () => {
    const conflictKey = randomUUID();
    sandbox.answer(RecordExpenditureRpc.subject, { ok: false, error: { code: 'conflict', message: '项目已结项' } });
    const before = recordedCount();
    const refused = await post(conflictKey);
    expect(refused).toMatchObject({ status: 409, body: { detail: '项目已结项' } });
    sandbox.answer(RecordExpenditureRpc.subject, { ok: true, data: recorded(randomUUID()) });
    const again = await post(conflictKey);
    expect(again).toMatchObject({ status: 409, body: { detail: '项目已结项' } });
    expect(again.type).toContain('application/problem+json');
    expect(again.headers['idempotency-replayed']).toBe('true');
    expect(recordedCount() - before).toBe(1);

    const failingKey = randomUUID();
    sandbox.answer(RecordExpenditureRpc.subject, { ok: false, error: { code: 'internal', message: 'disk full' } });
    expect((await post(failingKey)).status).toBe(500);
    sandbox.answer(RecordExpenditureRpc.subject, { ok: true, data: recorded(randomUUID()) });
    expect((await post(failingKey)).status).toBe(201);
    expect(recordedCount() - before).toBe(3);
  });

  it('answers 409 with Retry-After to a retry while the first request is still under way', async () => {
    const key = randomUUID();
    const data = recorded(randomUUID());
    sandbox.answer(RecordExpenditureRpc.subject, { ok: true, data }, { delayMs: 800 });
    const before = recordedCount();
    const first = post(key);
    await waitFor('the first request to reach the service', recordedCount, (count) => count === before + 1);
    const meanwhile = await post(key);
    expect(meanwhile.status).toBe(409);
    expect(meanwhile.type).toContain('application/problem+json');
    expect(Number(meanwhile.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await first).status).toBe(201);
    const after = await post(key);
    expect(after).toMatchObject({ status: 201, body: data });
    expect(recordedCount() - before).toBe(1);
  });

  it('sends a write that timed out (503) again with the same request key, so the service applies it once', async () => {
    const key = randomUUID();
    const data = recorded(randomUUID());
    // The service answers a second after the gateway's timeout: it has committed, the caller got a 503.
    sandbox.answer(RecordExpenditureRpc.subject, { ok: true, data }, { delayMs: RPC_TIMEOUT_MS + 1000 });
    const before = recordedCount();
    const timedOut = await post(key);
    expect(timedOut.status).toBe(503);
    expect(timedOut.type).toContain('application/problem+json');
    expect(Number(timedOut.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // The retry reaches the service again, as the same write: the service answers it from its request log
    // (funding's keyed-writes int-spec proves that against the real service).
    sandbox.answer(RecordExpenditureRpc.subject, { ok: true, data });
    const retried = await post(key);
    expect(retried).toMatchObject({ status: 201, body: data });
    expect(recordedCount() - before).toBe(2);
    const keys = sandbox.requestKeys.get(RecordExpenditureRpc.subject)!.slice(-2);
    expect(keys).toEqual([expect.stringMatching(new RegExp(`:${key}$`)), keys[0]]);
    // Another user's same key is another write.
    expect(keys[0]).not.toBeNull();
    const other = await post(key, expenditure, 'lishi');
    expect(other.status).toBe(201);
    expect(sandbox.requestKeys.get(RecordExpenditureRpc.subject)!.at(-1)).not.toBe(keys[0]);
  });

  it('keeps a key for 24 hours: afterwards the same key is a new request', async () => {
    const key = randomUUID();
    const before = recordedCount();
    expect((await post(key)).status).toBe(201);
    const clock = sandbox.app.get(Clock);
    /** The same request a while later (with a token of that time: the sandbox's own would have expired). */
    const postLater = async (laterMs: number) => {
      clock.setNow(new Date(Date.now() + laterMs));
      try {
        const login = await sandbox.send({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'linxian', password: 'duban-demo' },
        });
        return await sandbox.send({
          method: 'POST',
          url: EXPENDITURES,
          payload: expenditure,
          headers: { 'idempotency-key': key, authorization: `Bearer ${login.body.accessToken}` },
        });
      } finally {
        clock.setNow(null);
      }
    };
    const nearlyADayLater = await postLater(24 * 3_600_000 - 60_000);
    expect(nearlyADayLater).toMatchObject({ status: 201, headers: { 'idempotency-replayed': 'true' } });
    expect(recordedCount() - before).toBe(1);
    const aDayLater = await postLater(24 * 3_600_000 + 60_000);
    expect(aDayLater.status).toBe(201);
    expect(aDayLater.headers['idempotency-replayed']).toBeUndefined();
    expect(recordedCount() - before).toBe(2);
  });

  it('applies to every write route (PUT too), and refuses a malformed key with 400 naming the header', async () => {
    const key = randomUUID();
    const scores = { scores: [{ itemId: ITEM, score: 4.5, note: '基本符合' }] };
    sandbox.answer(PutScoresRpc.subject, { ok: false, error: { code: 'not_found', message: '检查不存在' } });
    const put = (idempotencyKey: string) =>
      sandbox.send({
        method: 'PUT',
        url: `/api/inspections/${INSPECTION}/scores`,
        payload: scores,
        username: 'inspector',
        headers: { 'idempotency-key': idempotencyKey },
      });
    expect((await put(key)).status).toBe(404);
    expect((await put(key)).headers['idempotency-replayed']).toBe('true');
    expect(sandbox.received.get(PutScoresRpc.subject)).toHaveLength(1);

    const before = recordedCount();
    for (const bad of ['', 'x'.repeat(256), 'has space', 'clé']) {
      const answer = await post(bad);
      expect({ bad, status: answer.status }).toEqual({ bad, status: 400 });
      expect(answer.body.errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
    }
    expect(recordedCount()).toBe(before);
  });
});
