import { randomUUID } from 'node:crypto';
import { RecordExpenditureRpc, type ProjectRegisteredData } from '@duban/contracts';
import { RequestKeyContext } from '@duban/platform';
import { demoActors, LINXIAN, withCommitsUnheard } from '@duban/testing';
import { DataSource } from 'typeorm';
import { demoProjects, startFundingSandbox, type FundingSandbox } from '../__fixtures__/funding-sandbox';

/**
 * A write sent with a request key (the gateway's Idempotency-Key) is applied once at the service, however
 * often it arrives: the case where the gateway never got the first answer (a NATS restart, a timeout) and
 * sends the write again. Real Postgres and NATS.
 */
describe('keyed writes: one expenditure per request key, the first answer to every retry', () => {
  let sandbox: FundingSandbox;
  let linxian: ProjectRegisteredData;

  beforeAll(async () => {
    sandbox = await startFundingSandbox('keyed', { demo: false });
    const projects = demoProjects();
    linxian = projects.find((p) => p.regionCode === LINXIAN) as ProjectRegisteredData;
    await sandbox.register([linxian]);
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  function expenditure(payee: string, amountWan = '1.25') {
    return {
      actor: demoActors.linxian,
      projectId: linxian.projectId,
      date: '2023-06-01',
      amountWan,
      source: 'province_employment' as const,
      category: 'training' as const,
      payee,
      note: '重复投递',
    };
  }

  async function ledgerRows(payee: string): Promise<number> {
    const [row] = await sandbox.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM funding.expenditure WHERE payee = $1`,
      [payee],
    );
    return row!.n;
  }

  it('answers the same record to a retry and to five concurrent deliveries, and records one ledger row and one event', async () => {
    const key = `linxian:${randomUUID()}`;
    const outboxBefore = (await sandbox.writeCounts()).outbox;
    const deliveries = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        sandbox.rpc.call(RecordExpenditureRpc, expenditure('并发培训学校'), undefined, { requestKey: key }),
      ),
    );
    const answered = deliveries.flatMap((d) => (d.status === 'fulfilled' ? [d.value] : []));
    // A delivery that met the first between its commit and its stored answer is told to try again (503).
    for (const d of deliveries)
      if (d.status === 'rejected') expect(d.reason).toMatchObject({ code: 'service_unavailable' });
    expect(answered.length).toBeGreaterThanOrEqual(1);
    expect(new Set(answered.map((a) => a.id)).size).toBe(1);

    const retry = await sandbox.rpc.call(RecordExpenditureRpc, expenditure('并发培训学校'), undefined, {
      requestKey: key,
    });
    expect(retry).toEqual(answered[0]);
    expect(await ledgerRows('并发培训学校')).toBe(1);
    expect((await sandbox.writeCounts()).outbox).toBe(outboxBefore + 1);
  });

  it('answers the retry of a write whose commit went through unheard (the connection lost at that moment), and records it once', async () => {
    const key = `linxian:${randomUUID()}`;
    // The COMMIT is done, then the driver reports the connection gone.
    await withCommitsUnheard(
      sandbox.app.get(DataSource),
      () => RequestKeyContext.current()?.key === key,
      async () => {
        await expect(
          sandbox.rpc.call(RecordExpenditureRpc, expenditure('断线培训学校'), undefined, { requestKey: key }),
        ).rejects.toMatchObject({ code: 'service_unavailable' });
      },
    );
    const [recorded] = await sandbox.db.query<{ id: string }>(
      `SELECT id FROM funding.expenditure WHERE payee = '断线培训学校'`,
    );

    const retry = await sandbox.rpc.call(RecordExpenditureRpc, expenditure('断线培训学校'), undefined, {
      requestKey: key,
    });
    expect(retry).toMatchObject({ id: recorded!.id, payee: '断线培训学校', amountWan: '1.25' });
    expect(await ledgerRows('断线培训学校')).toBe(1);
  });

  it('records a refused write nothing, so the same key may be sent again once corrected', async () => {
    const key = `linxian:${randomUUID()}`;
    await expect(
      sandbox.rpc.call(RecordExpenditureRpc, expenditure('被拒学校', '0.00'), undefined, { requestKey: key }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    const [logged] = await sandbox.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM funding.request_log WHERE key = $1`,
      [key],
    );
    expect(logged!.n).toBe(0);
    const recorded = await sandbox.rpc.call(RecordExpenditureRpc, expenditure('被拒学校'), undefined, {
      requestKey: key,
    });
    expect(recorded.amountWan).toBe('1.25');
    expect(await ledgerRows('被拒学校')).toBe(1);
  });

  it('applies writes without a key, or with different keys, each time', async () => {
    await sandbox.rpc.call(RecordExpenditureRpc, expenditure('无键学校'));
    await sandbox.rpc.call(RecordExpenditureRpc, expenditure('无键学校'));
    await sandbox.rpc.call(RecordExpenditureRpc, expenditure('无键学校'), undefined, {
      requestKey: `k:${randomUUID()}`,
    });
    expect(await ledgerRows('无键学校')).toBe(3);
  });
});
