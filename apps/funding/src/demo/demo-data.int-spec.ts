import { DEMO_PROGRAMME_CODE, fenToWan, liveDemoProgrammeCode } from '@duban/contracts';
import { Transactions } from '@duban/platform';
import { demoProjects, startFunding, startFundingSandbox, type FundingSandbox } from '../__fixtures__/funding-sandbox';
import { ProgrammeBudgetsRepository } from '../programme-budgets/programme-budgets.repository';

describe('funding demo data', () => {
  let sandbox: FundingSandbox;
  const budgetOf = (app: FundingSandbox['app'], programmeCode = DEMO_PROGRAMME_CODE) =>
    app.get(ProgrammeBudgetsRepository).findByProgramme(app.get(Transactions).none, programmeCode);
  /** Each county's allocation from `source` in a programme, by region code. */
  const countyAllocations = async (programmeCode: string, source: string) =>
    (
      await sandbox.db.query<{ region: string; fen: string }>(
        `SELECT p.region_code AS region, a.amount_fen::text AS fen FROM funding.allocation a
           JOIN funding.project p ON p.project_id = a.project_id
          WHERE p.programme_code = $1 AND a.source = $2 ORDER BY p.region_code`,
        [programmeCode, source],
      )
    ).map((row) => `${row.region} ${row.fen}`);
  const allocations = () =>
    sandbox.db.query<{ source: string; n: number; fen: string }>(
      `SELECT source, count(*)::int AS n, sum(amount_fen)::text AS fen FROM funding.allocation
        GROUP BY source ORDER BY source`,
    );

  beforeAll(async () => {
    sandbox = await startFundingSandbox('demo', {
      demo: true,
      // Two replicas starting at once on an empty database: both must start, and load the data once.
      start: async (env) => {
        const [first, second] = await Promise.all([startFunding(env), startFunding(env)]);
        await second.close();
        return first;
      },
    });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it('loads the province’s 2023 budget: 3470.00 + 5850.00 = 9320.00万元', async () => {
    const budget = await budgetOf(sandbox.app);
    expect(budget.map((line) => [line.source, line.amountFen])).toEqual([
      ['province_special', 3_470_000_000n],
      ['province_employment', 5_850_000_000n],
    ]);
    expect(budget.map((line) => fenToWan(line.amountFen))).toEqual(['3470.00', '5850.00']);
    expect(fenToWan(budget.reduce((sum, line) => sum + line.amountFen, 0n))).toBe('9320.00');
  });

  it('allocates as the projects arrive: 50.00 to each, and the special fund once all 117 are known', async () => {
    const projects = demoProjects();
    await sandbox.register(projects.slice(0, 116));
    expect(await allocations()).toEqual([{ source: 'province_employment', n: 116, fen: '5800000000' }]);
    await sandbox.register(projects.slice(116));
    expect(await allocations()).toEqual([
      { source: 'province_employment', n: 117, fen: '5850000000' },
      { source: 'province_special', n: 117, fen: '3470000000' },
    ]);
    expect(await sandbox.auditRows({ action: 'allocation.demo', targetId: DEMO_PROGRAMME_CODE })).toHaveLength(1);
  });

  it('gives the live demo’s copy of the programme for a later year the same money, and any other programme none', async () => {
    const live = liveDemoProgrammeCode(2026);
    const copies = demoProjects().map((project) => ({
      ...project,
      programmeId: '0190a3c4-0000-7000-8000-00000000a026',
      programmeCode: live,
      programmeYear: 2026,
      history: false,
    }));
    await sandbox.register(copies.slice(0, 1));
    expect((await budgetOf(sandbox.app, live)).map((line) => [line.source, fenToWan(line.amountFen)])).toEqual([
      ['province_special', '3470.00'],
      ['province_employment', '5850.00'],
    ]);
    expect(await countyAllocations(live, 'province_special')).toEqual([]);
    await sandbox.register(copies.slice(1));
    // The same rule over the same counties: each county gets what it got in 2023.
    for (const source of ['province_employment', 'province_special']) {
      const counties = await countyAllocations(live, source);
      expect(counties).toHaveLength(117);
      expect(counties).toEqual(await countyAllocations(DEMO_PROGRAMME_CODE, source));
    }
    expect(await sandbox.auditRows({ action: 'allocation.demo', targetId: live })).toHaveLength(1);

    // A programme the province sets up itself is not demo data.
    const own = 'gig-markets-2027-140000';
    await sandbox.register([
      { ...copies[0]!, projectId: crypto.randomUUID(), programmeCode: own, programmeYear: 2027 },
    ]);
    expect(await budgetOf(sandbox.app, own)).toEqual([]);
    expect(await countyAllocations(own, 'province_employment')).toEqual([]);
  });

  it('changes nothing when the service starts again', async () => {
    const before = { budget: await budgetOf(sandbox.app), allocations: await allocations() };
    const audits = (await sandbox.auditRows()).length;
    const again = await startFunding(sandbox.env);
    try {
      expect({ budget: await budgetOf(again), allocations: await allocations() }).toEqual(before);
      expect(await sandbox.auditRows()).toHaveLength(audits);
    } finally {
      await again.close();
    }
  });
});
