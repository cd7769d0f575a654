import {
  AuditListRpc,
  CancelInspectionRpc,
  OpenInspectionRpc,
  PutScoresRpc,
  SignInspectionRpc,
  type Actor,
  type InspectionView,
} from '@duban/contracts';
import { demoActors, LINXIAN } from '@duban/testing';
import { failure, startEvaluationSandbox, type EvaluationSandbox } from '../__fixtures__/evaluation-sandbox';

/** Issue 16: the city withdraws an inspection it opened by mistake, while nobody has signed it. */
describe('cancelling a mistaken inspection (real Postgres and NATS)', () => {
  let sandbox: EvaluationSandbox;
  let linxian: string;

  beforeAll(async () => {
    sandbox = await startEvaluationSandbox('cancel');
    linxian = sandbox.projects[LINXIAN] as string;
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  const open = (date = '2023-10-20') =>
    sandbox.rpc.call(OpenInspectionRpc, {
      actor: demoActors.lvliang,
      projectId: linxian,
      kind: 'inspection',
      date,
      inspectors: ['inspector'],
    });
  const cancel = (actor: Actor, inspection: InspectionView, reason = '日期选错，重新发起') =>
    sandbox.rpc.call(CancelInspectionRpc, { actor, inspectionId: inspection.id, reason });
  const deadlineEvents = async () =>
    (
      await sandbox.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM evaluation.outbox WHERE subject LIKE 'duban.evaluation.deadline.%'`,
      )
    )[0]?.n;

  it('withdraws an open inspection: kept, read-only, with who, when and why; audited with its county', async () => {
    const mistaken = await open('2023-10-02');
    const cancelled = await cancel(demoActors.lvliang, mistaken);
    expect(cancelled).toMatchObject({
      id: mistaken.id,
      status: 'cancelled',
      cancellation: { username: 'lvliang', name: '吕梁市人社局', reason: '日期选错，重新发起' },
      version: mistaken.version + 1,
    });
    expect(Date.parse(cancelled.cancellation?.at ?? '')).not.toBeNaN();

    const rows = await sandbox.auditRows({ action: 'inspection.cancel', outcome: 'done' });
    expect(rows).toHaveLength(1);
    const [row] = await sandbox.db.query<Record<string, unknown>>(
      `SELECT actor_username, region_code, before, after FROM evaluation.audit_log
        WHERE action = 'inspection.cancel' AND outcome = 'done'`,
    );
    expect(row).toEqual({
      actor_username: 'lvliang',
      region_code: LINXIAN,
      before: { status: 'open', date: '2023-10-02', inspectors: ['inspector'] },
      after: { status: 'cancelled', reason: '日期选错，重新发起' },
    });
    // An unsigned inspection has no rectification items, so there is no deadline to clear.
    expect(await deadlineEvents()).toBe(0);

    // Nothing changes a withdrawn inspection: no score, no signature, no second cancellation, no re-inspection.
    const before = await sandbox.writeCounts();
    const itemId = mistaken.items[0]?.id as string;
    expect(
      await failure(
        sandbox.rpc.call(PutScoresRpc, {
          actor: demoActors.inspector,
          inspectionId: mistaken.id,
          scores: [{ itemId, score: 1, note: '' }],
        }),
      ),
    ).toMatchObject({ code: 'conflict', message: '该验收检查已撤销，不能修改' });
    expect(
      await failure(
        sandbox.rpc.call(SignInspectionRpc, { actor: demoActors.inspector, inspectionId: mistaken.id, name: '王验收' }),
      ),
    ).toMatchObject({ code: 'conflict', message: '该验收检查已撤销，不能修改' });
    expect(await failure(cancel(demoActors.lvliang, mistaken))).toMatchObject({
      code: 'conflict',
      message: '该验收检查已撤销',
    });
    expect(
      await failure(
        sandbox.rpc.call(OpenInspectionRpc, {
          actor: demoActors.lvliang,
          projectId: linxian,
          kind: 'inspection',
          date: '2023-12-01',
          inspectors: ['inspector'],
          reinspectionOf: mistaken.id,
        }),
      ),
    ).toMatchObject({ code: 'conflict', message: '首次检查签字完成后才能复查' });
    expect(await sandbox.writeCounts()).toEqual(before);
  });

  it('refuses the county and the inspector (403), another city (404), and a missing reason (400): nothing written', async () => {
    const inspection = await open();
    const before = await sandbox.writeCounts();
    expect(await failure(cancel(demoActors.linxian, inspection))).toMatchObject({
      code: 'forbidden',
      message: '县级专班无权撤销验收检查（由市局或省级撤销）',
    });
    expect(await failure(cancel(demoActors.inspector, inspection))).toMatchObject({ code: 'forbidden' });
    expect(await failure(cancel(demoActors.taiyuan, inspection))).toMatchObject({
      code: 'not_found',
      message: '验收检查不存在',
    });
    const blank = await failure(cancel(demoActors.lvliang, inspection, ' '));
    expect(blank).toMatchObject({ code: 'validation_failed' });
    expect(blank.errors).toEqual([{ field: 'reason', message: '请填写撤销原因（至少 2 个字）' }]);
    expect(await sandbox.writeCounts()).toEqual(before);
    expect(await sandbox.auditRows({ action: 'inspection.cancel', outcome: 'denied' })).toHaveLength(3);
    // The province may withdraw it too.
    expect(await cancel(demoActors.province, inspection, '重复发起')).toMatchObject({ status: 'cancelled' });
  });

  it('refuses once the inspector has signed (409, in Chinese), and records the refusal', async () => {
    const inspection = await open();
    await sandbox.rpc.call(PutScoresRpc, {
      actor: demoActors.inspector,
      inspectionId: inspection.id,
      scores: inspection.items.map((item) => ({ itemId: item.id, score: item.maxPoints, note: '' })),
    });
    await sandbox.rpc.call(SignInspectionRpc, {
      actor: demoActors.inspector,
      inspectionId: inspection.id,
      name: '王验收',
    });
    const before = await sandbox.writeCounts();
    expect(await failure(cancel(demoActors.lvliang, inspection))).toMatchObject({
      code: 'conflict',
      message: '验收检查已签字，不能撤销',
    });
    expect(await sandbox.writeCounts()).toEqual(before);
    const refused = await sandbox.auditRows({
      action: 'inspection.cancel',
      outcome: 'refused',
      targetId: inspection.id,
    });
    expect(refused.map((row) => row.detail)).toEqual(['验收检查已签字，不能撤销']);
  });

  it('reads the trail by region, person and period for the province only (evaluation.audit.list)', async () => {
    const list = (
      filter: { region?: string; username?: string; from?: string; to?: string },
      actor = demoActors.province,
    ) => sandbox.rpc.call(AuditListRpc.evaluation, { actor, page: 1, pageSize: 2, ...filter });
    const cancels = await sandbox.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM evaluation.audit_log WHERE region_code = $1`,
      [LINXIAN],
    );
    const byCounty = await list({ region: LINXIAN });
    expect(byCounty.total).toBe(cancels[0]?.n);
    expect(byCounty.items).toHaveLength(2);
    // The city's region holds its counties' rows and its own officer's; another city's none.
    const inCity = await sandbox.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM evaluation.audit_log WHERE region_code LIKE '1411%'`,
    );
    expect(inCity[0]?.n).toBeGreaterThan(byCounty.total);
    expect((await list({ region: '141100' })).total).toBe(inCity[0]?.n);
    expect((await list({ region: '140100' })).total).toBe(0);
    const byLvliang = await list({ username: 'lvliang' });
    expect(byLvliang.items.every((item) => item.actorUsername === 'lvliang')).toBe(true);
    expect(byLvliang.items[0]).toMatchObject({ action: 'inspection.cancel', outcome: 'refused' });
    expect((await list({ from: '2000-01-01', to: '2000-12-31' })).total).toBe(0);
    const page2 = await sandbox.rpc.call(AuditListRpc.evaluation, {
      actor: demoActors.province,
      region: LINXIAN,
      page: 2,
      pageSize: 2,
    });
    expect(page2.items.map((item) => item.id)).not.toContain(byCounty.items[0]?.id);
    expect(await failure(list({}, demoActors.lvliang))).toMatchObject({ code: 'forbidden' });
  });
});
