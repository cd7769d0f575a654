import { AuditListRpc, CancelInspectionRpc, ListRubricsRpc, type AuditPage } from '@duban/contracts';
import { sentAs, startGatewaySandbox, type GatewaySandbox } from '../core/__fixtures__/gateway-sandbox';
import { demoActors } from '@duban/testing';

const INSPECTION = '0190a3c4-0000-7000-8000-000000000101';
const SUBJECTS = [AuditListRpc.funding.subject, CancelInspectionRpc.subject, ListRubricsRpc.subject];

const fundingPage: AuditPage = {
  service: 'funding',
  items: [
    {
      id: '41',
      at: '2026-12-05T02:00:00.000Z',
      actorUserId: 'u-lvliang',
      actorUsername: 'lvliang',
      actorRole: 'city_officer',
      action: 'expenditure.reverse',
      targetType: 'expenditure',
      targetId: 'e-1',
      outcome: 'done',
      regionCode: '141124',
      before: { amountWan: '2.50' },
      after: { amountWan: '-2.50' },
      detail: null,
      correlationId: 'c-1',
    },
  ],
  total: 1,
  page: 1,
  pageSize: 50,
};

/**
 * The audit screen's route and the inspection's cancellation at the gateway: the gateway's own trail read
 * for real (its logins), a service's trail asked over its RPC (stubbed here), bad filters and bodies 400
 * naming the field before any service is asked, and only the province reads audit, only city/province cancel.
 */
describe('audit entries and inspection cancel (gateway; services stubbed)', () => {
  let sandbox: GatewaySandbox;
  const sent = (subject: string) => sandbox.received.get(subject)?.length ?? 0;

  beforeAll(async () => {
    sandbox = await startGatewaySandbox('gwaudit', SUBJECTS);
    sandbox.answer(AuditListRpc.funding.subject, { ok: true, data: fundingPage });
    sandbox.answer(CancelInspectionRpc.subject, {
      ok: false,
      error: { code: 'conflict', message: '验收检查已签字，不能撤销' },
    });
    sandbox.answer(ListRubricsRpc.subject, { ok: true, data: { items: [] } });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it("counts the gateway's own entries by person, region and period, paged, newest first", async () => {
    // Each first call logs its user in: three logins, two in 吕梁 (the city and 临县), one province.
    for (const username of ['province', 'lvliang', 'linxian']) await sandbox.tokenFor(username);
    const get = async (query: string) => {
      const answer = await sandbox.call('GET', `/api/audit/entries?service=gateway&${query}`, undefined, 'province');
      expect(answer.status).toBe(200);
      return answer.body as AuditPage;
    };
    const logins = (page: AuditPage) => page.items.filter((item) => item.action === 'auth.login').length;

    const all = await get('pageSize=200');
    expect(logins(all)).toBe(3);
    expect(all.total).toBe(all.items.length);
    const lvliang = await get('username=lvliang');
    expect(lvliang).toMatchObject({ total: 1, page: 1, pageSize: 50 });
    expect(lvliang.items[0]).toMatchObject({ actorUsername: 'lvliang', action: 'auth.login', regionCode: '141100' });
    const inCity = await get('region=141100');
    expect(inCity.total).toBe(2);
    expect(inCity.items.map((item) => item.actorUsername).sort()).toEqual(['linxian', 'lvliang']);
    expect((await get('region=141124')).total).toBe(1);
    expect((await get('region=140100')).total).toBe(0);
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    expect((await get(`from=${today}&to=${today}&pageSize=200`)).total).toBe(all.total);
    expect((await get('from=2020-01-01&to=2020-12-31')).total).toBe(0);
    const first = await get('pageSize=1&page=1');
    const second = await get('pageSize=1&page=2');
    expect(first.items).toHaveLength(1);
    expect(Number(first.items[0]?.id)).toBeGreaterThan(Number(second.items[0]?.id));
  });

  it('asks a service for its trail with the filter and the caller, and answers its page', async () => {
    const answer = await sandbox.call(
      'GET',
      '/api/audit/entries?service=funding&region=141100&username=lvliang&from=2026-12-01&to=2026-12-31&page=1&pageSize=20',
      undefined,
      'province',
    );
    expect(answer).toMatchObject({ status: 200, body: { service: 'funding', total: 1 } });
    expect(answer.body.items[0]).toMatchObject({ action: 'expenditure.reverse', before: { amountWan: '2.50' } });
    expect(sandbox.received.get(AuditListRpc.funding.subject)).toEqual([
      {
        actor: expect.objectContaining(sentAs(demoActors.province)),
        region: '141100',
        username: 'lvliang',
        from: '2026-12-01',
        to: '2026-12-31',
        page: 1,
        pageSize: 20,
      },
    ]);
  });

  it('refuses bad filters (400 naming the field) and anyone but the province (403), asking no service', async () => {
    const before = sent(AuditListRpc.funding.subject);
    const bad = async (query: string, field: string, message: string) => {
      const answer = await sandbox.call('GET', `/api/audit/entries?${query}`, undefined, 'province');
      expect(answer.status).toBe(400);
      expect(answer.type).toContain('application/problem+json');
      expect(answer.body.errors).toEqual([{ field, message }]);
    };
    await bad('service=nobody', 'service', '必须是 projects、funding、evaluation、notifications 或 gateway');
    await bad('service=funding&region=1411', 'region', '必须是 6 位行政区划代码');
    await bad('service=funding&from=2026-12-09&to=2026-12-01', 'to', '结束日期不能早于开始日期');
    await bad('service=funding&pageSize=500', 'pageSize', '每页不能超过 200 条');
    expect((await sandbox.call('GET', '/api/audit/entries?service=funding', undefined, 'lvliang')).status).toBe(403);
    expect(sent(AuditListRpc.funding.subject)).toBe(before);
  });

  it('cancels through the service: reason required (400), county 403, the service’s 409 in Chinese', async () => {
    const url = `/api/inspections/${INSPECTION}/cancel`;
    const blank = await sandbox.call('POST', url, { reason: '' }, 'lvliang');
    expect(blank.status).toBe(400);
    expect(blank.body.errors).toEqual([{ field: 'reason', message: '请填写撤销原因（至少 2 个字）' }]);
    expect((await sandbox.call('POST', url, { reason: '发起错了' }, 'linxian')).status).toBe(403);
    expect(sent(CancelInspectionRpc.subject)).toBe(0);
    const signed = await sandbox.call('POST', url, { reason: '发起错了' }, 'lvliang');
    expect(signed).toMatchObject({ status: 409, body: { detail: '验收检查已签字，不能撤销' } });
    expect(sandbox.received.get(CancelInspectionRpc.subject)).toEqual([
      { actor: expect.objectContaining(sentAs(demoActors.lvliang)), inspectionId: INSPECTION, reason: '发起错了' },
    ]);
    expect((await sandbox.call('GET', '/api/rubrics', undefined, 'province')).body).toEqual({ items: [] });
  });
});
