import { Clock } from '@duban/platform';
import { startGatewaySandbox, type GatewaySandbox } from '../core/__fixtures__/gateway-sandbox';

const MINUTE = new Date('2024-03-01T09:00:05.000Z');

/**
 * Every 401 used to write its own append-only audit row: a flood of bad tokens grew the trail without bound
 * (issue 12, finding 9). Now refusals are audited within a budget per minute, the rest counted in one row.
 */
describe('auditing refused requests, bounded', () => {
  let sandbox: GatewaySandbox;
  const rows = async () =>
    (
      await sandbox.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM gateway.audit_log WHERE action LIKE 'auth.%' AND outcome = 'denied'`,
      )
    )[0]?.n ?? 0;
  const badToken = (remoteAddress: string, i: number) =>
    sandbox.send({
      method: 'GET',
      url: '/api/me',
      headers: { authorization: `Bearer not.a.token${i}` },
      remoteAddress,
    });

  beforeAll(async () => {
    sandbox = await startGatewaySandbox('refusalaudit', []);
  });

  afterAll(async () => {
    sandbox.app.get(Clock).setNow(null);
    await sandbox?.close();
  });

  it('writes at most 10 rows for 1,000 bad tokens from one address in a minute, then one row counting the rest', async () => {
    const clock = sandbox.app.get(Clock);
    clock.setNow(MINUTE);
    const before = await rows();
    for (let i = 0; i < 1000; i++) expect((await badToken('127.0.0.5', i)).status).toBe(401);
    expect((await rows()) - before).toBe(10);

    // The next minute's first refusal brings the summary of the last one.
    clock.setNow(new Date(MINUTE.getTime() + 60_000));
    const trigger = await badToken('127.0.0.5', 1000);
    expect(trigger.status).toBe(401);
    expect((await rows()) - before).toBe(12);
    const [summary] = await sandbox.db.query<{
      target_id: string;
      after: Record<string, unknown>;
      correlation_id: string;
    }>(
      `SELECT target_id, after, correlation_id FROM gateway.audit_log
        WHERE action = 'auth.refusals-summary' ORDER BY id DESC LIMIT 1`,
    );
    // Written in a correlation of its own: the request that made it due is not what it is about.
    expect(trigger.headers['x-correlation-id']).toEqual(expect.any(String));
    expect(summary?.correlation_id).not.toBe(trigger.headers['x-correlation-id']);
    expect(summary).toEqual({
      correlation_id: expect.any(String),
      target_id: '2024-03-01T09:00:00.000Z',
      after: expect.objectContaining({
        unwritten: 990,
        byAction: { 'auth.authenticate': 990 },
        addresses: 1,
        top: [{ address: '127.0.0.5', count: 990 }],
      }),
    });
  });

  it('writes at most 100 rows a minute for 1,000 bad tokens from 500 addresses, and one summary', async () => {
    const clock = sandbox.app.get(Clock);
    clock.setNow(new Date(MINUTE.getTime() + 120_000));
    const before = await rows();
    for (let i = 0; i < 1000; i++) {
      expect((await badToken(`127.1.${Math.floor(i / 250)}.${(i % 250) + 1}`, i)).status).toBe(401);
    }
    expect((await rows()) - before).toBe(100);
    clock.setNow(new Date(MINUTE.getTime() + 180_000));
    expect((await badToken('127.0.0.6', 0)).status).toBe(401);
    // The summary of the minute, and the new minute's first refusal.
    expect((await rows()) - before).toBe(102);
    const [summary] = await sandbox.db.query<{ after: { unwritten: number } }>(
      `SELECT after FROM gateway.audit_log WHERE action = 'auth.refusals-summary' ORDER BY id DESC LIMIT 1`,
    );
    expect(summary?.after.unwritten).toBe(900);
  });
});
