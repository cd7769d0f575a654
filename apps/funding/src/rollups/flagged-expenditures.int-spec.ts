import {
  ListFlaggedExpendituresRpc,
  RecordExpenditureRpc,
  ReverseExpenditureRpc,
  type ProjectRegisteredData,
} from '@duban/contracts';
import { demoActors, LINXIAN, LISHI } from '@duban/testing';
import { demoProjects, startFundingSandbox, type FundingSandbox } from '../__fixtures__/funding-sandbox';

/**
 * The flagged expenditures of every county under a region, for the city and the province to review without
 * opening each county (issue 16). Real Postgres and NATS.
 */
describe('flagged expenditures across counties', () => {
  let sandbox: FundingSandbox;
  let linxian: ProjectRegisteredData;
  let lishi: ProjectRegisteredData;

  const spend = (project: ProjectRegisteredData, payee: string, source: 'province_employment' | 'county') =>
    sandbox.rpc.call(RecordExpenditureRpc, {
      actor: demoActors.lvliang,
      projectId: project.projectId,
      date: '2023-07-15',
      amountWan: '2.50',
      source,
      // 场地装修 from 就业资金 is flagged (the fund pays for capacity building); from the county's money it is not.
      category: 'fit_out',
      payee,
      note: '',
    });

  beforeAll(async () => {
    sandbox = await startFundingSandbox('flagged', { demo: false });
    const projects = demoProjects();
    linxian = projects.find((p) => p.regionCode === LINXIAN) as ProjectRegisteredData;
    lishi = projects.find((p) => p.regionCode === LISHI) as ProjectRegisteredData;
    await sandbox.register([linxian, lishi]);
  }, 120_000);

  afterAll(async () => {
    await sandbox?.close();
  });

  it('lists each county’s flagged expenditures newest first with its county, reversed ones marked, unflagged ones not', async () => {
    await spend(linxian, '临县装饰公司', 'province_employment');
    await spend(linxian, '临县县级配套装修', 'county');
    const wrong = await spend(lishi, '离石装饰公司', 'province_employment');
    await sandbox.rpc.call(ReverseExpenditureRpc, {
      actor: demoActors.lvliang,
      expenditureId: wrong.id,
      reason: '来源选错',
    });

    const city = await sandbox.rpc.call(ListFlaggedExpendituresRpc, { actor: demoActors.lvliang, region: '141100' });
    expect(
      city.items.map((item) => [item.regionName, item.payee, item.flags.map((flag) => flag.code), !!item.reversedById]),
    ).toEqual([
      // Nothing is allocated in this sandbox: the provincial fund's spending passes its allocation too.
      ['离石区', '离石装饰公司', ['source_category_mismatch', 'over_allocation'], true],
      ['临县', '临县装饰公司', ['source_category_mismatch', 'over_allocation'], false],
    ]);
    expect(city.truncated).toBe(false);
    const province = await sandbox.rpc.call(ListFlaggedExpendituresRpc, {
      actor: demoActors.province,
      region: '140000',
    });
    expect(province.items.map((item) => item.payee).sort()).toEqual(['临县装饰公司', '离石装饰公司']);
  });

  it('refuses a county officer (403) and a city outside its region (404)', async () => {
    await expect(
      sandbox.rpc.call(ListFlaggedExpendituresRpc, { actor: demoActors.linxian, region: LINXIAN }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      sandbox.rpc.call(ListFlaggedExpendituresRpc, { actor: demoActors.taiyuan, region: '141100' }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});
