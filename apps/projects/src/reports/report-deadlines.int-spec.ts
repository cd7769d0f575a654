import {
  DEFAULT_REMINDER_POLICY,
  type DomainError,
  CreateOfficerRpc,
  ProjectDeadlines,
  PutReportSettingsRpc,
  ResubmitMonthlyReportRpc,
  ReturnMonthlyReportRpc,
  SubmitMonthlyReportRpc,
  type Deadline,
  type Notice,
} from '@duban/contracts';
import { Clock, Transactions } from '@duban/platform';
import { demoActors as actors } from '@duban/testing';
import { startProjectsSandbox, type ProjectsSandbox } from '../__fixtures__/projects-sandbox';
import { ProgrammeInstantiationService } from '../programmes/programme-instantiation.service';
import { ProgrammesRepository } from '../programmes/programmes.repository';
import { monthsOfYear } from './report-deadline-rules';
import { UNOWED_REPORT_MONTHS, UnowedReportMonthsRepair } from './unowed-report-months-repair.service';

/**
 * Monthly reports as deadlines, as the projects service announces them through its outbox: every month of
 * a new programme's year for each county, cleared by the submission, a new deadline for each return, the
 * notices of a submission (to the city) and a return (to the county), and the months not yet filed again
 * when the province changes the report settings. Real Postgres and NATS; what is counted is the outbox.
 */
