import {
  AcceptMonthlyReportRpc,
  DomainError,
  GetMonthlyReportRpc,
  ListMonthlyReportsRpc,
  NotFoundError,
  ResubmitMonthlyReportRpc,
  ReturnMonthlyReportRpc,
  SubmitMonthlyReportRpc,
  ValidationError,
  type Actor,
  type MonthlyReport,
  DashboardRollupChanged,
} from '@duban/contracts';
import { demoActors as actors } from '@duban/testing';
import { startProjectsSandbox, writeCounts, type ProjectsSandbox } from '../__fixtures__/projects-sandbox';

const SUBJECTS = {
  submitted: 'duban.projects.report.submitted.v1',
  returned: 'duban.projects.report.returned.v1',
  accepted: 'duban.projects.report.accepted.v1',
};

const fields = {
  constructionType: 'renovation' as const,
  progress: 'built' as const,
  actualAreaM2: 160,
  address: '山西省吕梁市临县临泉镇公益性零工市场',
  workContent: '1. 零工市场投入运行；2. 举办零工专场招聘会一场',
  difficulties: '信息平台尚未统一',
  suggestions: '尽快上线省级零工信息服务平台',
};
const figures = { gigJobsOffered: 42, gigWorkerVisits: 310, placements: 57 };

describe('monthly reports (月报) over RPC', () => {
  let sandbox: ProjectsSandbox;
  const projects = { linxian: '', lishi: '', xiaodian: '' };

  beforeAll(async () => {
    sandbox = await startProjectsSandbox('reports', { demo: false });
    const db = sandbox.db;
    await db.query(`
      INSERT INTO projects.region (code, name, level, parent_code) VALUES
        ('140000', '山西省', 'province', NULL), ('141100', '吕梁市', 'city', '140000'), ('140100', '太原市', 'city', '140000'),
        ('141124', '临县', 'county', '141100'), ('141102', '离石区', 'county', '141100'), ('140105', '小店区', 'county', '140100')`);
    const [programme] = await db.query<{ id: string }>(`
      INSERT INTO projects.programme (code, name, year, root_region_code, county_count, report_due_day, operating_figures_from_month)
      VALUES ('test-reports-2023', '公益性零工市场县县全覆盖', 2023, '140000', 117, 25, 10) RETURNING id`);
    for (const [key, code, name] of [
      ['linxian', '141124', '临县公益性零工市场'],
      ['lishi', '141102', '离石区公益性零工市场'],
      ['xiaodian', '140105', '小店区公益性零工市场'],
    ] as const) {
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO projects.county_project (programme_id, region_code, name) VALUES ($1, $2, $3) RETURNING id`,
        [programme.id, code, name],
      );
      projects[key] = row.id;
    }
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  const submit = (actor: Actor, projectId: string, body: Record<string, unknown>) =>
    sandbox.rpc.call(SubmitMonthlyReportRpc, { actor, projectId, ...body } as never);

  async function eventsBySubject(reportId: string): Promise<Record<string, number>> {
    const rows: { subject: string; count: number }[] = await sandbox.db.query(
      `SELECT subject, count(*)::int AS count FROM projects.outbox WHERE aggregate_id = $1 AND subject <> '${DashboardRollupChanged.type}' GROUP BY subject`,
      [reportId],
    );
    return Object.fromEntries(rows.map((row) => [row.subject, row.count]));
  }

  async function auditRows(targetId: string) {
    return (await sandbox.db.query(
      `SELECT action, outcome, actor_username AS username, before, after, detail FROM projects.audit_log WHERE target_id = $1 ORDER BY id`,
      [targetId],
    )) as {
      action: string;
      outcome: string;
      username: string;
      before: MonthlyReport | null;
      after: MonthlyReport | null;
      detail: string | null;
    }[];
  }

  it('runs the whole cycle: submit → return with a comment → resubmit → accept, one event and one audit row per step', async () => {
    sandbox.clock.setNow(new Date('2023-10-20T10:00:00+08:00'));
    const submitted = await submit(actors.linxian, projects.linxian, { month: '2023-10', ...fields, ...figures });
    expect(submitted).toMatchObject({
      status: 'submitted',
      late: false,
      month: '2023-10',
      regionCode: '141124',
      dueAt: '2023-10-25T16:00:00.000Z',
    });
    expect(await eventsBySubject(submitted.id)).toEqual({ [SUBJECTS.submitted]: 1 });

    sandbox.clock.setNow(new Date('2023-10-23T15:00:00+08:00'));
    const returned = await sandbox.rpc.call(ReturnMonthlyReportRpc, {
      actor: actors.lvliang,
      reportId: submitted.id,
      comment: '请补充本月招聘会的具体场次和参会企业数',
    });
    expect(returned).toMatchObject({
      status: 'returned',
      reviewComment: '请补充本月招聘会的具体场次和参会企业数',
      reviewedBy: 'lvliang',
    });
    expect(await eventsBySubject(submitted.id)).toEqual({ [SUBJECTS.submitted]: 1, [SUBJECTS.returned]: 1 });

    // Resubmitted after the due day: still not late, since the county first filed on time.
    sandbox.clock.setNow(new Date('2023-10-27T09:00:00+08:00'));
    const resubmitted = await sandbox.rpc.call(ResubmitMonthlyReportRpc, {
      actor: actors.linxian,
      reportId: submitted.id,
      ...fields,
      workContent: '1. 零工市场投入运行；2. 举办零工专场招聘会2场，参会企业35家',
      ...figures,
    });
    expect(resubmitted).toMatchObject({ status: 'submitted', late: false, submittedAt: '2023-10-27T01:00:00.000Z' });
    expect(await eventsBySubject(submitted.id)).toEqual({ [SUBJECTS.submitted]: 2, [SUBJECTS.returned]: 1 });

    sandbox.clock.setNow(new Date('2023-10-28T10:00:00+08:00'));
    const accepted = await sandbox.rpc.call(AcceptMonthlyReportRpc, { actor: actors.lvliang, reportId: submitted.id });
    expect(accepted.status).toBe('accepted');
    expect(await eventsBySubject(submitted.id)).toEqual({
      [SUBJECTS.submitted]: 2,
      [SUBJECTS.returned]: 1,
      [SUBJECTS.accepted]: 1,
    });

    // The history: who, when, what, with which comment.
    expect(
      accepted.history.map(({ action, status, at, by, comment }) => ({ action, status, at, by: by.username, comment })),
    ).toEqual([
      { action: 'submitted', status: 'submitted', at: '2023-10-20T02:00:00.000Z', by: 'linxian', comment: null },
      {
        action: 'returned',
        status: 'returned',
        at: '2023-10-23T07:00:00.000Z',
        by: 'lvliang',
        comment: '请补充本月招聘会的具体场次和参会企业数',
      },
      { action: 'resubmitted', status: 'submitted', at: '2023-10-27T01:00:00.000Z', by: 'linxian', comment: null },
      { action: 'accepted', status: 'accepted', at: '2023-10-28T02:00:00.000Z', by: 'lvliang', comment: null },
    ]);
    expect(accepted.history[2]?.changedFields).toEqual(['workContent']);

    // The event carries what notifications needs.
    const [event] = await sandbox.db.query<{ envelope: { data: unknown } }>(
      `SELECT envelope FROM projects.outbox WHERE aggregate_id = $1 AND subject = $2`,
      [submitted.id, SUBJECTS.returned],
    );
    expect(event.envelope.data).toEqual({
      reportId: submitted.id,
      projectId: projects.linxian,
      programmeId: submitted.programmeId,
      regionCode: '141124',
      cityRegionCode: '141100',
      month: '2023-10',
      status: 'returned',
      late: false,
      dueAt: '2023-10-25T16:00:00.000Z',
      by: { userId: actors.lvliang.userId, username: 'lvliang', displayName: '吕梁市人社局', role: 'city_officer' },
      comment: '请补充本月招聘会的具体场次和参会企业数',
    });

    // One audit row per step, each with its before and after.
    const audit = await auditRows(submitted.id);
    expect(audit.map((row) => [row.action, row.outcome, row.username])).toEqual([
      ['monthly_report.submit', 'done', 'linxian'],
      ['monthly_report.return', 'done', 'lvliang'],
      ['monthly_report.resubmit', 'done', 'linxian'],
      ['monthly_report.accept', 'done', 'lvliang'],
    ]);
    expect(audit[0]).toMatchObject({ before: null, after: { status: 'submitted' } });
    expect(audit[1]).toMatchObject({ before: { status: 'submitted' }, after: { status: 'returned' } });
    expect(audit[2]).toMatchObject({
      before: { status: 'returned', workContent: fields.workContent },
      after: { status: 'submitted' },
    });
    expect(audit[3]).toMatchObject({ before: { status: 'submitted' }, after: { status: 'accepted' } });
  });

  it('refuses to edit, return or resubmit an accepted report (409, in Chinese), writing nothing', async () => {
    const [{ id }] = await sandbox.db.query<{ id: string }>(
      `SELECT id FROM projects.monthly_report WHERE project_id = $1 AND month = '2023-10'`,
      [projects.linxian],
    );
    const before = await writeCounts(sandbox.db);
    await expect(
      sandbox.rpc.call(ResubmitMonthlyReportRpc, { actor: actors.linxian, reportId: id, ...fields, ...figures }),
    ).rejects.toMatchObject({ code: 'conflict', message: '该月报已审核通过，不能再修改、退回或重新报送' });
    await expect(
      sandbox.rpc.call(ReturnMonthlyReportRpc, { actor: actors.lvliang, reportId: id, comment: '再看看' }),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(await writeCounts(sandbox.db)).toEqual(before);
    const refused = (await auditRows(id)).filter((row) => row.outcome === 'refused');
    expect(refused.map((row) => row.action)).toEqual(['monthly_report.resubmit', 'monthly_report.return']);
  });

  it('refuses a second report for the same month (409: resubmit instead)', async () => {
    const before = await writeCounts(sandbox.db);
    await expect(
      submit(actors.linxian, projects.linxian, { month: '2023-10', ...fields, ...figures }),
    ).rejects.toMatchObject({
      code: 'conflict',
      message: '2023年10月的月报已报送，不能重复报送；如需修改，请修改后重新报送该月报',
    });
    expect(await writeCounts(sandbox.db)).toEqual(before);
  });

  it('requires the three operating figures from October, naming each missing one, and writes nothing', async () => {
    sandbox.clock.setNow(new Date('2023-11-10T10:00:00+08:00'));
    const before = await writeCounts(sandbox.db);
    const error = await submit(actors.linxian, projects.linxian, { month: '2023-11', ...fields }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors?.map((e) => e.field)).toEqual([
      'gigJobsOffered',
      'gigWorkerVisits',
      'placements',
    ]);
    expect((error as ValidationError).errors?.[0]?.message).toBe('自2023年10月起须填报当月提供零工岗位数（非负整数）');
    const partial = await submit(actors.linxian, projects.linxian, {
      month: '2023-11',
      ...fields,
      gigJobsOffered: 3,
    }).catch((caught: unknown) => caught);
    expect((partial as ValidationError).errors?.map((e) => e.field)).toEqual(['gigWorkerVisits', 'placements']);
    expect(await writeCounts(sandbox.db)).toEqual(before);
  });

  it('takes a September report without the figures, and marks it late when filed after 25 September', async () => {
    sandbox.clock.setNow(new Date('2023-11-10T10:00:00+08:00'));
    const report = await submit(actors.linxian, projects.linxian, { month: '2023-09', ...fields });
    expect(report).toMatchObject({
      status: 'submitted',
      late: true,
      gigJobsOffered: null,
      gigWorkerVisits: null,
      placements: null,
    });
    const onTime = await submit(actors.linxian, projects.linxian, { month: '2023-11', ...fields, ...figures });
    expect(onTime.late).toBe(false);
  });

  it.each([
    ['a negative count', { gigJobsOffered: -1 }, 'gigJobsOffered'],
    ['a negative area', { actualAreaM2: -5 }, 'actualAreaM2'],
    ['a non-integer area', { actualAreaM2: 150.5 }, 'actualAreaM2'],
    ['a non-integer count', { placements: 2.5 }, 'placements'],
    ['an unknown construction type', { constructionType: 'rebuild' }, 'constructionType'],
    ['an unknown progress', { progress: 'finished' }, 'progress'],
    ['a malformed month', { month: '2023-13' }, 'month'],
    ['a month not begun yet', { month: '2024-01' }, 'month'],
    ['an empty work content', { workContent: '   ' }, 'workContent'],
    ['an extra field', { status: 'accepted' }, ''],
  ])('refuses %s, naming the field, and writes nothing', async (_label, change, field) => {
    sandbox.clock.setNow(new Date('2023-12-05T10:00:00+08:00'));
    const before = await writeCounts(sandbox.db);
    const error = await submit(actors.linxian, projects.linxian, {
      month: '2023-12',
      ...fields,
      ...figures,
      ...change,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    const errors = (error as ValidationError).errors ?? [];
    if (field) expect(errors.map((e) => e.field)).toContain(field);
    else expect(errors.length).toBeGreaterThan(0);
    expect(await writeCounts(sandbox.db)).toEqual(before);
  });

  it('refuses a malformed id naming the field', async () => {
    const error = await sandbox.rpc
      .call(GetMonthlyReportRpc, { actor: actors.linxian, reportId: 'not-a-uuid' })
      .catch((caught: unknown) => caught);
    expect((error as ValidationError).errors).toEqual([{ field: 'reportId', message: '必须是 UUID' }]);
  });

  describe('roles', () => {
    let reportId: string;

    beforeAll(async () => {
      sandbox.clock.setNow(new Date('2023-08-20T10:00:00+08:00'));
      reportId = (await submit(actors.lishi, projects.lishi, { month: '2023-08', ...fields })).id;
    });

    it('lets only the city (or the province) accept or return: a county officer is forbidden, audited, nothing written', async () => {
      const before = await writeCounts(sandbox.db);
      for (const actor of [actors.lishi, actors.inspector]) {
        const error = await sandbox.rpc
          .call(AcceptMonthlyReportRpc, { actor, reportId })
          .catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(DomainError);
        expect(error).toMatchObject({ code: 'forbidden' });
      }
      await expect(
        sandbox.rpc.call(ReturnMonthlyReportRpc, { actor: actors.lishi, reportId, comment: '自己退回' }),
      ).rejects.toMatchObject({
        code: 'forbidden',
        message: '县级专班无权审核月报（月报由市局审核）',
      });
      expect(await writeCounts(sandbox.db)).toEqual(before);
      const denied = (await auditRows(reportId)).filter((row) => row.outcome === 'denied');
      expect(denied.map((row) => [row.action, row.username])).toEqual([
        ['monthly_report.accept', 'lishi'],
        ['monthly_report.accept', 'inspector'],
        ['monthly_report.return', 'lishi'],
      ]);
    });

    it('lets only the county’s 专班 submit: the city and a leading member are forbidden', async () => {
      const before = await writeCounts(sandbox.db);
      await expect(submit(actors.lvliang, projects.lishi, { month: '2023-07', ...fields })).rejects.toMatchObject({
        code: 'forbidden',
        message: '市局工作人员无权报送月报（月报由县级专班报送）',
      });
      await expect(submit(actors.zhangzhenyu, projects.linxian, { month: '2023-07', ...fields })).rejects.toMatchObject(
        {
          code: 'forbidden',
        },
      );
      expect(await writeCounts(sandbox.db)).toEqual(before);
    });

    it('lets the province accept', async () => {
      const accepted = await sandbox.rpc.call(AcceptMonthlyReportRpc, {
        actor: actors.province,
        reportId,
        comment: '同意',
      });
      expect(accepted).toMatchObject({ status: 'accepted', reviewedBy: 'province', reviewComment: '同意' });
    });

    it('lets leading members and inspectors read in their scope', async () => {
      const list = await sandbox.rpc.call(ListMonthlyReportsRpc, {
        actor: actors.zhangzhenyu,
        projectId: projects.linxian,
      });
      expect(list.items.map((report) => report.month)).toEqual(['2023-11', '2023-10', '2023-09']);
      const seen = await sandbox.rpc.call(GetMonthlyReportRpc, { actor: actors.inspector, reportId });
      expect(seen.id).toBe(reportId);
    });
  });

  describe('scope', () => {
    it('answers 404 outside the caller’s scope, shows nothing in lists, and audits the denial', async () => {
      const [{ id: linxianReport }] = await sandbox.db.query<{ id: string }>(
        `SELECT id FROM projects.monthly_report WHERE project_id = $1 AND month = '2023-10'`,
        [projects.linxian],
      );
      const before = await writeCounts(sandbox.db);
      for (const call of [
        () => sandbox.rpc.call(GetMonthlyReportRpc, { actor: actors.lishi, reportId: linxianReport }),
        () => sandbox.rpc.call(GetMonthlyReportRpc, { actor: actors.taiyuan, reportId: linxianReport }),
        () => sandbox.rpc.call(ListMonthlyReportsRpc, { actor: actors.lishi, projectId: projects.linxian }),
        () =>
          sandbox.rpc.call(ReturnMonthlyReportRpc, { actor: actors.taiyuan, reportId: linxianReport, comment: '越权' }),
        () => submit(actors.lishi, projects.linxian, { month: '2023-06', ...fields }),
      ]) {
        const error = await call().catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(NotFoundError);
      }
      expect(await writeCounts(sandbox.db)).toEqual(before);
      const denied = (await auditRows(linxianReport)).filter((row) => row.outcome === 'denied');
      expect(denied.map((row) => [row.action, row.username])).toEqual([
        ['monthly_report.get', 'lishi'],
        ['monthly_report.get', 'taiyuan'],
        ['monthly_report.return', 'taiyuan'],
      ]);
      const projectDenials = (await auditRows(projects.linxian)).filter((row) => row.outcome === 'denied');
      expect(projectDenials.map((row) => [row.action, row.username])).toEqual([
        ['monthly_report.submit', 'zhangzhenyu'], // forbidden by role, earlier
        ['monthly_report.list', 'lishi'],
        ['monthly_report.submit', 'lishi'],
      ]);
      // The city sees its counties' reports and nothing of another city's.
      const lvliang = await sandbox.rpc.call(ListMonthlyReportsRpc, {
        actor: actors.lvliang,
        projectId: projects.linxian,
      });
      expect(lvliang.items).toHaveLength(3);
      await expect(
        sandbox.rpc.call(ListMonthlyReportsRpc, { actor: actors.lvliang, projectId: projects.xiaodian }),
      ).rejects.toBeInstanceOf(NotFoundError);
    });

    it('answers a wrong id with the same 404, without a denial', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      await expect(
        sandbox.rpc.call(GetMonthlyReportRpc, { actor: actors.province, reportId: missing }),
      ).rejects.toMatchObject({
        code: 'not_found',
        message: '月报不存在',
      });
      expect(await auditRows(missing)).toEqual([]);
    });
  });
});
