import { GetDashboardRpc, type Dashboard, type DashboardRow } from '@duban/contracts';
import { demoActors } from '@duban/testing';
import { sentAs, startGatewaySandbox, type GatewaySandbox } from '../core/__fixtures__/gateway-sandbox';

const emptyRow = (code: string, name: string, level: 'city' | 'county'): DashboardRow => ({
  region: { code, name, level },
  countyCount: 0,
  projectCount: 0,
  milestones: { green: 0, yellow: 0, red: 0, done: 0, total: 0 },
  doneShare: null,
  overdue: 0,
  reports: { submitted: 0, returned: 0, accepted: 0, none: 0 },
  latestReport: null,
  light: null,
  latestFigures: null,
  projectId: null,
});

const dashboard: Dashboard = {
  programme: null,
  region: { code: '141100', name: '吕梁市', level: 'city' },
  ancestors: [{ code: '140000', name: '山西省', level: 'province' }],
  asOf: '2023-05-15T02:00:00.000Z',
  total: emptyRow('141100', '吕梁市', 'city'),
  children: [emptyRow('141124', '临县', 'county')],
  project: null,
  series: [],
};

describe('GET /api/dashboard (gateway, projects service stubbed)', () => {
  let sandbox: GatewaySandbox;

  beforeAll(async () => {
    sandbox = await startGatewaySandbox('gwdashboard', [GetDashboardRpc.subject]);
    sandbox.answer(GetDashboardRpc.subject, { ok: true, data: dashboard });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  const get = (query: string, username = 'lvliang') =>
    sandbox.call('GET', `/api/dashboard${query}`, undefined, username);

  it('asks the projects service for the region, as the caller', async () => {
    expect(await get('?region=141100')).toMatchObject({
      status: 200,
      body: { region: { code: '141100' }, children: [{ region: { name: '临县' } }] },
    });
    expect(sandbox.received.get(GetDashboardRpc.subject)?.[0]).toMatchObject({
      region: '141100',
      actor: sentAs(demoActors.lvliang),
    });
  });

  it.each([
    ['no region', '', 'region'],
    ['a malformed region', '?region=1411', 'region'],
    ['a malformed programme id', '?region=141100&programmeId=2023', 'programmeId'],
  ])('answers 400 naming the field for %s, asking no service', async (_label, query, field) => {
    const before = sandbox.received.get(GetDashboardRpc.subject)?.length ?? 0;
    const answer = await get(query);
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((error: { field: string }) => error.field)).toEqual([field]);
    expect(sandbox.received.get(GetDashboardRpc.subject)?.length ?? 0).toBe(before);
  });

  it('answers 404 when the service finds the region out of scope', async () => {
    sandbox.answer(GetDashboardRpc.subject, { ok: false, error: { code: 'not_found', message: '地区不存在' } });
    expect(await get('?region=141100', 'lishi')).toMatchObject({ status: 404, body: { detail: '地区不存在' } });
  });
});
