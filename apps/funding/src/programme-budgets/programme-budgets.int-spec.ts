import {
  DEMO_PROGRAMME_CODE,
  GetAnnex4Rpc,
  GetFundingRollupRpc,
  GetProgrammeBudgetRpc,
  SetAllocationsRpc,
  SetProgrammeBudgetRpc,
  type ProjectRegisteredData,
} from '@duban/contracts';
import { demoActors, LINXIAN } from '@duban/testing';
import {
  demoProjects,
  registeredProject,
  startFundingSandbox,
  type FundingSandbox,
} from '../__fixtures__/funding-sandbox';

/**
 * A programme's budget per source (real Postgres and NATS; the demo's 2023 budget 3,470.00 + 5,850.00, fully
 * allocated over the 117 projects registered by event).
 */
describe('programme budgets', () => {
  let sandbox: FundingSandbox;
  let linxian: ProjectRegisteredData;

  beforeAll(async () => {
    sandbox = await startFundingSandbox('budgets', { demo: true });
    const projects = demoProjects();
    linxian = projects.find((p) => p.regionCode === LINXIAN) as ProjectRegisteredData;
    await sandbox.register(projects);
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  const budgetRow = async (source: string) =>
    (
      (await sandbox.db.query(
        `SELECT amount_fen::text AS fen FROM funding.programme_budget WHERE programme_code = $1 AND source = $2`,
        [DEMO_PROGRAMME_CODE, source],
      )) as { fen: string }[]
    )[0]?.fen ?? null;

  it('shows the 2023 budget per source with what is allocated and what remains', async () => {
    const budget = await sandbox.rpc.call(GetProgrammeBudgetRpc, {
      actor: demoActors.lvliang,
      programme: DEMO_PROGRAMME_CODE,
    });
    expect(budget).toEqual({
      programmeCode: DEMO_PROGRAMME_CODE,
      lines: [
        { source: 'province_special', budgetWan: '3470.00', allocatedWan: '3470.00', unallocatedWan: '0.00' },
        { source: 'province_employment', budgetWan: '5850.00', allocatedWan: '5850.00', unallocatedWan: '0.00' },
      ],
    });
  });

  it('refuses to lower a budget below what is allocated: 409 with the amounts, nothing written, audited', async () => {
    const before = await sandbox.writeCounts();
    await expect(
      sandbox.rpc.call(SetProgrammeBudgetRpc, {
        actor: demoActors.province,
        programmeCode: DEMO_PROGRAMME_CODE,
        budgets: [
          { source: 'province_employment', amountWan: '6000.00' },
          { source: 'province_special', amountWan: '3469.99' },
        ],
      }),
    ).rejects.toMatchObject({
      code: 'conflict',
      message:
        '财政专项资金预算 3469.99万元 低于已分配给各县的 3470.00万元（原预算 3470.00万元；须先减少各县分配 0.01万元）',
    });
    // The employment line before it in the same request is not written either: one transaction.
    expect(await sandbox.writeCounts()).toEqual(before);
    expect(await budgetRow('province_employment')).toBe('5850000000');
    expect(await sandbox.auditRows({ action: 'budget.set', outcome: 'refused' })).toEqual([
      expect.objectContaining({ actor_username: 'province', target_id: DEMO_PROGRAMME_CODE }),
    ]);
  });

  it('raises a budget, adds a source’s budget and lowers one to exactly what is allocated, audited before/after', async () => {
    const before = await sandbox.writeCounts();
    const raised = await sandbox.rpc.call(SetProgrammeBudgetRpc, {
      actor: demoActors.province,
      programmeCode: DEMO_PROGRAMME_CODE,
      budgets: [
        { source: 'province_special', amountWan: '3500.00' },
        { source: 'city', amountWan: '200.50' },
      ],
    });
    expect(raised.lines).toEqual([
      { source: 'province_special', budgetWan: '3500.00', allocatedWan: '3470.00', unallocatedWan: '30.00' },
      { source: 'province_employment', budgetWan: '5850.00', allocatedWan: '5850.00', unallocatedWan: '0.00' },
      { source: 'city', budgetWan: '200.50', allocatedWan: '0.00', unallocatedWan: '200.50' },
    ]);
    expect(await sandbox.writeCounts()).toMatchObject({ budgets: before.budgets + 1, auditDone: before.auditDone + 1 });
    // The rollup's remainder follows the budget.
    const rollup = await sandbox.rpc.call(GetFundingRollupRpc, { actor: demoActors.province, region: '140000' });
    expect(rollup.budget[0]).toEqual(raised.lines[0]);

    const [trail] = (await sandbox.db.query(
      `SELECT before, after FROM funding.audit_log WHERE action = 'budget.set' AND outcome = 'done'`,
    )) as { before: { source: string; budgetWan: string }[]; after: { source: string; budgetWan: string }[] }[];
    expect(trail?.before.map((line) => `${line.source} ${line.budgetWan}`)).toEqual([
      'province_special 3470.00',
      'province_employment 5850.00',
    ]);
    expect(trail?.after.map((line) => `${line.source} ${line.budgetWan}`)).toEqual([
      'province_special 3500.00',
      'province_employment 5850.00',
      'city 200.50',
    ]);

    const lowered = await sandbox.rpc.call(SetProgrammeBudgetRpc, {
      actor: demoActors.province,
      programmeCode: DEMO_PROGRAMME_CODE,
      budgets: [{ source: 'province_special', amountWan: '3470.00' }],
    });
    expect(lowered.lines[0]).toMatchObject({ budgetWan: '3470.00', unallocatedWan: '0.00' });
    expect(await budgetRow('province_special')).toBe('3470000000');
  });

  it('keeps allocations within the budget it set (the allocation side of the same rule)', async () => {
    await expect(
      sandbox.rpc.call(SetAllocationsRpc, {
        actor: demoActors.province,
        projectId: linxian.projectId,
        allocations: [{ source: 'city', amountWan: '200.51' }],
      }),
    ).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('超过预算 200.50万元') });
  });

  it('serialises a budget cut against a concurrent allocation: never both, never below allocated', async () => {
    // 200.50 budget for the city source, nothing allocated: cut to 100.00 while 临县 asks for 150.00.
    const [cut, allocate] = await Promise.allSettled([
      sandbox.rpc.call(SetProgrammeBudgetRpc, {
        actor: demoActors.province,
        programmeCode: DEMO_PROGRAMME_CODE,
        budgets: [{ source: 'city', amountWan: '100.00' }],
      }),
      sandbox.rpc.call(SetAllocationsRpc, {
        actor: demoActors.province,
        projectId: linxian.projectId,
        allocations: [{ source: 'city', amountWan: '150.00' }],
      }),
    ]);
    expect([cut.status, allocate.status].filter((status) => status === 'fulfilled')).toHaveLength(1);
    const budget = await sandbox.rpc.call(GetProgrammeBudgetRpc, {
      actor: demoActors.province,
      programme: DEMO_PROGRAMME_CODE,
    });
    const city = budget.lines.find((line) => line.source === 'city');
    expect(city?.unallocatedWan.startsWith('-')).toBe(false);
  });

  it.each([
    ['a negative amount', { budgets: [{ source: 'city', amountWan: '-1.00' }] }, 'budgets.0.amountWan'],
    ['three decimals', { budgets: [{ source: 'city', amountWan: '1.001' }] }, 'budgets.0.amountWan'],
    ['a number amount', { budgets: [{ source: 'city', amountWan: 1 }] }, 'budgets.0.amountWan'],
    ['an unknown source', { budgets: [{ source: 'lottery', amountWan: '1.00' }] }, 'budgets.0.source'],
    [
      'a repeated source',
      {
        budgets: [
          { source: 'city', amountWan: '1.00' },
          { source: 'city', amountWan: '2.00' },
        ],
      },
      'budgets.1.source',
    ],
    ['no lines', { budgets: [] }, 'budgets'],
    ['a blank programme', { programmeCode: ' ' }, 'programmeCode'],
    ['an extra field', { total: '9320.00' }, '(body)'],
  ])('refuses %s naming the field (400), writing nothing', async (_label, change, field) => {
    const before = await sandbox.writeCounts();
    const request = {
      actor: demoActors.province,
      programmeCode: DEMO_PROGRAMME_CODE,
      budgets: [{ source: 'city', amountWan: '1.00' }],
      ...change,
    };
    const error = await sandbox.rpc.call(SetProgrammeBudgetRpc, request as never).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'validation_failed' });
    expect((error as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(field);
    expect(await sandbox.writeCounts()).toEqual(before);
  });

  it.each([
    ['吕梁’s city officer', demoActors.lvliang],
    ['临县’s county officer', demoActors.linxian],
  ])('forbids %s to set a budget (403), writing nothing, audited', async (_label, actor) => {
    const before = await sandbox.writeCounts();
    await expect(
      sandbox.rpc.call(SetProgrammeBudgetRpc, {
        actor,
        programmeCode: DEMO_PROGRAMME_CODE,
        budgets: [{ source: 'province_special', amountWan: '9999.00' }],
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect(await sandbox.writeCounts()).toEqual(before);
    const denials = await sandbox.auditRows({ action: 'budget.set', outcome: 'denied' });
    expect(denials.at(-1)).toMatchObject({ actor_username: actor.username });
  });

  it('answers 404 for a programme out of scope or unknown', async () => {
    const otherProvince = { ...demoActors.province, username: 'hebei', regionCodes: ['130000'] };
    await expect(
      sandbox.rpc.call(GetProgrammeBudgetRpc, { actor: otherProvince, programme: DEMO_PROGRAMME_CODE }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      sandbox.rpc.call(GetProgrammeBudgetRpc, { actor: demoActors.province, programme: 'no-such-programme' }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('shows a province total from events without the province’s figure as a sum, labelled, with its sources', async () => {
    // Events published before ProjectRegistered named the province carry no province facts (they still parse).
    const old = ['140121', '140122'].map((regionCode, i) =>
      registeredProject({
        regionCode,
        programmeId: '0190a3c4-0000-7000-8000-00000000a0dd',
        programmeCode: 'old-events-programme',
        population: 100_000 + i,
      }),
    );
    expect(old[0]).not.toHaveProperty('provincePopulation');
    await sandbox.register(old);
    const annex4 = await sandbox.rpc.call(GetAnnex4Rpc, {
      actor: demoActors.province,
      region: '140000',
      programme: 'old-events-programme',
    });
    expect(annex4.regionName).toBeNull();
    expect(annex4.total).toMatchObject({
      counties: 2,
      population: 200_001,
      populationBasis: 'sum_of_counties',
      populationSources: ['第七次全国人口普查（2020）'],
      countiesPopulation: 200_001,
    });
  });
});
