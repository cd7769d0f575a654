import { waitFor } from '@duban/testing';
import { System } from './system';

/**
 * The "done when", with the five apps as processes in demo mode: funding hears of the 117 projects
 * from the projects service's events, loads the 2023 allocations, and a flagged expenditure reaches the
 * city officer through the notifications service.
 */
describe('funding, end to end', () => {
  let system: System;
  const tokens = new Map<string, string>();

  const token = async (username: string) => {
    const known = tokens.get(username);
    if (known) return known;
    const { body } = await system.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'duban-demo' }),
    });
    tokens.set(username, body.accessToken);
    return body.accessToken as string;
  };
  const as = async (username: string, path: string, init: RequestInit = {}) =>
    system.request(path, {
      ...init,
      headers: {
        authorization: `Bearer ${await token(username)}`,
        'content-type': 'application/json',
        ...init.headers,
      },
    });

  beforeAll(async () => {
    system = await System.start('funding', { DUBAN_DEMO: 'true' });
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('shows the province 3,470.00 + 5,850.00 = 9,320.00 and 临县 10.00 + 50.00 = 60.00', async () => {
    const rollup = await waitFor(
      'the demo allocations',
      () => as('province', '/api/funding/rollup?region=140000'),
      (answer) => answer.status === 200 && answer.body.region.all.allocatedWan === '9320.00',
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(rollup.body.budget).toEqual([
      { source: 'province_special', budgetWan: '3470.00', allocatedWan: '3470.00', unallocatedWan: '0.00' },
      { source: 'province_employment', budgetWan: '5850.00', allocatedWan: '5850.00', unallocatedWan: '0.00' },
    ]);
    const lvliang = await as('lvliang', '/api/funding/rollup?region=141100');
    const linxian = lvliang.body.children.find((c: { regionCode: string }) => c.regionCode === '141124');
    expect(linxian.all.allocatedWan).toBe('60.00');
    expect(linxian.bySource.slice(0, 2).map((s: { allocatedWan: string }) => s.allocatedWan)).toEqual([
      '10.00',
      '50.00',
    ]);
    const annex4 = await as('province', '/api/funding/annex4?region=140000');
    expect(annex4.body.regionName).toBe('山西省');
    expect(annex4.body.total).toMatchObject({
      counties: 117,
      population: 34804758,
      populationBasis: 'region',
      populationSources: ['山西统计年鉴-2022（2021年末常住人口）'],
      specialWan: '3470.00',
      employmentWan: '5850.00',
      totalWan: '9320.00',
    });
  });

  it('lets 临县 record an expenditure and see it; a special-fund training expenditure is flagged and 吕梁 is told', async () => {
    const [project] = (await as('linxian', '/api/projects?region=141124')).body;
    const spend = (body: Record<string, string>) =>
      as('linxian', `/api/projects/${project.id}/expenditures`, {
        method: 'POST',
        body: JSON.stringify({ date: '2023-06-01', payee: '临县职业培训学校', note: '零工技能培训', ...body }),
      });
    const ok = await spend({ amountWan: '2.50', source: 'province_employment', category: 'training' });
    expect(ok).toMatchObject({ status: 201, body: { flags: [] } });
    const funding = await as('linxian', `/api/projects/${project.id}/funding`);
    expect(funding.body.totals.all.spentWan).toBe('2.50');

    const flagged = await spend({ amountWan: '1.20', source: 'province_special', category: 'training' });
    expect(flagged.body.flags).toEqual([
      { code: 'source_category_mismatch', message: '财政专项资金不得用于培训（能力建设）支出' },
    ]);
    const inbox = await waitFor(
      '吕梁’s city officer to be notified',
      () => as('lvliang', '/api/me/notifications'),
      (answer) =>
        answer.status === 200 &&
        (answer.body.items ?? answer.body).some((n: { subjectId: string }) => n.subjectId === flagged.body.id),
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(inbox.status).toBe(200);

    // The correction is a reversal entry; the flagged original stays, with its flags; only once.
    const reverse = () =>
      as('lvliang', `/api/expenditures/${flagged.body.id}/reverse`, {
        method: 'POST',
        body: JSON.stringify({ reason: '误用财政专项资金，改由就业资金列支' }),
      });
    const reversed = await reverse();
    expect(reversed).toMatchObject({ status: 201, body: { amountWan: '-1.20', reversesId: flagged.body.id } });
    expect((await reverse()).status).toBe(409);
    const corrected = await as('linxian', `/api/projects/${project.id}/funding`);
    expect(corrected.body.totals.all.spentWan).toBe('2.50');
    expect(corrected.body.expenditures.find((e: { id: string }) => e.id === flagged.body.id)).toMatchObject({
      reversedById: reversed.body.id,
      flags: flagged.body.flags,
    });

    const denied = await as('linxian', `/api/projects/${project.id}/allocations`, {
      method: 'PUT',
      body: JSON.stringify({ allocations: [{ source: 'province_special', amountWan: '99.00' }] }),
    });
    expect(denied.status).toBe(403);
    const bad = await spend({ amountWan: '1.234', source: 'province_special', category: 'hardware' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'amountWan' })]);
  });
});
