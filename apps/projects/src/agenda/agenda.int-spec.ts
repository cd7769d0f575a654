import {
  AcknowledgeInstructionRpc,
  CompleteMilestoneRpc,
  GetProjectAgendaRpc,
  InstructMilestoneRpc,
  ListMilestonesRpc,
  ListProjectsRpc,
  ReturnMonthlyReportRpc,
  SubmitMonthlyReportRpc,
  UrgeMilestoneRpc,
  type ProjectAgenda,
} from '@duban/contracts';
import { demoActors as actors, LINXIAN } from '@duban/testing';
import { startProjectsSandbox, type ProjectsSandbox } from '../__fixtures__/projects-sandbox';

/** The county officer's home over RPC (real Postgres and NATS, the 2023 demo programme, a set clock). */
describe('a county’s agenda (real Postgres and NATS, demo data)', () => {
  let sandbox: ProjectsSandbox;
  let projectId: string;
  const milestoneIds = new Map<string, string>();
  const at = (iso: string) => sandbox.clock.setNow(new Date(iso));
  const agenda = (actor = actors.linxian): Promise<ProjectAgenda> =>
    sandbox.rpc.call(GetProjectAgendaRpc, { actor, projectId });
  const titles = (items: ProjectAgenda['overdue']) => items.map((item) => `${item.title}:${item.workingDays}`);

  beforeAll(async () => {
    sandbox = await startProjectsSandbox('agenda');
    const [linxian] = await sandbox.rpc.call(ListProjectsRpc, { actor: actors.linxian, region: LINXIAN });
    projectId = linxian!.id;
    for (const milestone of await sandbox.rpc.call(ListMilestonesRpc, { actor: actors.linxian, projectId })) {
      milestoneIds.set(milestone.key!, milestone.id);
    }
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it('lists what falls due next in working days (the next report only) and what is late by working days late', async () => {
    at('2023-05-10T02:00:00Z'); // Wednesday 10:00, after the Labour Day holiday and its adjusted Saturday
    const today = await agenda();
    expect(today.today).toBe('2023-05-10');
    expect(titles(today.upcoming)).toEqual([
      '2023年5月月报:11',
      '全面施工建设:15',
      '基本建成:57',
      '试运行:80',
      '迎接市局验收检查（验收签字后自动完成）:119',
      '年底前完成公益性零工市场建设:162',
    ]);
    expect(today.upcoming[0]).toMatchObject({ kind: 'report', month: '2023-05', dueDay: '2023-05-25' });
    expect(today.upcoming[1]).toMatchObject({ kind: 'milestone', milestoneId: milestoneIds.get('build') });
    // Longest overdue first; 30 April (a Sunday in the holiday) to 10 May is 6 working days (6 May was one).
    expect(titles(today.overdue)).toEqual([
      '2023年1月月报:73',
      '2023年2月月报:51',
      '2023年3月月报:31',
      '出台建设方案（报县委县政府审批同意后发文报市局）:26',
      '完成选址:26',
      '2023年4月月报:9',
      '全面进入建设推进阶段（申请县级配套资金、招标）:6',
    ]);
    expect(today).toMatchObject({ returnedReports: [], instructions: [], urges: [] });
  });

  it('a filed report and a completed milestone leave the list; a returned report shows with its resubmission day', async () => {
    at('2023-05-10T02:00:00Z');
    const report = await sandbox.rpc.call(SubmitMonthlyReportRpc, {
      actor: actors.linxian,
      projectId,
      month: '2023-04',
      constructionType: 'renovation',
      progress: 'site_selected',
      actualAreaM2: null,
      address: null,
      workContent: '完成选址论证',
      difficulties: '无',
      suggestions: '无',
    } as never);
    await sandbox.rpc.call(CompleteMilestoneRpc, {
      actor: actors.linxian,
      milestoneId: milestoneIds.get('plan')!,
      evidence: { text: '临人社发〔2023〕5号已报市局', attachments: [] },
    });
    at('2023-05-11T02:00:00Z');
    await sandbox.rpc.call(ReturnMonthlyReportRpc, {
      actor: actors.lvliang,
      reportId: report.id,
      comment: '请写明选址地址',
    });

    const after = await agenda();
    expect(after.overdue.map((item) => item.title)).toEqual([
      '2023年1月月报',
      '2023年2月月报',
      '2023年3月月报',
      '完成选址',
      '全面进入建设推进阶段（申请县级配套资金、招标）',
    ]);
    // Five working days after Thursday 11 May: Friday, then Monday to Thursday.
    expect(after.returnedReports).toEqual([
      {
        reportId: report.id,
        month: '2023-04',
        returnedAt: '2023-05-11T02:00:00.000Z',
        returnedBy: { username: 'lvliang', displayName: '吕梁市人社局' },
        comment: '请写明选址地址',
        resubmitBy: '2023-05-18',
      },
    ]);
  });

  it('shows the instructions to acknowledge and the week’s urgings, until acknowledged and a week old', async () => {
    const site = milestoneIds.get('site')!;
    at('2023-05-11T03:00:00Z');
    const instruction = await sandbox.rpc.call(InstructMilestoneRpc, {
      actor: actors.province,
      milestoneId: site,
      text: '请县政府专题研究选址',
    });
    await sandbox.rpc.call(UrgeMilestoneRpc, { actor: actors.lvliang, milestoneId: site, message: '本周内完成选址' });

    const asked = await agenda(actors.zhangzhenyu);
    expect(asked.instructions.map((item) => [item.milestoneTitle, item.text, item.writtenBy.username])).toEqual([
      ['完成选址', '请县政府专题研究选址', 'province'],
    ]);
    expect(asked.urges.map((item) => [item.milestoneTitle, item.message, item.urgedBy.username])).toEqual([
      ['完成选址', '本周内完成选址', 'lvliang'],
    ]);

    await sandbox.rpc.call(AcknowledgeInstructionRpc, { actor: actors.linxian, instructionId: instruction.id });
    at('2023-05-18T03:00:01Z');
    expect(await agenda()).toMatchObject({ instructions: [], urges: [] });
  });

  it('is the county’s and its city’s: another city is told the project does not exist', async () => {
    expect((await agenda(actors.lvliang)).projectId).toBe(projectId);
    await expect(agenda(actors.taiyuan)).rejects.toMatchObject({ code: 'not_found' });
  });
});
