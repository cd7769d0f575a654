import {
  CompleteMilestoneRpc,
  DomainError,
  GetOverrunReportRpc,
  ListMilestonesRpc,
  ListProjectsRpc,
  ReopenMilestoneRpc,
  SubmitMonthlyReportRpc,
  type MilestoneView,
  type OverrunReport,
} from '@duban/contracts';
import { demoActors as actors, LINXIAN, LISHI, LVLIANG } from '@duban/testing';
import { startProjectsSandbox, type ProjectsSandbox } from '../__fixtures__/projects-sandbox';

/**
 * 超时倒查 over RPC on the demo data: 临县's 出台建设方案 (due Friday 2023-03-31) completed on Thursday 04-06 is
 * 3 working days late, not 4: 04-05 is 清明, a day off in the holiday table. 完成选址, completed on time, is no
 * overrun. Every other milestone due in March is still open, late so far.
 */
describe('超时倒查 (real Postgres and NATS, demo data)', () => {
  let sandbox: ProjectsSandbox;
  let byKey: Map<string, MilestoneView>;
  let linxianProjectId: string;
  const evidence = { text: '已完成并上传佐证材料' };
  const march = { region: LVLIANG, from: '2023-03-01', to: '2023-03-31' };

  beforeAll(async () => {
    sandbox = await startProjectsSandbox('overruns');
    const [linxian] = await sandbox.rpc.call(ListProjectsRpc, { actor: actors.linxian, region: LINXIAN });
    const milestones = await sandbox.rpc.call(ListMilestonesRpc, { actor: actors.linxian, projectId: linxian!.id });
    byKey = new Map(milestones.map((milestone) => [milestone.key as string, milestone]));
    linxianProjectId = linxian!.id;
    sandbox.clock.setNow(new Date('2023-03-30T02:00:00Z'));
    await sandbox.rpc.call(CompleteMilestoneRpc, { actor: actors.linxian, milestoneId: id('site'), evidence });
    // Thursday 2023-04-06, 10:00 in Shanghai.
    sandbox.clock.setNow(new Date('2023-04-06T02:00:00Z'));
    await sandbox.rpc.call(CompleteMilestoneRpc, { actor: actors.linxian, milestoneId: id('plan'), evidence });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  function id(key: string): string {
    return byKey.get(key)?.id as string;
  }

  const report = (actor = actors.lvliang, query = march): Promise<OverrunReport> =>
    sandbox.rpc.call(GetOverrunReportRpc, { actor, ...query });

  it('records 出台建设方案 as 3 working days late (清明 does not count) with the three officers answering for it', async () => {
    const answer = await report();
    const plan = answer.items.find((item) => item.milestoneId === id('plan'));
    expect(plan).toMatchObject({
      status: 'done',
      workingDaysLate: 3,
      overdueSince: null,
      completedAt: '2023-04-06T02:00:00.000Z',
      regionName: '临县',
    });
    expect(plan?.answerable.map((officer) => officer.name).sort()).toEqual(['刘星', '张振玉', '李淑云'].sort());
    // On time: not an overrun.
    expect(answer.items.some((item) => item.milestoneId === id('site'))).toBe(false);
  });

  it('ranks the 13 counties of 吕梁市 and the officers, with open overdue items late so far and overdue since their deadline', async () => {
    const answer = await report();
    expect(answer.counties).toHaveLength(13);
    const others = answer.items.filter((item) => item.regionCode !== LINXIAN);
    // Every other county: 出台建设方案 and 完成选址 still open, 3 working days late so far on 04-06 (04-03, 04-04, 04-06).
    expect(others).toHaveLength(24);
    expect(new Set(others.map((item) => item.workingDaysLate))).toEqual(new Set([3]));
    expect(new Set(others.map((item) => item.overdueSince))).toEqual(new Set(['2023-03-31T16:00:00.000Z']));
    const linxian = answer.counties.find((county) => county.regionCode === LINXIAN);
    expect(linxian).toMatchObject({ count: 1, open: 0, totalWorkingDaysLate: 3, worstWorkingDaysLate: 3 });
    // 临县 overran least (one item against two): it comes last. The 12 others overran alike: they share 第1名.
    expect(answer.counties.at(-1)).toMatchObject({ regionCode: LINXIAN, rank: 13 });
    expect(answer.counties[0]).toMatchObject({ count: 2, open: 2, totalWorkingDaysLate: 6, worstWorkingDaysLate: 3 });
    expect(answer.counties.slice(0, 12).map((county) => county.rank)).toEqual(Array(12).fill(1));
    expect(answer.total).toEqual({ count: 25, open: 24, totalWorkingDaysLate: 24 * 3 + 3, worstWorkingDaysLate: 3 });
    // Only 临县 has a leading group in the demo: its three officers, 3 working days each.
    expect(answer.officers.map((officer) => [officer.name, officer.count, officer.totalWorkingDaysLate])).toEqual(
      expect.arrayContaining([
        ['刘星', 1, 3],
        ['张振玉', 1, 3],
        ['李淑云', 1, 3],
      ]),
    );
    expect(answer.officers).toHaveLength(3);
    expect(answer.officers.map((officer) => officer.rank)).toEqual([1, 1, 1]);
  });

  it('a reopened milestone is open again: late so far, overdue since its deadline, answered for by its officers now', async () => {
    // Monday 2023-04-10: 04-07 and 04-10 more.
    sandbox.clock.setNow(new Date('2023-04-10T02:00:00Z'));
    await sandbox.rpc.call(ReopenMilestoneRpc, { actor: actors.linxian, milestoneId: id('plan'), reason: '材料不全' });
    const plan = (await report()).items.find((item) => item.milestoneId === id('plan'));
    expect(plan).toMatchObject({ status: 'in_progress', workingDaysLate: 5, overdueSince: '2023-03-31T16:00:00.000Z' });
    expect(plan?.answerable).toHaveLength(3);
  });

  it('shows a county only its own, and nothing of a region outside the caller’s scope', async () => {
    const own = await report(actors.linxian, { ...march, region: LINXIAN });
    expect(own.counties.map((county) => county.regionCode)).toEqual([LINXIAN]);
    const error = await report(actors.taiyuan).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'not_found' });
  });

  it('counts a monthly report filed late with the working days of its first submission and the 组长 then; a missing one of a chased programme is open', async () => {
    // Monday 2023-04-10: the March report, due Saturday 03-25, comes 10 working days late (清明 04-05 is off).
    await sandbox.rpc.call(SubmitMonthlyReportRpc, {
      actor: actors.linxian,
      projectId: linxianProjectId,
      month: '2023-03',
      constructionType: 'renovation',
      progress: 'under_construction',
      actualAreaM2: 160,
      address: '山西省吕梁市临县临泉镇',
      workContent: '完成选址',
      difficulties: '',
      suggestions: '',
    } as never);
    // A programme chased in its own year (created before it ended) whose 离石区 report for March is not filed.
    const [chased] = await sandbox.db.query<{ id: string }>(
      `INSERT INTO projects.programme (code, name, year, root_region_code, county_count, report_due_day,
                                       operating_figures_from_month, created_at)
       VALUES ('overrun-reports-2023', '报送测试', 2023, '140000', 1, 25, 10, '2023-01-05T02:00:00Z') RETURNING id`,
    );
    const [lishi] = await sandbox.db.query<{ id: string }>(
      `INSERT INTO projects.county_project (programme_id, region_code, name) VALUES ($1, $2, '离石区测试项目') RETURNING id`,
      [chased!.id, LISHI],
    );
    // One set up on 28 March, after March's report day: it never owed that report, so nothing of it is listed.
    await sandbox.db.query(
      `WITH programme AS (
         INSERT INTO projects.programme (code, name, year, root_region_code, county_count, report_due_day,
                                         operating_figures_from_month, created_at)
         VALUES ('overrun-reports-2023-late', '三月底立项', 2023, '140000', 1, 25, 10, '2023-03-28T02:00:00Z')
         RETURNING id)
       INSERT INTO projects.county_project (programme_id, region_code, name)
       SELECT id, $1, '离石区三月底立项项目' FROM programme`,
      [LISHI],
    );

    const reports = (await report()).items.filter((item) => item.kind === 'report');
    expect(reports).toEqual([
      expect.objectContaining({
        regionCode: LISHI,
        deadlineId: `report:${lishi!.id}:2023-03`,
        milestoneId: null,
        month: '2023-03',
        title: '2023年3月月报',
        dueDate: '2023-03-25',
        status: 'pending',
        completedAt: null,
        workingDaysLate: 10,
        overdueSince: '2023-03-25T16:00:00.000Z',
        answerable: [],
      }),
      expect.objectContaining({
        regionCode: LINXIAN,
        deadlineId: `report:${linxianProjectId}:2023-03`,
        month: '2023-03',
        status: 'done',
        completedAt: '2023-04-10T02:00:00.000Z',
        workingDaysLate: 10,
        overdueSince: null,
        answerable: [expect.objectContaining({ name: '张振玉', role: 'leader' })],
      }),
    ]);
    // Recorded at the first submission, not counted afresh at each report.
    const [recorded] = await sandbox.db.query<{ late: number }>(
      `SELECT working_days_late AS late FROM projects.monthly_report WHERE project_id = $1 AND month = '2023-03'`,
      [linxianProjectId],
    );
    expect(recorded).toEqual({ late: 10 });
    // The demo's own programme was loaded after its year: its unfiled reports were never chased, so not listed.
    const answer = await report();
    expect(answer.counties.find((county) => county.regionCode === LINXIAN)).toMatchObject({
      count: 2,
      open: 1,
      totalWorkingDaysLate: 5 + 10,
    });
    expect(answer.officers.find((officer) => officer.name === '张振玉')).toMatchObject({
      count: 2,
      totalWorkingDaysLate: 15,
    });
  });
});
