import {
  DEMO_PROGRAMME_CODE,
  GetDashboardRpc,
  NotFoundError,
  ValidationError,
  type DashboardRow,
} from '@duban/contracts';
import { demoActors as actors } from '@duban/testing';
import { startProjectsSandbox, type ProjectsSandbox } from '../__fixtures__/projects-sandbox';
import { DashboardRollups } from './dashboard-rollups.service';

const LVLIANG = '141100';
const LISHI = '141102';
const WENSHUI = '141121';
const JIAOCHENG = '141122';
const LINXIAN = '141124';

const row = (rows: DashboardRow[], code: string) =>
  rows.find((candidate) => candidate.region.code === code) as DashboardRow;

/** Sums one count over rows: the children of a region must add up to its total. */
function sum(rows: DashboardRow[], pick: (row: DashboardRow) => number): number {
  return rows.reduce((total, candidate) => total + pick(candidate), 0);
}

describe('dashboard over RPC, on the demo data (2023 programme, 117 counties)', () => {
  let sandbox: ProjectsSandbox;
  let programmeId: string;

  beforeAll(async () => {
    sandbox = await startProjectsSandbox('dashboard', { demo: true });
    const db = sandbox.db;
    [{ id: programmeId }] = await db.query<{ id: string }>(`SELECT id FROM projects.programme WHERE code = $1`, [
      DEMO_PROGRAMME_CODE,
    ]);
    const projectOf = async (code: string): Promise<string> =>
      (
        await db.query<{ id: string }>(
          `SELECT id FROM projects.county_project WHERE programme_id = $1 AND region_code = $2`,
          [programmeId, code],
        )
      )[0].id;
    const complete = (code: string, keys: string[]) =>
      db.query(
        `UPDATE projects.milestone m SET status = 'done', completed_at = '2023-04-20T10:00:00+08:00', completed_by = 'fixture'
           FROM projects.county_project p
          WHERE p.id = m.project_id AND p.programme_id = $1 AND p.region_code = $2 AND m.key = ANY($3::text[])`,
        [programmeId, code, keys],
      );
    await complete(LISHI, ['plan', 'site', 'push']);
    await complete(LINXIAN, ['plan', 'site']);
    await complete(JIAOCHENG, ['plan', 'site', 'push', 'build', 'built', 'trial', 'accept', 'finish']);
    // An extra milestone with an exact instant: 17 May 2023, 18:00 in China.
    await db.query(
      `INSERT INTO projects.milestone (project_id, key, title, due_at, sort) VALUES ($1, NULL, '召开零工市场建设推进会', '2023-05-17T18:00:00+08:00', 9)`,
      [await projectOf(LINXIAN)],
    );
    // Operating figures (当月提供零工岗位数, 当月服务零工人次, 当月达成意向上岗人次) are optional before October.
    const report = async (
      code: string,
      month: string,
      status: string,
      late = false,
      [jobs, visits, placed]: (number | null)[] = [null, null, null],
    ) =>
      db.query(
        `INSERT INTO projects.monthly_report (project_id, month, construction_type, progress, work_content, status, late,
                                              submitted_at, submitted_by, gig_jobs_offered, gig_worker_visits, placements)
         VALUES ($1, $2, 'new', 'site_selected', '选址', $3, $4, now(), 'fixture', $5, $6, $7)`,
        [await projectOf(code), month, status, late, jobs, visits, placed],
      );
    await report(LISHI, '2023-03', 'accepted', false, [10, 20, 5]);
    await report(LISHI, '2023-04', 'submitted', false, [12, 30, null]);
    await report(LINXIAN, '2023-04', 'returned', false, [7, 15, 3]);
    await report(WENSHUI, '2023-04', 'accepted', true);
    // The fixtures above write facts without events: the read model is brought up to date by a rebuild.
    await sandbox.app.get(DashboardRollups).rebuild(programmeId);
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  // Monday 15 May 2023, 10:00 in China: three working days ahead reach Thursday the 18th.
  const MAY_15 = '2023-05-15T10:00:00+08:00';

  it('lists 吕梁市’s 13 counties with exact counts by light, share done, overdue and latest reports', async () => {
    sandbox.clock.setNow(new Date(MAY_15));
    const dashboard = await sandbox.rpc.call(GetDashboardRpc, { actor: actors.lvliang, region: LVLIANG });
    expect(dashboard.programme).toMatchObject({ id: programmeId, year: 2023 });
    expect(dashboard.asOf).toBe('2023-05-15T02:00:00.000Z');
    expect(dashboard.ancestors).toEqual([{ code: '140000', name: '山西省', level: 'province' }]);
    expect(dashboard.children).toHaveLength(13);
    expect(
      dashboard.children.every(
        (child) => child.region.level === 'county' && child.countyCount === 1 && child.projectCount === 1,
      ),
    ).toBe(true);
    expect(dashboard.children.map((child) => child.region.name)).toContain('临县');

    // Each untouched county: plan, site, push overdue (red), the other five ahead (green).
    expect(row(dashboard.children, '141123')).toMatchObject({
      region: { name: '兴县' },
      milestones: { green: 5, yellow: 0, red: 3, done: 0, total: 8 },
      doneShare: '0.0000',
      overdue: 3,
      reports: { submitted: 0, returned: 0, accepted: 0, none: 1 },
      latestReport: null,
      light: 'red',
    });
    expect(row(dashboard.children, LISHI)).toMatchObject({
      milestones: { green: 5, yellow: 0, red: 0, done: 3, total: 8 },
      doneShare: '0.3750',
      overdue: 0,
      reports: { submitted: 1, returned: 0, accepted: 0, none: 0 },
      latestReport: { month: '2023-04', status: 'submitted', late: false },
      light: 'green',
    });
    expect(row(dashboard.children, LINXIAN)).toMatchObject({
      milestones: { green: 5, yellow: 1, red: 1, done: 2, total: 9 },
      doneShare: '0.2222',
      overdue: 1,
      latestReport: { month: '2023-04', status: 'returned' },
      light: 'red',
    });
    expect(row(dashboard.children, JIAOCHENG)).toMatchObject({
      milestones: { green: 0, yellow: 0, red: 0, done: 8, total: 8 },
      doneShare: '1.0000',
      light: 'done',
      latestReport: null,
    });
    expect(row(dashboard.children, WENSHUI)).toMatchObject({
      latestReport: { month: '2023-04', status: 'accepted', late: true },
    });

    // The city as a whole: 13 × 8 template milestones + 1 extra, and the parts add up.
    expect(dashboard.total).toMatchObject({
      region: { code: LVLIANG, name: '吕梁市', level: 'city' },
      countyCount: 13,
      projectCount: 13,
      milestones: { green: 60, yellow: 1, red: 31, done: 13, total: 105 },
      doneShare: '0.1238',
      overdue: 31,
      reports: { submitted: 1, returned: 1, accepted: 1, none: 10 },
      latestReport: null,
      light: 'red',
    });
    for (const key of ['green', 'yellow', 'red', 'done', 'total'] as const) {
      expect(sum(dashboard.children, (child) => child.milestones[key])).toBe(dashboard.total.milestones[key]);
    }
    for (const key of ['submitted', 'returned', 'accepted', 'none'] as const) {
      expect(sum(dashboard.children, (child) => child.reports[key])).toBe(dashboard.total.reports[key]);
    }
    expect(dashboard.project).toBeNull();
  });

  it('moves the lights with the clock', async () => {
    // Friday 26 May: three working days reach Wednesday the 31st, so 全面施工建设 turns yellow; the extra
    // milestone of the 17th is overdue.
    sandbox.clock.setNow(new Date('2023-05-26T10:00:00+08:00'));
    const dashboard = await sandbox.rpc.call(GetDashboardRpc, { actor: actors.lvliang, region: LVLIANG });
    expect(dashboard.total.milestones).toEqual({ green: 48, yellow: 12, red: 32, done: 13, total: 105 });
    expect(row(dashboard.children, LINXIAN).milestones).toEqual({ green: 4, yellow: 1, red: 2, done: 2, total: 9 });
  });

  it('gives each county’s latest operating figures and links its project; the city sums its counties’', async () => {
    sandbox.clock.setNow(new Date(MAY_15));
    const dashboard = await sandbox.rpc.call(GetDashboardRpc, { actor: actors.lvliang, region: LVLIANG });
    const projects: { id: string; code: string }[] = await sandbox.db.query(
      `SELECT id, region_code AS code FROM projects.county_project WHERE programme_id = $1`,
      [programmeId],
    );
    for (const child of dashboard.children) {
      expect(child.projectId).toBe(projects.find((project) => project.code === child.region.code)?.id);
    }
    expect(dashboard.total.projectId).toBeNull();

    // 离石区 reported figures in March and April (April without 上岗人次): April is its latest.
    expect(row(dashboard.children, LISHI).latestFigures).toEqual({
      month: '2023-04',
      counties: 1,
      gigJobsOffered: 12,
      gigWorkerVisits: 30,
      placements: null,
    });
    expect(row(dashboard.children, LINXIAN).latestFigures).toEqual({
      month: '2023-04',
      counties: 1,
      gigJobsOffered: 7,
      gigWorkerVisits: 15,
      placements: 3,
    });
    // 文水县's report gives no figure; 兴县 has no report.
    expect(row(dashboard.children, WENSHUI).latestFigures).toBeNull();
    expect(row(dashboard.children, '141123').latestFigures).toBeNull();
    expect(dashboard.children.filter((child) => child.latestFigures !== null)).toHaveLength(2);
    expect(dashboard.total.latestFigures).toEqual({
      month: '2023-04',
      counties: 2,
      gigJobsOffered: 12 + 7,
      gigWorkerVisits: 30 + 15,
      placements: 3,
    });
  });

  it('gives the city’s progress month by month: milestones planned and done by each month’s end, and figures', async () => {
    sandbox.clock.setNow(new Date(MAY_15));
    const { series, total } = await sandbox.rpc.call(GetDashboardRpc, { actor: actors.lvliang, region: LVLIANG });
    expect(series.map((month) => month.month)).toEqual([
      '2023-01',
      '2023-02',
      '2023-03',
      '2023-04',
      '2023-05',
      '2023-06',
      '2023-07',
      '2023-08',
      '2023-09',
      '2023-10',
      '2023-11',
      '2023-12',
    ]);
    // 13 counties × the template (plan and site in March, push April, build May, built July, trial August,
    // accept October, finish December), and 临县's extra milestone of 17 May.
    expect(series.map((month) => month.plannedDue)).toEqual([
      0,
      0,
      13 * 2,
      13 * 3,
      13 * 4 + 1,
      13 * 4 + 1,
      13 * 5 + 1,
      13 * 6 + 1,
      13 * 6 + 1,
      13 * 7 + 1,
      13 * 7 + 1,
      13 * 8 + 1,
    ]);
    expect(series.at(-1)?.plannedDue).toBe(total.milestones.total);
    // Every completion of the fixture is dated 20 April; nothing is counted done after May, the current month.
    expect(series.map((month) => month.done)).toEqual([0, 0, 0, 13, 13, null, null, null, null, null, null, null]);
    expect(series[4]?.done).toBe(total.milestones.done);
    const none = { counties: 0, gigJobsOffered: null, gigWorkerVisits: null, placements: null };
    expect(series.map((month) => month.figures)).toEqual([
      none,
      none,
      { counties: 1, gigJobsOffered: 10, gigWorkerVisits: 20, placements: 5 },
      { counties: 2, gigJobsOffered: 19, gigWorkerVisits: 45, placements: 3 },
      ...Array.from({ length: 8 }, () => none),
    ]);

    // The province's months add up its cities'; a county has its own.
    const [province, linxian] = await Promise.all([
      sandbox.rpc.call(GetDashboardRpc, { actor: actors.province, region: '140000' }),
      sandbox.rpc.call(GetDashboardRpc, { actor: actors.linxian, region: LINXIAN }),
    ]);
    expect(province.series.map((month) => month.plannedDue).at(-1)).toBe(117 * 8 + 1);
    expect(province.series.map((month) => month.done)).toEqual([
      0,
      0,
      0,
      13,
      13,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(province.series[3]?.figures).toEqual(series[3]?.figures);
    expect(linxian.series.map((month) => [month.plannedDue, month.done])).toEqual([
      [0, 0],
      [0, 0],
      [2, 0],
      [3, 2],
      [5, 2],
      [5, null],
      [6, null],
      [7, null],
      [7, null],
      [8, null],
      [8, null],
      [9, null],
    ]);
  });

  it('rolls the province up by city, each city’s row the sum of its counties', async () => {
    sandbox.clock.setNow(new Date(MAY_15));
    const [province, lvliang] = await Promise.all([
      sandbox.rpc.call(GetDashboardRpc, { actor: actors.province, region: '140000', programmeId }),
      sandbox.rpc.call(GetDashboardRpc, { actor: actors.province, region: LVLIANG }),
    ]);
    expect(province.children).toHaveLength(11);
    expect(province.ancestors).toEqual([]);
    expect(province.children.every((child) => child.region.level === 'city' && child.latestReport === null)).toBe(true);
    expect(province.total).toMatchObject({
      countyCount: 117,
      projectCount: 117,
      milestones: { total: 117 * 8 + 1, done: 13 },
    });
    expect(sum(province.children, (child) => child.countyCount)).toBe(117);
    for (const key of ['green', 'yellow', 'red', 'done', 'total'] as const) {
      expect(sum(province.children, (child) => child.milestones[key])).toBe(province.total.milestones[key]);
    }
    expect(sum(province.children, (child) => child.reports.none)).toBe(114);
    expect(row(province.children, LVLIANG)).toEqual(lvliang.total);
  });

  it('shows a county its project and milestones, each with its light', async () => {
    sandbox.clock.setNow(new Date(MAY_15));
    const dashboard = await sandbox.rpc.call(GetDashboardRpc, { actor: actors.linxian, region: LINXIAN });
    expect(dashboard.children).toEqual([]);
    expect(dashboard.ancestors.map((region) => region.name)).toEqual(['山西省', '吕梁市']);
    expect(dashboard.total).toMatchObject({
      countyCount: 1,
      milestones: { total: 9 },
      latestReport: { status: 'returned' },
    });
    expect(dashboard.project).toMatchObject({
      regionCode: LINXIAN,
      light: 'red',
      latestReport: { month: '2023-04', status: 'returned' },
    });
    expect(
      dashboard.project?.milestones.map((milestone) => [
        milestone.key,
        milestone.dueDate ?? milestone.dueAt,
        milestone.light,
      ]),
    ).toEqual([
      ['plan', '2023-03-31', 'done'],
      ['site', '2023-03-31', 'done'],
      ['push', '2023-04-30', 'red'],
      ['build', '2023-05-31', 'green'],
      ['built', '2023-07-31', 'green'],
      ['trial', '2023-08-31', 'green'],
      ['accept', '2023-10-31', 'green'],
      ['finish', '2023-12-31', 'green'],
      [null, '2023-05-17T10:00:00.000Z', 'yellow'],
    ]);
  });

  it('answers 404 for a region outside the caller’s scope, and audits the denial', async () => {
    for (const [actor, region] of [
      [actors.lishi, LVLIANG],
      [actors.inspector, LVLIANG],
      [actors.taiyuan, LINXIAN],
    ] as const) {
      await expect(sandbox.rpc.call(GetDashboardRpc, { actor, region })).rejects.toBeInstanceOf(NotFoundError);
    }
    const denied: { username: string; target: string }[] = await sandbox.db.query(
      `SELECT actor_username AS username, target_id AS target FROM projects.audit_log
        WHERE action = 'dashboard.get' AND outcome = 'denied' ORDER BY id`,
    );
    expect(denied).toEqual([
      { username: 'lishi', target: LVLIANG },
      { username: 'inspector', target: LVLIANG },
      { username: 'taiyuan', target: LINXIAN },
    ]);
    // The inspector sees the counties it is assigned.
    const assigned = await sandbox.rpc.call(GetDashboardRpc, { actor: actors.inspector, region: LISHI });
    expect(assigned.total.milestones.done).toBe(3);
  });

  it('refuses a malformed region, and answers 404 for an unknown region or programme', async () => {
    const error = await sandbox.rpc
      .call(GetDashboardRpc, { actor: actors.province, region: '14110' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors?.map((e) => e.field)).toEqual(['region']);
    await expect(sandbox.rpc.call(GetDashboardRpc, { actor: actors.province, region: '149999' })).rejects.toMatchObject(
      {
        code: 'not_found',
        message: '地区不存在',
      },
    );
    await expect(
      sandbox.rpc.call(GetDashboardRpc, {
        actor: actors.province,
        region: LVLIANG,
        programmeId: '00000000-0000-4000-8000-000000000000',
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});
