import { randomUUID } from 'node:crypto';
import {
  CommitCalculatorRpc,
  GetFundingRollupRpc,
  PreviewCalculatorRpc,
  RecordDisbursementRpc,
  RecordExpenditureRpc,
  SetAllocationsRpc,
  calculatorRuleSchema,
  wanToFen,
  type CalculatorRuleInput,
  type FundingSource,
  type ProjectRegisteredData,
} from '@duban/contracts';
import { Transactions } from '@duban/platform';
import fc from 'fast-check';
import { demoActors } from '@duban/testing';
import { registeredProject, startFundingSandbox, type FundingSandbox } from '../__fixtures__/funding-sandbox';
import { ProgrammeBudgetsRepository } from '../programme-budgets/programme-budgets.repository';

const PROGRAMME = 'test-calculator-programme';

/** A small programme of its own (no demo data): 8 counties in 2 cities, a 100.00万元 special-fund budget. */
describe('allocation calculator and rollups on the real database', () => {
  let sandbox: FundingSandbox;
  let projects: ProjectRegisteredData[];
  const rule = (input: Partial<CalculatorRuleInput> = {}) =>
    calculatorRuleSchema.parse({ programmeCode: PROGRAMME, source: 'province_special', ...input });

  beforeAll(async () => {
    sandbox = await startFundingSandbox('calc', { demo: false });
    const codes = ['141121', '141122', '141123', '141124', '140121', '140122', '140123', '140124'];
    projects = codes.map((regionCode, index) =>
      registeredProject({
        regionCode,
        programmeId: '0190a3c4-0000-7000-8000-00000000c0de',
        programmeCode: PROGRAMME,
        programmeYear: 2024,
        history: false,
        population: 100_000 * (index + 1),
      }),
    );
    await sandbox.register(projects);
    await sandbox.app
      .get(ProgrammeBudgetsRepository)
      .insertMissing(sandbox.app.get(Transactions).none, [
        { programmeCode: PROGRAMME, source: 'province_special', amountFen: wanToFen('100.00') },
      ]);
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it('previews a spread that adds up to the budget exactly, within min and max, writing nothing', async () => {
    const before = await sandbox.writeCounts();
    const preview = await sandbox.rpc.call(PreviewCalculatorRpc, {
      actor: demoActors.province,
      rule: rule({ baseWan: '2.00', minWan: '5.00', maxWan: '20.00' }),
    });
    expect(preview).toMatchObject({ totalWan: '100.00', counties: 8, committed: false });
    const amounts = preview.lines.map((line) => wanToFen(line.amountWan));
    expect(amounts.reduce((a, b) => a + b, 0n)).toBe(wanToFen('100.00'));
    for (const amount of amounts) {
      expect(amount).toBeGreaterThanOrEqual(wanToFen('5.00'));
      expect(amount).toBeLessThanOrEqual(wanToFen('20.00'));
    }
    expect(await sandbox.writeCounts()).toEqual(before);
  });

  it('refuses an infeasible rule with the field and the reason, and a caller who is not the province', async () => {
    await expect(
      sandbox.rpc.call(PreviewCalculatorRpc, { actor: demoActors.province, rule: rule({ maxWan: '10.00' }) }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      errors: [
        { field: 'maxWan', message: '即使每县都取上限 10.00万元，8 个县合计 80.00万元，仍不足可分配的 100.00万元' },
      ],
    });
    await expect(
      sandbox.rpc.call(PreviewCalculatorRpc, { actor: demoActors.province, rule: rule({ source: 'city' }) }),
    ).rejects.toMatchObject({ code: 'validation_failed', errors: [{ field: 'totalWan' }] });
    await expect(
      sandbox.rpc.call(PreviewCalculatorRpc, { actor: demoActors.lvliang, rule: rule({ region: '141100' }) }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('commits the previewed lines as allocations in one transaction, audited; the budget is then used up', async () => {
    const input = rule({ fixed: [{ regionCode: '141124', amountWan: '10.00' }], baseWan: '1.00', minWan: '3.00' });
    const preview = await sandbox.rpc.call(PreviewCalculatorRpc, { actor: demoActors.province, rule: input });
    const committed = await sandbox.rpc.call(CommitCalculatorRpc, { actor: demoActors.province, rule: input });
    expect(committed).toEqual({ ...preview, committed: true });
    expect(committed.lines.find((line) => line.regionCode === '141124')).toMatchObject({
      fixed: true,
      amountWan: '10.00',
    });
    const rollup = await sandbox.rpc.call(GetFundingRollupRpc, { actor: demoActors.province, region: '140000' });
    expect(rollup.budget).toEqual([
      { source: 'province_special', budgetWan: '100.00', allocatedWan: '100.00', unallocatedWan: '0.00' },
    ]);
    expect(await sandbox.auditRows({ action: 'calculator.commit', outcome: 'done' })).toHaveLength(1);
    // A city's part alone, with no total given: what the budget leaves for it (its own current share).
    const city = await sandbox.rpc.call(PreviewCalculatorRpc, {
      actor: demoActors.province,
      rule: rule({ region: '141100', weighting: 'equal' }),
    });
    const lvliangNow = committed.lines
      .filter((l) => l.regionCode.startsWith('1411'))
      .reduce((a, l) => a + wanToFen(l.amountWan), 0n);
    expect(wanToFen(city.totalWan)).toBe(lvliangNow);
  });

  it('adds up exactly at every level for random allocations, disbursements and expenditures', async () => {
    const sources: FundingSource[] = ['city', 'county'];
    const amount = fc.integer({ min: 100, max: 99_999 }).map((units) => (units / 100).toFixed(2));
    const entry = fc.record({
      project: fc.integer({ min: 0, max: projects.length - 1 }),
      source: fc.constantFrom(...sources),
      allocation: amount,
      spent: fc.array(amount, { maxLength: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { minLength: 1, maxLength: 6 }), async (entries) => {
        for (const { project, source, allocation, spent } of entries) {
          const projectId = projects[project].projectId;
          await sandbox.rpc.call(SetAllocationsRpc, {
            actor: demoActors.province,
            projectId,
            allocations: [{ source, amountWan: allocation }],
          });
          await sandbox.rpc.call(RecordDisbursementRpc, {
            actor: demoActors.province,
            projectId,
            date: '2024-05-01',
            amountWan: '0.01',
            source,
            documentNumber: `拨付-${randomUUID().slice(0, 8)}`,
          });
          for (const amountWan of spent) {
            await sandbox.rpc.call(RecordExpenditureRpc, {
              actor: demoActors.province,
              projectId,
              date: '2024-06-01',
              amountWan,
              source,
              category: 'other',
              payee: '供应商',
              note: '',
            });
          }
        }
        const [totals] = (await sandbox.db.query(`
          SELECT (SELECT COALESCE(sum(amount_fen), 0) FROM funding.allocation)::text AS allocated,
                 (SELECT COALESCE(sum(amount_fen), 0) FROM funding.disbursement)::text AS disbursed,
                 (SELECT COALESCE(sum(amount_fen), 0) FROM funding.expenditure)::text AS spent`)) as Record<
          string,
          string
        >[];
        const province = await sandbox.rpc.call(GetFundingRollupRpc, { actor: demoActors.province, region: '140000' });
        expect(wanToFen(province.region.all.allocatedWan)).toBe(BigInt(totals.allocated));
        expect(wanToFen(province.region.all.disbursedWan)).toBe(BigInt(totals.disbursed));
        expect(wanToFen(province.region.all.spentWan)).toBe(BigInt(totals.spent));
        for (const key of ['allocatedWan', 'disbursedWan', 'spentWan'] as const) {
          const cities = province.children.reduce((acc, city) => acc + wanToFen(city.all[key]), 0n);
          expect(cities).toBe(wanToFen(province.region.all[key]));
          for (const city of province.children) {
            const rollup = await sandbox.rpc.call(GetFundingRollupRpc, {
              actor: demoActors.province,
              region: city.regionCode,
            });
            expect(rollup.region).toEqual(city);
            const counties = rollup.children.reduce((acc, county) => acc + wanToFen(county.all[key]), 0n);
            expect(counties).toBe(wanToFen(city.all[key]));
          }
        }
      }),
      { numRuns: 8 },
    );
  });
});
