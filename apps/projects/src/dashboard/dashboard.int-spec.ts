import {
  DEMO_PROGRAMME_CODE,
  GetDashboardRpc,
  NotFoundError,
  ValidationError,
  type DashboardRow,
} from '@duban/contracts';
import { actors, startProjectsSandbox, type ProjectsSandbox } from '../__fixtures__/projects-sandbox';

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
    const db = sandbox.dataSource;
    [{ id: programmeId }] = await db.query(`SELECT id FROM projects.programme WHERE code = $1`, [DEMO_PROGRAMME_CODE]);
    const projectOf = async (code: string): Promise<string> =>
      (
        await db.query(`SELECT id FROM projects.county_project WHERE programme_id = $1 AND region_code = $2`, [
          programmeId,
          code,
        ])
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
    const report = async (code: string, month: string, status: string, late = false) =>
      db.query(
        `INSERT INTO projects.monthly_report (project_id, month, construction_type, progress, work_content, status, late, submitted_at, submitted_by)
         VALUES ($1, $2, 'new', 'site_selected', '选址', $3, $4, now(), 'fixture')`,
        [await projectOf(code), month, status, late],
      );
    await report(LISHI, '2023-03', 'accepted');
    await report(LISHI, '2023-04', 'submitted');
    await report(LINXIAN, '2023-04', 'returned');
    await report(WENSHUI, '2023-04', 'accepted', true);
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  // Monday 15 May 2023, 10:00 in China: three working days ahead reach Thursday the 18th.
  const MAY_15 = '2023-05-15T10:00:00+08:00';

  it('lists 吕梁市’s 13 counties with exact counts by light, share done, overdue and latest reports', async () => {
    sandbox.setNow(new Date(MAY_15));
    const dashboard = await sandbox.rpc.call(GetDashboardRpc, { actor: actors.lvliang, region: LVLIANG });
    expect(dashboard.programme).toMatchObject({ id: programmeId, year: 2023 });
    expect(dashboard.asOf).toBe('2023-05-15T02:00:00.000Z');
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
    sandbox.setNow(new Date('2023-05-26T10:00:00+08:00'));
    const dashboard = await sandbox.rpc.call(GetDashboardRpc, { actor: actors.lvliang, region: LVLIANG });
    expect(dashboard.total.milestones).toEqual({ green: 48, yellow: 12, red: 32, done: 13, total: 105 });
    expect(row(dashboard.children, LINXIAN).milestones).toEqual({ green: 4, yellow: 1, red: 2, done: 2, total: 9 });
  });

  it('rolls the province up by city, each city’s row the sum of its counties', async () => {
    sandbox.setNow(new Date(MAY_15));
    const [province, lvliang] = await Promise.all([
      sandbox.rpc.call(GetDashboardRpc, { actor: actors.province, region: '140000', programmeId }),
      sandbox.rpc.call(GetDashboardRpc, { actor: actors.province, region: LVLIANG }),
    ]);
    expect(province.children).toHaveLength(11);
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
    sandbox.setNow(new Date(MAY_15));
    const dashboard = await sandbox.rpc.call(GetDashboardRpc, { actor: actors.linxian, region: LINXIAN });
    expect(dashboard.children).toEqual([]);
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
    const denied: { username: string; target: string }[] = await sandbox.dataSource.query(
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
