import {
  FUNDING_SOURCES,
  FundingNotices,
  GetFundingRollupRpc,
  GetProjectFundingRpc,
  RecordDisbursementRpc,
  RecordExpenditureRpc,
  ReverseDisbursementRpc,
  ReverseExpenditureRpc,
  wanToFen,
  type ExpenditureCategory,
  type ExpenditureView,
  type FundingSource,
  type ProjectRegisteredData,
  type Rollup,
} from '@duban/contracts';
import { Clock } from '@duban/platform';
import fc from 'fast-check';
import { demoActors, LINXIAN, LISHI, LVLIANG } from '@duban/testing';
import { demoProjects, startFundingSandbox, type FundingSandbox } from '../__fixtures__/funding-sandbox';

const FIELDS = ['allocatedWan', 'disbursedWan', 'spentWan'] as const;

/**
 * Money records are append-only: a correction is a reversal entry, once per entry, exact to the fen, and the
 * database itself refuses UPDATE, DELETE and TRUNCATE of disbursements and expenditures (real Postgres and NATS,
 * the demo programme's 117 projects registered by event).
 */
describe('reversals of disbursements and expenditures, append-only ledger', () => {
  let sandbox: FundingSandbox;
  let linxian: ProjectRegisteredData;
  let lishi: ProjectRegisteredData;
  let projects: ProjectRegisteredData[];

  const training = {
    date: '2023-06-01',
    amountWan: '1.20',
    source: 'province_special',
    category: 'training',
    payee: '临县职业培训学校',
    note: '零工技能培训',
  } as const;

  const countyFigures = async (projectId: string, source: FundingSource) => {
    const funding = await sandbox.rpc.call(GetProjectFundingRpc, { actor: demoActors.province, projectId });
    return funding.totals.bySource.find((line) => line.source === source);
  };
  const provinceRollup = () => sandbox.rpc.call(GetFundingRollupRpc, { actor: demoActors.province, region: '140000' });

  beforeAll(async () => {
    sandbox = await startFundingSandbox('reversals', { demo: true });
    projects = demoProjects();
    linxian = projects.find((p) => p.regionCode === LINXIAN) as ProjectRegisteredData;
    lishi = projects.find((p) => p.regionCode === LISHI) as ProjectRegisteredData;
    await sandbox.register(projects);
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  describe('an expenditure', () => {
    let flagged: ExpenditureView;

    it('is reversed by an entry that offsets it exactly, links to it, is audited, and keeps its flags', async () => {
      const rollupBefore = await provinceRollup();
      const countyBefore = await countyFigures(linxian.projectId, 'province_special');
      flagged = await sandbox.rpc.call(RecordExpenditureRpc, {
        actor: demoActors.linxian,
        projectId: linxian.projectId,
        ...training,
      });
      expect(flagged.flags.map((flag) => flag.code)).toEqual(['source_category_mismatch']);
      const noticesBefore = (await sandbox.outboxEnvelopes(FundingNotices.NoticeRaised.type)).length;
      const before = await sandbox.writeCounts();

      const reversal = await sandbox.rpc.call(ReverseExpenditureRpc, {
        actor: demoActors.lvliang,
        expenditureId: flagged.id,
        reason: '误用财政专项资金支付培训费，改由就业资金列支',
      });
      expect(reversal).toMatchObject({
        projectId: linxian.projectId,
        source: 'province_special',
        category: 'training',
        amountWan: '-1.20',
        flags: [],
        reversesId: flagged.id,
        reversedById: null,
        reason: '误用财政专项资金支付培训费，改由就业资金列支',
        recordedBy: 'lvliang',
        recordedByName: '吕梁市人社局',
      });
      // One new row, its audit row; the original is untouched; no new notice.
      expect(await sandbox.writeCounts()).toEqual({
        ...before,
        expenditures: before.expenditures + 1,
        auditDone: before.auditDone + 1,
      });
      expect(await sandbox.outboxEnvelopes(FundingNotices.NoticeRaised.type)).toHaveLength(noticesBefore);

      const funding = await sandbox.rpc.call(GetProjectFundingRpc, {
        actor: demoActors.linxian,
        projectId: linxian.projectId,
      });
      const original = funding.expenditures.find((e) => e.id === flagged.id);
      expect(original).toEqual({ ...flagged, reversedById: reversal.id });
      expect(original?.flags).toEqual(flagged.flags);
      expect(funding.expenditures.find((e) => e.id === reversal.id)?.reversesId).toBe(flagged.id);

      // Exact: the county, its city and the province are back where they were, to the fen.
      expect(await countyFigures(linxian.projectId, 'province_special')).toEqual(countyBefore);
      expect(await provinceRollup()).toEqual(rollupBefore);

      const [audit] = await sandbox.auditRows({ action: 'expenditure.reverse', outcome: 'done', targetId: flagged.id });
      expect(audit).toMatchObject({ actor_username: 'lvliang', target_type: 'expenditure' });
      const [trail] = (await sandbox.db.query(
        `SELECT before, after, detail FROM funding.audit_log WHERE action = 'expenditure.reverse' AND outcome = 'done'`,
      )) as { before: { id: string; amountWan: string }; after: { id: string; amountWan: string }; detail: string }[];
      expect(trail).toMatchObject({
        before: { id: flagged.id, amountWan: '1.20' },
        after: { id: reversal.id, amountWan: '-1.20' },
        detail: '误用财政专项资金支付培训费，改由就业资金列支',
      });
    });

    it('is reversed only once: a second reversal is 409 with the first one named, writing nothing', async () => {
      const before = await sandbox.writeCounts();
      const error = await sandbox.rpc
        .call(ReverseExpenditureRpc, { actor: demoActors.province, expenditureId: flagged.id, reason: '再次冲销' })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'conflict' });
      expect((error as Error).message).toMatch(
        /已于 \d{4}-\d{2}-\d{2} 由 吕梁市人社局 冲销（冲销记录 [0-9a-f-]{36}），每笔记录只能冲销一次/,
      );
      expect(await sandbox.writeCounts()).toEqual(before);
      expect(
        await sandbox.auditRows({ action: 'expenditure.reverse', outcome: 'refused', targetId: flagged.id }),
      ).toHaveLength(1);
    });

    it('never reverses a reversal (409), writing nothing', async () => {
      const { reversedById } = (
        await sandbox.rpc.call(GetProjectFundingRpc, { actor: demoActors.linxian, projectId: linxian.projectId })
      ).expenditures.find((e) => e.id === flagged.id) as { reversedById: string };
      const before = await sandbox.writeCounts();
      await expect(
        sandbox.rpc.call(ReverseExpenditureRpc, {
          actor: demoActors.province,
          expenditureId: reversedById,
          reason: '撤销冲销',
        }),
      ).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('冲销记录不能再冲销') });
      expect(await sandbox.writeCounts()).toEqual(before);
    });
  });

  describe('a disbursement', () => {
    it('is reversed exactly, after which the allocation can be disbursed again in full; once only', async () => {
      const countyBefore = await countyFigures(linxian.projectId, 'province_employment');
      const disbursement = await sandbox.rpc.call(RecordDisbursementRpc, {
        actor: demoActors.province,
        projectId: linxian.projectId,
        date: '2023-05-10',
        amountWan: '50.00',
        source: 'province_employment',
        documentNumber: '晋人社厅发〔2023〕1号',
      });
      const reversal = await sandbox.rpc.call(ReverseDisbursementRpc, {
        actor: demoActors.province,
        disbursementId: disbursement.id,
        reason: '文号有误，重新拨付',
      });
      expect(reversal).toMatchObject({
        amountWan: '-50.00',
        source: 'province_employment',
        documentNumber: '晋人社厅发〔2023〕1号',
        reversesId: disbursement.id,
        reason: '文号有误，重新拨付',
      });
      expect(await countyFigures(linxian.projectId, 'province_employment')).toEqual(countyBefore);
      // Net disbursed is back to 0, so the whole 50.00 may be disbursed again.
      await sandbox.rpc.call(RecordDisbursementRpc, {
        actor: demoActors.province,
        projectId: linxian.projectId,
        date: '2023-05-12',
        amountWan: '50.00',
        source: 'province_employment',
        documentNumber: '晋人社厅发〔2023〕2号',
      });
      expect((await countyFigures(linxian.projectId, 'province_employment'))?.disbursedWan).toBe('50.00');
      const before = await sandbox.writeCounts();
      await expect(
        sandbox.rpc.call(ReverseDisbursementRpc, {
          actor: demoActors.province,
          disbursementId: disbursement.id,
          reason: 'x',
        }),
      ).rejects.toMatchObject({ code: 'conflict' });
      expect(await sandbox.writeCounts()).toEqual(before);
      const funding = await sandbox.rpc.call(GetProjectFundingRpc, {
        actor: demoActors.linxian,
        projectId: linxian.projectId,
      });
      expect(funding.disbursements.find((d) => d.id === disbursement.id)?.reversedById).toBe(reversal.id);
    });
  });

  describe('the day of a reversal', () => {
    it('is today in China by the service’s clock (16:30 UTC is already the next day there), as is its time', async () => {
      const clock = sandbox.app.get(Clock);
      const recorded = await sandbox.rpc.call(RecordExpenditureRpc, {
        actor: demoActors.linxian,
        projectId: linxian.projectId,
        ...training,
        category: 'hardware',
      });
      clock.setNow('2023-10-07T16:30:00Z');
      try {
        const reversal = await sandbox.rpc.call(ReverseExpenditureRpc, {
          actor: demoActors.province,
          expenditureId: recorded.id,
          reason: '国庆假期后补录冲销',
        });
        expect(reversal).toMatchObject({ date: '2023-10-08', recordedAt: '2023-10-07T16:30:00.000Z' });
      } finally {
        clock.setNow(null);
      }
    });
  });

  describe('scope, roles and bad input, each writing nothing', () => {
    let lishiExpenditure: string;
    let linxianExpenditure: string;

    beforeAll(async () => {
      linxianExpenditure = (
        await sandbox.rpc.call(RecordExpenditureRpc, {
          actor: demoActors.linxian,
          projectId: linxian.projectId,
          ...training,
          category: 'hardware',
        })
      ).id;
      lishiExpenditure = (
        await sandbox.rpc.call(RecordExpenditureRpc, {
          actor: demoActors.lishi,
          projectId: lishi.projectId,
          ...training,
          payee: '离石区装修公司',
          category: 'fit_out',
        })
      ).id;
    });

    it('answers 404 for another county’s entry exactly as for an unknown id, auditing the attempt', async () => {
      const before = await sandbox.writeCounts();
      await expect(
        sandbox.rpc.call(ReverseExpenditureRpc, {
          actor: demoActors.linxian,
          expenditureId: lishiExpenditure,
          reason: 'x',
        }),
      ).rejects.toMatchObject({ code: 'not_found', message: '支出记录不存在' });
      await expect(
        sandbox.rpc.call(ReverseExpenditureRpc, {
          actor: demoActors.linxian,
          expenditureId: '0190a3c4-0000-7000-8000-00000000dead',
          reason: 'x',
        }),
      ).rejects.toMatchObject({ code: 'not_found', message: '支出记录不存在' });
      expect(await sandbox.writeCounts()).toEqual(before);
      expect(await sandbox.auditRows({ action: 'expenditure.reverse', outcome: 'denied' })).toEqual([
        expect.objectContaining({ actor_username: 'linxian', detail: 'out_of_scope' }),
      ]);
    });

    it.each([
      ['a leading-group member', demoActors.zhangzhenyu],
      ['an inspector', demoActors.inspector],
    ])('forbids %s in scope (403), writing nothing', async (_label, actor) => {
      const before = await sandbox.writeCounts();
      await expect(
        sandbox.rpc.call(ReverseExpenditureRpc, { actor, expenditureId: linxianExpenditure, reason: 'x' }),
      ).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining('无权冲销支出记录') });
      expect(await sandbox.writeCounts()).toEqual(before);
    });

    it.each([
      ['no reason', {}, 'reason'],
      ['a blank reason', { reason: '   ' }, 'reason'],
      ['an extra field', { reason: 'x', amountWan: '1.00' }, '(body)'],
      ['a malformed id', { reason: 'x', expenditureId: 'nope' }, 'expenditureId'],
    ])('refuses %s naming the field', async (_label, change, field) => {
      const before = await sandbox.writeCounts();
      const request = { actor: demoActors.province, expenditureId: lishiExpenditure, ...change };
      const error = await sandbox.rpc.call(ReverseExpenditureRpc, request as never).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'validation_failed' });
      expect((error as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(field);
      expect(await sandbox.writeCounts()).toEqual(before);
    });
  });

  describe('the database refuses to change money records', () => {
    it.each([
      ['an UPDATE of an expenditure’s amount', `UPDATE funding.expenditure SET amount_fen = amount_fen + 1`],
      ['an UPDATE of an expenditure’s note', `UPDATE funding.expenditure SET note = 'edited'`],
      ['an UPDATE of an expenditure’s flags', `UPDATE funding.expenditure SET flags = '[]'`],
      ['a DELETE of an expenditure', `DELETE FROM funding.expenditure`],
      ['an UPDATE of a disbursement’s amount', `UPDATE funding.disbursement SET amount_fen = 1`],
      ['a DELETE of a disbursement', `DELETE FROM funding.disbursement`],
      ['a TRUNCATE of the expenditures', `TRUNCATE funding.expenditure`],
    ])('refuses %s', async (_label, sql) => {
      const before = await sandbox.writeCounts();
      const sums = await ledgerSums();
      await expect(sandbox.db.query(sql)).rejects.toThrow(/append-only/);
      expect(await sandbox.writeCounts()).toEqual(before);
      expect(await ledgerSums()).toEqual(sums);
    });

    it('refuses a reversal that does not offset its original exactly, or a second one, written directly', async () => {
      const [original] = (await sandbox.db.query(
        `SELECT id, project_id, source, amount_fen FROM funding.expenditure
          WHERE reverses_id IS NULL AND NOT EXISTS (SELECT 1 FROM funding.expenditure r WHERE r.reverses_id = expenditure.id)
          LIMIT 1`,
      )) as { id: string; project_id: string; source: string; amount_fen: string }[];
      const insert = (amountFen: string, reversesId: string | null = original?.id ?? null) =>
        sandbox.db.query(
          `INSERT INTO funding.expenditure (id, project_id, source, category, amount_fen, date, payee, note, recorded_by,
             reverses_id, reason)
           VALUES (gen_random_uuid(), $1, $2, 'other', $3, '2023-07-01', 'x', 'x', 'sql', $4, 'by hand')`,
          [original?.project_id, original?.source, amountFen, reversesId],
        );
      const before = await sandbox.writeCounts();
      await expect(insert(String(-BigInt(original?.amount_fen ?? '0') + 1n))).rejects.toThrow(
        /offset entry .* exactly/,
      );
      await expect(insert(String(BigInt(original?.amount_fen ?? '0')))).rejects.toThrow(/offset entry .* exactly/);
      const [reversed] = (await sandbox.db.query(
        `SELECT reverses_id, amount_fen FROM funding.expenditure WHERE reverses_id IS NOT NULL LIMIT 1`,
      )) as { reverses_id: string; amount_fen: string }[];
      await expect(
        sandbox.db.query(
          `INSERT INTO funding.expenditure (id, project_id, source, category, amount_fen, date, payee, note, recorded_by,
             reverses_id, reason)
           SELECT gen_random_uuid(), project_id, source, category, -amount_fen, date, payee, note, 'sql', id, 'again'
             FROM funding.expenditure WHERE id = $1`,
          [reversed?.reverses_id],
        ),
      ).rejects.toThrow(/reversed_once/);
      expect(await sandbox.writeCounts()).toEqual(before);
    });
  });

  it('keeps every rollup level exact under random expenditures, disbursements and reversals (fast-check)', async () => {
    const counties = projects.filter((p) => p.cityRegionCode === LVLIANG || p.cityRegionCode === '140100');
    const spendable: readonly [FundingSource, ExpenditureCategory][] = [
      ['province_special', 'hardware'],
      ['province_employment', 'training'],
      ['city', 'other'],
      ['county', 'rent'],
    ];
    const entryArb = fc.record({
      county: fc.integer({ min: 0, max: counties.length - 1 }),
      kind: fc.constantFrom('expenditure' as const, 'disbursement' as const),
      line: fc.integer({ min: 0, max: spendable.length - 1 }),
      /** 0.01–2.00万元 */
      cents: fc.integer({ min: 1, max: 200 }),
      reverse: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(entryArb, { minLength: 1, maxLength: 6 }), async (entries) => {
        const before = await provinceRollup();
        let expectedSpent = 0n;
        let expectedDisbursed = 0n;
        for (const entry of entries) {
          const project = counties[entry.county] as ProjectRegisteredData;
          const [source, category] = spendable[entry.line] as [FundingSource, ExpenditureCategory];
          const amountWan = `${Math.floor(entry.cents / 100)}.${String(entry.cents % 100).padStart(2, '0')}`;
          if (entry.kind === 'expenditure') {
            const recorded = await sandbox.rpc.call(RecordExpenditureRpc, {
              actor: demoActors.province,
              projectId: project.projectId,
              ...training,
              amountWan,
              source,
              category,
            });
            if (entry.reverse) {
              await sandbox.rpc.call(ReverseExpenditureRpc, {
                actor: demoActors.province,
                expenditureId: recorded.id,
                reason: '随机冲销',
              });
            } else {
              expectedSpent += wanToFen(amountWan);
            }
          } else {
            // Only the province's sources have allocations to disburse against (city/county have none here).
            if (source !== 'province_special' && source !== 'province_employment') continue;
            const disbursed = await sandbox.rpc
              .call(RecordDisbursementRpc, {
                actor: demoActors.province,
                projectId: project.projectId,
                date: '2023-06-01',
                amountWan,
                source,
                documentNumber: '随机',
              })
              .catch(() => null); // past the allocation: refused, nothing written
            if (!disbursed) continue;
            if (entry.reverse) {
              await sandbox.rpc.call(ReverseDisbursementRpc, {
                actor: demoActors.province,
                disbursementId: disbursed.id,
                reason: '随机冲销',
              });
            } else {
              expectedDisbursed += wanToFen(amountWan);
            }
          }
        }
        const after = await provinceRollup();
        expect(wanToFen(after.region.all.spentWan) - wanToFen(before.region.all.spentWan)).toBe(expectedSpent);
        expect(wanToFen(after.region.all.disbursedWan) - wanToFen(before.region.all.disbursedWan)).toBe(
          expectedDisbursed,
        );
        expectExact(after);
        for (const city of [LVLIANG, '140100']) {
          expectExact(await sandbox.rpc.call(GetFundingRollupRpc, { actor: demoActors.province, region: city }));
        }
      }),
      { numRuns: 8 },
    );
  });

  /** Each level is the sum of its children, per source and over all sources, to the fen. */
  function expectExact(rollup: Rollup): void {
    FUNDING_SOURCES.forEach((source, i) => {
      for (const field of FIELDS) {
        const parts = rollup.children.reduce((acc, child) => acc + wanToFen(child.bySource[i]?.[field] ?? '0'), 0n);
        expect({ source, field, fen: parts }).toEqual({
          source,
          field,
          fen: wanToFen(rollup.region.bySource[i]?.[field] ?? '0'),
        });
      }
    });
    for (const field of FIELDS) {
      const sources = rollup.region.bySource.reduce((acc, line) => acc + wanToFen(line[field]), 0n);
      expect(sources).toBe(wanToFen(rollup.region.all[field]));
    }
  }

  async function ledgerSums(): Promise<{ spent: string; disbursed: string }> {
    const [row] = (await sandbox.db.query(
      `SELECT (SELECT COALESCE(sum(amount_fen), 0) FROM funding.expenditure)::text AS spent,
              (SELECT COALESCE(sum(amount_fen), 0) FROM funding.disbursement)::text AS disbursed`,
    )) as { spent: string; disbursed: string }[];
    return row as { spent: string; disbursed: string };
  }
});
