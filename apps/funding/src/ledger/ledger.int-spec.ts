import {
  FundingNotices,
  GetAnnex4Rpc,
  GetFundingRollupRpc,
  GetProjectFundingRpc,
  RecordDisbursementRpc,
  RecordExpenditureRpc,
  SetAllocationsRpc,
  wanToFen,
  type ProjectRegisteredData,
} from '@duban/contracts';
import { demoActors, LINXIAN, LISHI, LVLIANG, waitFor } from '@duban/testing';
import { demoProjects, startFundingSandbox, type FundingSandbox } from '../__fixtures__/funding-sandbox';

/** The funding service with the demo programme's 117 projects registered by event (real Postgres and NATS). */
describe('funding ledger, 2023 figures, compliance flags and scope', () => {
  let sandbox: FundingSandbox;
  let linxian: ProjectRegisteredData;
  let lishi: ProjectRegisteredData;

  const expenditure = {
    date: '2023-06-01',
    amountWan: '2.50',
    source: 'province_employment',
    category: 'training',
    payee: '临县职业培训学校',
    note: '零工技能培训',
  } as const;

  beforeAll(async () => {
    sandbox = await startFundingSandbox('ledger', { demo: true });
    const projects = demoProjects();
    linxian = projects.find((p) => p.regionCode === LINXIAN) as ProjectRegisteredData;
    lishi = projects.find((p) => p.regionCode === LISHI) as ProjectRegisteredData;
    await sandbox.register(projects);
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  describe('the 2023 figures', () => {
    it('shows the province the 9,320.00 budget, all of it allocated: 3,470.00 + 5,850.00', async () => {
      const rollup = await sandbox.rpc.call(GetFundingRollupRpc, { actor: demoActors.province, region: '140000' });
      expect(rollup.programmeCode).toBe('shanxi-2023-gig-markets');
      expect(rollup.budget).toEqual([
        { source: 'province_special', budgetWan: '3470.00', allocatedWan: '3470.00', unallocatedWan: '0.00' },
        { source: 'province_employment', budgetWan: '5850.00', allocatedWan: '5850.00', unallocatedWan: '0.00' },
      ]);
      expect(rollup.region).toMatchObject({
        level: 'province',
        regionName: '山西省',
        counties: 117,
        all: { allocatedWan: '9320.00' },
      });
      expect(rollup.children).toHaveLength(11);
      const cities = rollup.children.reduce((acc, city) => acc + wanToFen(city.all.allocatedWan), 0n);
      expect(cities).toBe(wanToFen('9320.00'));
    });

    it('gives 临县 10.00 + 50.00 = 60.00, its 附件1 省级支持资金 column', async () => {
      const funding = await sandbox.rpc.call(GetProjectFundingRpc, {
        actor: demoActors.linxian,
        projectId: linxian.projectId,
      });
      expect(funding.allocations.map((a) => [a.source, a.amountWan])).toEqual([
        ['province_special', '10.00'],
        ['province_employment', '50.00'],
      ]);
      expect(funding.annex1).toEqual({ provinceWan: '60.00', cityWan: null, countyWan: null });
      expect(funding.totals.all.allocatedWan).toBe('60.00');
    });

    it('includes 临县 in 吕梁’s rollup, and 吕梁 adds up to its 13 counties', async () => {
      const rollup = await sandbox.rpc.call(GetFundingRollupRpc, { actor: demoActors.lvliang, region: LVLIANG });
      expect(rollup.region).toMatchObject({ level: 'city', regionName: '吕梁市', counties: 13 });
      const county = rollup.children.find((c) => c.regionCode === LINXIAN);
      expect(county).toMatchObject({ regionName: '临县', level: 'county', all: { allocatedWan: '60.00' } });
      const sum = rollup.children.reduce((acc, c) => acc + wanToFen(c.all.allocatedWan), 0n);
      expect(sum).toBe(wanToFen(rollup.region.all.allocatedWan));
    });

    it('prints 附件4: 全省总计 117 counties, 34,804,758, 3,470.00 + 5,850.00 = 9,320.00, every county within 60–120万元', async () => {
      const annex4 = await sandbox.rpc.call(GetAnnex4Rpc, { actor: demoActors.province, region: '140000' });
      expect(annex4.regionName).toBe('山西省');
      // The province's own figure with its source, not the county rows added up (their statistics differ).
      expect(annex4.total).toEqual({
        counties: 117,
        population: 34_804_758,
        populationBasis: 'region',
        populationSources: ['山西统计年鉴-2022（2021年末常住人口）'],
        countiesPopulation: annex4.rows.reduce((acc, row) => acc + (row.population ?? 0), 0),
        specialWan: '3470.00',
        employmentWan: '5850.00',
        totalWan: '9320.00',
        cityWan: '0.00',
        countyWan: '0.00',
      });
      // A city has no figure of its own: its line is the sum of its counties, labelled as such, with their sources.
      const city = await sandbox.rpc.call(GetAnnex4Rpc, { actor: demoActors.lvliang, region: LVLIANG });
      expect(city.total).toMatchObject({
        counties: 13,
        populationBasis: 'sum_of_counties',
        population: city.total.countiesPopulation,
      });
      expect([...city.total.populationSources].sort()).toEqual(
        ['第七次全国人口普查（2020）', '山西统计年鉴-2022（2021年末常住人口）'].sort(),
      );
      expect(annex4.rows.find((row) => row.regionCode === LINXIAN)).toMatchObject({
        cityName: '吕梁市',
        countyName: '临县',
        population: 389906,
        populationSource: '山西统计年鉴-2022（2021年末常住人口）',
        specialWan: '10.00',
        employmentWan: '50.00',
        totalWan: '60.00',
      });
      for (const row of annex4.rows) {
        expect(wanToFen(row.totalWan)).toBeGreaterThanOrEqual(wanToFen('60.00'));
        expect(wanToFen(row.totalWan)).toBeLessThanOrEqual(wanToFen('120.00'));
        expect(row.employmentWan).toBe('50.00');
      }
    });
  });

  describe('expenditures', () => {
    it('lets 临县 record an expenditure and see it in its totals', async () => {
      const recorded = await sandbox.rpc.call(RecordExpenditureRpc, {
        actor: demoActors.linxian,
        projectId: linxian.projectId,
        ...expenditure,
      });
      expect(recorded).toMatchObject({
        amountWan: '2.50',
        flags: [],
        recordedBy: 'linxian',
        recordedByName: '刘星',
        attachmentRef: null,
      });
      const funding = await sandbox.rpc.call(GetProjectFundingRpc, {
        actor: demoActors.linxian,
        projectId: linxian.projectId,
      });
      expect(funding.expenditures.map((e) => e.id)).toEqual([recorded.id]);
      expect(funding.totals.bySource.find((s) => s.source === 'province_employment')).toEqual({
        source: 'province_employment',
        allocatedWan: '50.00',
        disbursedWan: '0.00',
        spentWan: '2.50',
        executionRate: '0.0500',
      });
      const city = await sandbox.rpc.call(GetFundingRollupRpc, { actor: demoActors.lvliang, region: LVLIANG });
      expect(city.region.all.spentWan).toBe('2.50');
    });

    it('flags special-fund money spent on training and tells 吕梁’s city officer, once', async () => {
      const noticesBefore = (await sandbox.outboxEnvelopes(FundingNotices.NoticeRaised.type)).length;
      const recorded = await sandbox.rpc.call(RecordExpenditureRpc, {
        actor: demoActors.linxian,
        projectId: linxian.projectId,
        ...expenditure,
        amountWan: '1.20',
        source: 'province_special',
        attachmentRef: 'invoice-2023-0601.pdf',
      });
      expect(recorded.flags).toEqual([
        { code: 'source_category_mismatch', message: '财政专项资金不得用于培训（能力建设）支出' },
      ]);
      const notices = await sandbox.outboxEnvelopes(FundingNotices.NoticeRaised.type);
      expect(notices).toHaveLength(noticesBefore + 1);
      const notice = notices.find((n) => n.data.subjectId === recorded.id);
      expect(notice?.data).toMatchObject({
        noticeId: recorded.id,
        subjectType: 'expenditure',
        regionCode: LINXIAN,
        recipients: [{ kind: 'role', role: 'city_officer', regionCode: LVLIANG }],
      });
      expect(String(notice?.data.body)).toContain('财政专项资金不得用于培训（能力建设）支出');
      // The relay publishes it to the funding stream, where the notifications service reads it.
      await waitFor(
        'the notice to be published',
        async () =>
          (await sandbox.db.query(`SELECT published_at FROM funding.outbox WHERE id = $1`, [notice?.id])) as {
            published_at: Date | null;
          }[],
        (rows) => rows[0]?.published_at !== null,
      );
      const funding = await sandbox.rpc.call(GetProjectFundingRpc, {
        actor: demoActors.lvliang,
        projectId: linxian.projectId,
      });
      expect(funding.expenditures.find((e) => e.id === recorded.id)?.flags).toHaveLength(1);
    });

    it('records a compliant expenditure with no notice', async () => {
      const before = await sandbox.writeCounts();
      const recorded = await sandbox.rpc.call(RecordExpenditureRpc, {
        actor: demoActors.lvliang,
        projectId: linxian.projectId,
        ...expenditure,
        source: 'province_special',
        category: 'hardware',
        amountWan: '3.00',
      });
      expect(recorded.flags).toEqual([]);
      const after = await sandbox.writeCounts();
      expect(after).toMatchObject({
        expenditures: before.expenditures + 1,
        outbox: before.outbox,
        auditDone: before.auditDone + 1,
      });
    });
  });

  describe('disbursements and allocations', () => {
    it('records a disbursement within the allocation and refuses one beyond it, with the amounts', async () => {
      const ok = await sandbox.rpc.call(RecordDisbursementRpc, {
        actor: demoActors.linxian,
        projectId: linxian.projectId,
        date: '2023-05-10',
        amountWan: '40.00',
        source: 'province_employment',
        documentNumber: '晋人社厅发〔2023〕1号',
      });
      expect(ok).toMatchObject({ amountWan: '40.00', documentNumber: '晋人社厅发〔2023〕1号' });
      const before = await sandbox.writeCounts();
      await expect(
        sandbox.rpc.call(RecordDisbursementRpc, {
          actor: demoActors.province,
          projectId: linxian.projectId,
          date: '2023-05-11',
          amountWan: '10.01',
          source: 'province_employment',
          documentNumber: '晋人社厅发〔2023〕2号',
        }),
      ).rejects.toMatchObject({
        code: 'conflict',
        message: '就业资金拨付合计将达 50.01万元，超过已分配的 50.00万元（已拨付 40.00万元，本次 10.01万元）',
      });
      expect(await sandbox.writeCounts()).toEqual(before);
      const funding = await sandbox.rpc.call(GetProjectFundingRpc, {
        actor: demoActors.linxian,
        projectId: linxian.projectId,
      });
      expect(funding.totals.bySource.find((s) => s.source === 'province_employment')?.disbursedWan).toBe('40.00');
    });

    it('refuses an allocation beyond the budget with the amounts, writing nothing', async () => {
      const before = await sandbox.writeCounts();
      await expect(
        sandbox.rpc.call(SetAllocationsRpc, {
          actor: demoActors.province,
          projectId: linxian.projectId,
          allocations: [{ source: 'province_special', amountWan: '20.00' }],
        }),
      ).rejects.toMatchObject({
        code: 'conflict',
        message:
          '财政专项资金分配合计 3480.00万元 超过预算 3470.00万元（其他县已分配 3460.00万元，本次 20.00万元，尚可分配 10.00万元）',
      });
      expect(await sandbox.writeCounts()).toEqual(before);
      expect(await sandbox.auditRows({ action: 'allocation.set', outcome: 'refused' })).toHaveLength(1);
    });

    it('lets the province set matching funds, which show in the 附件1 columns', async () => {
      const funding = await sandbox.rpc.call(SetAllocationsRpc, {
        actor: demoActors.province,
        projectId: linxian.projectId,
        allocations: [
          { source: 'city', amountWan: '5.00' },
          { source: 'county', amountWan: '12.35' },
        ],
      });
      expect(funding.annex1).toEqual({ provinceWan: '60.00', cityWan: '5.00', countyWan: '12.35' });
      expect(funding.totals.all.allocatedWan).toBe('77.35');
      const [audit] = await sandbox.auditRows({ action: 'allocation.set', outcome: 'done' });
      expect(audit).toMatchObject({
        actor_username: 'province',
        target_type: 'allocation',
        target_id: linxian.projectId,
      });
    });
  });

  describe('scope and roles', () => {
    it('hides 离石区’s funding from 临县: not found, the attempt audited', async () => {
      await expect(
        sandbox.rpc.call(GetProjectFundingRpc, { actor: demoActors.linxian, projectId: lishi.projectId }),
      ).rejects.toMatchObject({ code: 'not_found', message: '项目不存在' });
      expect(await sandbox.auditRows({ action: 'funding.get', outcome: 'denied', targetId: lishi.projectId })).toEqual([
        expect.objectContaining({ actor_username: 'linxian', detail: 'out_of_scope' }),
      ]);
      await expect(
        sandbox.rpc.call(GetFundingRollupRpc, { actor: demoActors.linxian, region: LISHI }),
      ).rejects.toMatchObject({ code: 'not_found' });
      await expect(
        sandbox.rpc.call(GetFundingRollupRpc, { actor: demoActors.linxian, region: LVLIANG }),
      ).rejects.toMatchObject({ code: 'not_found' });
      await expect(
        sandbox.rpc.call(GetProjectFundingRpc, { actor: demoActors.taiyuan, projectId: linxian.projectId }),
      ).rejects.toMatchObject({ code: 'not_found' });
      // The inspector of both counties sees both; 临县's leading group sees its own.
      await sandbox.rpc.call(GetProjectFundingRpc, { actor: demoActors.inspector, projectId: lishi.projectId });
      await sandbox.rpc.call(GetProjectFundingRpc, { actor: demoActors.zhangzhenyu, projectId: linxian.projectId });
    });

    it('refuses to record for a county out of scope, writing nothing', async () => {
      const before = await sandbox.writeCounts();
      await expect(
        sandbox.rpc.call(RecordExpenditureRpc, {
          actor: demoActors.linxian,
          projectId: lishi.projectId,
          ...expenditure,
        }),
      ).rejects.toMatchObject({ code: 'not_found' });
      expect(await sandbox.writeCounts()).toEqual(before);
    });

    it.each([
      ['临县’s county officer', demoActors.linxian],
      ['吕梁’s city officer', demoActors.lvliang],
    ])('forbids %s to change allocations (403), writing nothing', async (_label, actor) => {
      const before = await sandbox.writeCounts();
      await expect(
        sandbox.rpc.call(SetAllocationsRpc, {
          actor,
          projectId: linxian.projectId,
          allocations: [{ source: 'province_special', amountWan: '1.00' }],
        }),
      ).rejects.toMatchObject({ code: 'forbidden' });
      expect(await sandbox.writeCounts()).toEqual(before);
      const denials = await sandbox.auditRows({ action: 'allocation.set', outcome: 'denied' });
      expect(denials.at(-1)).toMatchObject({ actor_username: actor.username });
    });

    it('forbids a leading-group member to record expenditures', async () => {
      await expect(
        sandbox.rpc.call(RecordExpenditureRpc, {
          actor: demoActors.zhangzhenyu,
          projectId: linxian.projectId,
          ...expenditure,
        }),
      ).rejects.toMatchObject({ code: 'forbidden', message: '领导小组成员无权登记支出' });
    });
  });

  describe('bad input', () => {
    it.each([
      ['a negative amount', { amountWan: '-1.00' }, 'amountWan', '金额不能为负数'],
      ['three decimals', { amountWan: '1.234' }, 'amountWan', '金额最多保留两位小数（万元）'],
      ['a number instead of a string', { amountWan: 2.5 }, 'amountWan', undefined],
      ['a zero amount', { amountWan: '0.00' }, 'amountWan', '金额必须大于 0'],
      ['an unknown source', { source: 'bank_loan' }, 'source', undefined],
      ['an unknown category', { category: 'banquet' }, 'category', undefined],
      ['a missing payee', { payee: undefined }, 'payee', undefined],
      ['an impossible date', { date: '2023-02-30' }, 'date', undefined],
      ['an extra field', { approvedBy: 'someone' }, '(body)', undefined],
    ])('refuses %s naming the field, writing nothing', async (_label, change, field, message) => {
      const before = await sandbox.writeCounts();
      const request = { actor: demoActors.linxian, projectId: linxian.projectId, ...expenditure, ...change };
      const error = await sandbox.rpc.call(RecordExpenditureRpc, request as never).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'validation_failed' });
      const errors = (error as { errors: { field: string; message: string }[] }).errors;
      expect(errors.map((e) => e.field)).toContain(field);
      if (message) expect(errors.find((e) => e.field === field)?.message).toBe(message);
      expect(await sandbox.writeCounts()).toEqual(before);
    });
  });
});
