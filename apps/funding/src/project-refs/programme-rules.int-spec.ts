import {
  ProgrammeClosed,
  ProgrammeRulesChanged,
  SetProgrammeBudgetRpc,
  RecordDisbursementRpc,
  RecordExpenditureRpc,
  SetAllocationsRpc,
  type Envelope,
  type EventDefinition,
} from '@duban/contracts';
import { demoActors, LINXIAN, waitFor } from '@duban/testing';
import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { registeredProject, startFundingSandbox, type FundingSandbox } from '../__fixtures__/funding-sandbox';

/**
 * Funding follows the rules of each project's programme (issue 13): the sources and the categories each may
 * pay for come with the programme's registration and with each new template version it follows, kept in
 * funding's own table; once the programme is closed every write to its money is refused (409), nothing written.
 */
describe('a programme’s funding rules and its closing (real Postgres and NATS)', () => {
  let sandbox: FundingSandbox;
  const programmeId = randomUUID();
  const programmeCode = 'gig-markets-2027-140000';
  const changedBy = { userId: 'u1', username: 'province', displayName: '省人社厅', role: 'province_admin' } as const;
  const project = registeredProject({
    regionCode: LINXIAN,
    regionName: '临县',
    programmeId,
    programmeCode,
    programmeYear: 2027,
    history: false,
    // The 2027 template lets the special fund pay for training too, and has no city money.
    fundingSources: [
      { source: 'province_special', allowedCategories: ['hardware', 'fit_out', 'rent', 'training'] },
      { source: 'province_employment', allowedCategories: ['training', 'services', 'staff'] },
      {
        source: 'county',
        allowedCategories: ['hardware', 'fit_out', 'rent', 'training', 'services', 'staff', 'other'],
      },
    ],
  });
  /** Only the category check matters here (provincial money has no allocation, so over_allocation is set too). */
  const mismatch = async (written: Promise<{ flags: { code: string; message: string }[] }>) =>
    (await written).flags.filter((flag) => flag.code === 'source_category_mismatch');
  const spend = (source: 'province_special' | 'city', category: 'training' | 'rent', payee: string) =>
    sandbox.rpc.call(RecordExpenditureRpc, {
      actor: demoActors.linxian,
      projectId: project.projectId,
      date: '2027-05-01',
      amountWan: '1.00',
      source,
      category,
      payee,
      note: '',
    });

  beforeAll(async () => {
    sandbox = await startFundingSandbox('rules', { demo: false });
    await sandbox.register([project]);
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  async function handled<T>(event: EventDefinition<T>, data: T): Promise<Envelope<T>> {
    // Time-ordered ids, as the projects service's outbox gives them.
    const envelope = await sandbox.publish(event, data, { id: uuidv7() });
    await waitFor(
      `funding to handle ${event.type}`,
      () => sandbox.db.query(`SELECT 1 FROM funding.inbox WHERE event_id = $1`, [envelope.id]),
      (rows) => rows.length === 1,
      { timeoutMs: 15_000 },
    );
    return envelope;
  }

  it('checks expenditures against the programme’s template, and follows a new version', async () => {
    expect(await mismatch(spend('province_special', 'training', '临县职业培训学校'))).toEqual([]);
    expect(await mismatch(spend('city', 'rent', '临县房产公司'))).toEqual([
      { code: 'source_category_mismatch', message: '本计划没有市级配套资金，该来源不得列支' },
    ]);

    await handled(ProgrammeRulesChanged, {
      programmeId,
      programmeCode,
      templateCode: 'gig-markets',
      templateVersion: 2,
      acceptance: { passMark: 60, rubricCode: 'gig-market-checklist' },
      fundingSources: [
        { source: 'province_special', allowedCategories: ['hardware', 'fit_out', 'rent'] },
        { source: 'city', allowedCategories: ['rent'] },
      ],
      changedBy,
    });
    expect(await mismatch(spend('province_special', 'training', '临县职业培训学校'))).toEqual([
      { code: 'source_category_mismatch', message: '财政专项资金不得用于培训（能力建设）支出' },
    ]);
    expect(await mismatch(spend('city', 'rent', '临县房产公司'))).toEqual([]);
    const [rules] = await sandbox.db.query<{ template_version: number }>(
      `SELECT template_version FROM funding.programme_rules WHERE programme_id = $1`,
      [programmeId],
    );
    expect(rules).toEqual({ template_version: 2 });
  });

  it('refuses every write to a closed programme’s money (409, in Chinese), and writes nothing', async () => {
    await handled(ProgrammeClosed, {
      programmeId,
      programmeCode,
      name: '公益性零工市场县县全覆盖',
      year: 2027,
      status: 'closed',
      closedAt: new Date().toISOString(),
      closedBy: changedBy,
    });
    const before = await sandbox.writeCounts();
    const readOnly = {
      code: 'conflict',
      message: '「公益性零工市场县县全覆盖」2027 年度计划已关闭，只能查看，不能修改（关闭后不能重新打开）',
    };
    await expect(spend('province_special', 'rent', '临县房产公司')).rejects.toMatchObject(readOnly);
    await expect(
      sandbox.rpc.call(RecordDisbursementRpc, {
        actor: demoActors.lvliang,
        projectId: project.projectId,
        date: '2027-05-02',
        amountWan: '1.00',
        source: 'county',
        documentNumber: '临财〔2027〕1号',
      }),
    ).rejects.toMatchObject(readOnly);
    await expect(
      sandbox.rpc.call(SetAllocationsRpc, {
        actor: demoActors.province,
        projectId: project.projectId,
        allocations: [{ source: 'county', amountWan: '5.00' }],
      }),
    ).rejects.toMatchObject(readOnly);
    await expect(
      sandbox.rpc.call(SetProgrammeBudgetRpc, {
        actor: demoActors.province,
        programmeCode,
        budgets: [{ source: 'province_special', amountWan: '100.00' }],
      }),
    ).rejects.toMatchObject(readOnly);
    expect(await sandbox.writeCounts()).toEqual(before);
  });
});