describe('monthly reports as deadlines (projects outbox)', () => {
  let sandbox: ProjectsSandbox;
  let programmeId = '';
  let projectId = '';

  const fields = {
    constructionType: 'renovation' as const,
    progress: 'built' as const,
    workContent: '零工市场投入运行',
    difficulties: '',
    suggestions: '',
    gigJobsOffered: 42,
    gigWorkerVisits: 310,
    placements: 57,
  };

  const deadlinesSet = () => sandbox.outboxEnvelopes<Deadline>(ProjectDeadlines.DeadlineSet.type);
  const cleared = () =>
    sandbox.outboxEnvelopes<{ deadlineId: string; reason: string }>(ProjectDeadlines.DeadlineCleared.type);
  const notices = () => sandbox.outboxEnvelopes<Notice>(ProjectDeadlines.NoticeRaised.type);
  /** The months of `projectId`'s report deadlines among `deadlines`. */
  const monthsOf = (projectId: string, deadlines: { deadlineId: string }[]) =>
    deadlines.filter((d) => d.deadlineId.startsWith(`report:${projectId}:`)).map((d) => d.deadlineId.slice(-7));
  /** A 2026 programme set up at `setUpAt` (the clock set there) with a project for 临县. */
  const setUpMidYear = async (
    code: string,
    name: string,
    setUpAt: string,
  ): Promise<{ programmeId: string; projectId: string }> => {
    sandbox.app.get(Clock).setNow(setUpAt);
    const id = await setUpProgramme(sandbox, {
      code,
      name,
      counties: [['141124', '临县公益性零工市场']],
      setUpAt: new Date(setUpAt),
    });
    const [row] = await sandbox.db.query<{ id: string }>(
      `SELECT id FROM projects.county_project WHERE programme_id = $1`,
      [id],
    );
    return { programmeId: id, projectId: row?.id ?? '' };
  };

  beforeAll(async () => {
    sandbox = await startProjectsSandbox('reportdeadlines', { demo: false });
    await sandbox.db.query(`
      INSERT INTO projects.region (code, name, level, parent_code) VALUES
        ('140000', '山西省', 'province', NULL), ('141100', '吕梁市', 'city', '140000'),
        ('141124', '临县', 'county', '141100'), ('141102', '离石区', 'county', '141100')`);
    sandbox.app.get(Clock).setNow('2026-10-20T10:00:00+08:00');
    // Set up before its year: it owes every month (the last case sets one up mid-year).
    programmeId = await setUpProgramme(sandbox, {
      code: 'test-reports-2026',
      name: '公益性零工市场县县全覆盖',
      counties: [
        ['141124', '临县公益性零工市场'],
        ['141102', '离石区公益性零工市场'],
      ],
      setUpAt: new Date('2025-12-15T10:00:00+08:00'),
    });
    const [row] = await sandbox.db.query<{ id: string }>(
      `SELECT id FROM projects.county_project WHERE region_code = '141124'`,
    );
    if (!row) throw new Error('临县 has no project');
    projectId = row.id;
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it("announces every month of the year for each county: due the programme's day, to the county, escalating to the city", async () => {
    const set = await deadlinesSet();
    expect(set).toHaveLength(24);
    const october = set.find((e) => e.data.deadlineId === `report:${projectId}:2026-10`)?.data;
    expect(october).toEqual({
      deadlineId: `report:${projectId}:2026-10`,
      subjectType: 'report',
      subjectId: projectId,
      title: '2026年10月月报',
      programmeId,
      projectId,
      regionCode: '141124',
      regionName: '临县',
      cityRegionCode: '141100',
      due: { date: '2026-10-25' },
      responsible: [{ kind: 'role', role: 'county_officer', regionCode: '141124' }],
      countyLeader: null,
      cityOfficer: { kind: 'role', role: 'city_officer', regionCode: '141100' },
      policy: { ...DEFAULT_REMINDER_POLICY, escalation: { afterWorkingDaysOverdue: 0, recipients: ['city_officer'] } },
      plan: null,
      history: false,
    });
  });

  it('a submission clears the month and tells the city; a return sets a new deadline and tells the county; a resubmission clears it', async () => {
    const report = await sandbox.rpc.call(SubmitMonthlyReportRpc, {
      actor: actors.linxian,
      projectId,
      month: '2026-10',
      ...fields,
    });
    expect((await cleared()).map((e) => e.data)).toEqual([
      { deadlineId: `report:${projectId}:2026-10`, reason: 'done' },
    ]);
    expect((await notices()).map((e) => [e.data.title, e.data.recipients])).toEqual([
      ['【月报待审】临县2026年10月月报已报送', [{ kind: 'role', role: 'city_officer', regionCode: '141100' }]],
    ]);

    // Returned on Tuesday 2026-10-27: due again 5 working days later, Tuesday 2026-11-03.
    sandbox.app.get(Clock).setNow('2026-10-27T10:00:00+08:00');
    await sandbox.rpc.call(ReturnMonthlyReportRpc, {
      actor: actors.lvliang,
      reportId: report.id,
      // Ended by its own 。: the notice quotes it once, not followed by a second.
      comment: '请补充当月服务零工人次的统计口径。',
    });
    const afterReturn = await deadlinesSet();
    expect(afterReturn).toHaveLength(25);
    expect(afterReturn.at(-1)?.data).toMatchObject({
      deadlineId: `report-return:${report.id}:1`,
      title: '2026年10月月报（退回后重新报送）',
      due: { date: '2026-11-03' },
      responsible: [{ kind: 'role', role: 'county_officer', regionCode: '141124' }],
    });
    const returned = (await notices()).at(-1)?.data;
    expect(returned).toMatchObject({
      title: '【月报退回】临县2026年10月月报被退回',
      recipients: [{ kind: 'role', role: 'county_officer', regionCode: '141124' }],
      projectId,
    });
    expect(returned?.body).toMatch(
      /退回，意见：请补充当月服务零工人次的统计口径。请修改后于2026年11月3日（当日24时前）重新报送。$/,
    );

    await sandbox.rpc.call(ResubmitMonthlyReportRpc, { actor: actors.linxian, reportId: report.id, ...fields });
    expect((await cleared()).map((e) => e.data.deadlineId)).toEqual([
      `report:${projectId}:2026-10`,
      `report-return:${report.id}:1`,
    ]);
    expect((await notices()).map((e) => e.data.title)).toEqual([
      '【月报待审】临县2026年10月月报已报送',
      '【月报退回】临县2026年10月月报被退回',
      '【月报待审】临县2026年10月月报已重新报送',
    ]);
  });

  it('new report settings announce the months not yet filed again, with the exact plan; only the province may set them', async () => {
    const before = (await deadlinesSet()).length;
    await expect(
      sandbox.rpc.call(PutReportSettingsRpc, {
        actor: actors.lvliang,
        programmeId,
        reportDueDay: 20,
        reportResubmitWorkingDays: 3,
        reportReminderPlan: null,
      }),
    ).rejects.toMatchObject({ code: 'forbidden' } satisfies Partial<DomainError>);
    expect(await deadlinesSet()).toHaveLength(before);

    const programme = await sandbox.rpc.call(PutReportSettingsRpc, {
      actor: actors.province,
      programmeId,
      reportDueDay: 20,
      reportResubmitWorkingDays: 3,
      reportReminderPlan: ['-PT1H', 'PT0S'],
    });
    expect(programme).toMatchObject({
      reportDueDay: 20,
      reportResubmitWorkingDays: 3,
      reportReminderPlan: ['-PT1H', 'PT0S'],
    });
    const again = (await deadlinesSet()).slice(before).map((e) => e.data);
    // 临县 filed October: 11 months again; 离石区 none: 12.
    expect(again).toHaveLength(23);
    expect(again.some((d) => d.deadlineId === `report:${projectId}:2026-10`)).toBe(false);
    expect(again.find((d) => d.deadlineId === `report:${projectId}:2026-11`)).toMatchObject({
      due: { at: '2026-11-20T16:00:00.000Z' },
      plan: ['-PT1H', 'PT0S'],
    });
    const audit = await sandbox.auditRows({ action: 'programme.report-settings', outcome: 'done' });
    expect(audit).toHaveLength(1);
  });

  it("the county's 组长 answers for its reports: adding one announces the unfiled months again, naming the 组长", async () => {
    const before = (await deadlinesSet()).length;
    const leader = await sandbox.rpc.call(CreateOfficerRpc, {
      actor: actors.linxian,
      projectId,
      officer: {
        name: '高建平',
        role: 'leader',
        title: '县政府副县长',
        unit: '临县人民政府',
        username: null,
        contacts: { mobile: '13700137001' },
        smsOptedOut: false,
      },
    });
    const again = (await deadlinesSet()).slice(before).map((e) => e.data);
    // 临县's 11 unfiled months, and none of 离石区's.
    expect(again).toHaveLength(11);
    expect(again.every((d) => d.projectId === projectId)).toBe(true);
    const named = { kind: 'officer', officerId: leader.id, name: '高建平', username: null };
    expect(again.find((d) => d.deadlineId === `report:${projectId}:2026-11`)).toMatchObject({
      responsible: [{ kind: 'role', role: 'county_officer', regionCode: '141124' }, named],
      countyLeader: named,
      cityOfficer: { kind: 'role', role: 'city_officer', regionCode: '141100' },
    });
    expect(again.some((d) => d.deadlineId === `report:${projectId}:2026-10`)).toBe(false);
  });

  it('a programme set up mid-year owes only the months still to fall due, and withdraws the others when its settings change', async () => {
    const { programmeId: midYearId, projectId: midYearProject } = await setUpMidYear(
      'test-reports-2026-from-october',
      '公益性零工市场县县全覆盖（十月起）',
      '2026-10-20T10:00:00+08:00',
    );

    // Set up on 20 October: October's report (due the 25th) on, not January's to September's.
    expect(
      monthsOf(
        midYearProject,
        (await deadlinesSet()).map((e) => e.data),
      ),
    ).toEqual(['2026-10', '2026-11', '2026-12']);

    const clearedBefore = (await cleared()).length;
    const setBefore = (await deadlinesSet()).length;
    await sandbox.rpc.call(PutReportSettingsRpc, {
      actor: actors.province,
      programmeId: midYearId,
      reportDueDay: 15,
      reportResubmitWorkingDays: 3,
      reportReminderPlan: null,
    });
    // Due on the 15th now, October's day had passed at the set-up: November and December are owed, and the
    // months before are withdrawn (as a programme made mid-year before this rule had announced them all).
    expect(
      monthsOf(
        midYearProject,
        (await deadlinesSet()).slice(setBefore).map((e) => e.data),
      ),
    ).toEqual(['2026-11', '2026-12']);
    const withdrawn = (await cleared()).slice(clearedBefore).map((e) => e.data);
    expect(withdrawn.every((d) => d.reason === 'cancelled')).toBe(true);
    expect(monthsOf(midYearProject, withdrawn)).toEqual(monthsOfYear(2026).slice(0, 10));
  });

  it('an install from before that rule: at its next start the service withdraws, once, the months its programmes do not owe', async () => {
    const { projectId: novemberProject } = await setUpMidYear(
      'test-reports-2026-from-november',
      '公益性零工市场县县全覆盖（十一月起）',
      '2026-11-20T10:00:00+08:00',
    );
    // What the migration notes on an install that has programmes (a new one has none: nothing is noted).
    await sandbox.db.query(`INSERT INTO projects.data_repair (name) VALUES ($1)`, [UNOWED_REPORT_MONTHS]);
    const clearedBefore = (await cleared()).length;

    const repair = sandbox.app.get(UnowedReportMonthsRepair);
    expect(await repair.run()).toBeGreaterThanOrEqual(10);
    const withdrawn = (await cleared()).slice(clearedBefore).map((e) => e.data);
    expect(withdrawn.every((d) => d.reason === 'cancelled')).toBe(true);
    // Set up on 20 November: January to October withdrawn; November (due the 25th) and December still owed.
    expect(monthsOf(novemberProject, withdrawn)).toEqual(monthsOfYear(2026).slice(0, 10));
    // A programme set up before its year owes every month: nothing of it is withdrawn.
    expect(monthsOf(projectId, withdrawn)).toEqual([]);

    // Done once: the note is gone, and a second start withdraws nothing.
    expect(await sandbox.db.query(`SELECT name FROM projects.data_repair`)).toEqual([]);
    expect(await repair.run()).toBeNull();
    expect((await cleared()).length).toBe(clearedBefore + withdrawn.length);
  });
});

/** A 2026 programme of 2026's settings set up at `setUpAt`, with a project for each county: its id. */
function setUpProgramme(
  sandbox: ProjectsSandbox,
  options: { code: string; name: string; counties: [regionCode: string, name: string][]; setUpAt: Date },
): Promise<string> {
  return sandbox.app.get(Transactions).run(async (tx) => {
    const programme = await sandbox.app.get(ProgrammesRepository).insert(
      tx,
      {
        code: options.code,
        name: options.name,
        year: 2026,
        rootRegionCode: '140000',
        countyCount: options.counties.length,
        milestoneTemplate: [],
        reminderPolicy: DEFAULT_REMINDER_POLICY,
        reportDueDay: 25,
        reportResubmitWorkingDays: 5,
        reportReminderPlan: null,
        operatingFiguresFromMonth: 10,
        yellowWithinWorkingDays: 3,
        sourceProgrammeId: null,
      },
      options.setUpAt,
    );
    await sandbox.app.get(ProgrammeInstantiationService).instantiate(
      tx,
      programme,
      options.counties.map(([regionCode, name]) => ({
        regionCode,
        name,
        population: null,
        populationSource: null,
        plannedAreaM2: null,
        plannedAreaAtLeast: false,
        noRecruitmentHall: false,
        officers: [],
        responsibleByKey: {},
      })),
      { history: false },
    );
    return programme.id;
  });
}
