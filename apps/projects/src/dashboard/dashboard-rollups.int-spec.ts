import {
  CompleteMilestoneRpc,
  GetDashboardRpc,
  ListMilestonesRpc,
  ListProjectsRpc,
  NotFoundError,
  ReopenMilestoneRpc,
  ReturnMonthlyReportRpc,
  SubmitMonthlyReportRpc,
  AcceptMonthlyReportRpc,
  type Actor,
  type Dashboard,
} from '@duban/contracts';
import { isDeepStrictEqual } from 'node:util';
import { Transactions } from '@duban/platform';
import { demoActors as actors, waitFor } from '@duban/testing';
import { startProjectsSandbox, type ProjectsSandbox } from '../__fixtures__/projects-sandbox';
import { RegionsRepository } from '../regions/regions.repository';
import { DashboardRollups } from './dashboard-rollups.service';
import { DashboardService } from './dashboard.service';

const SHANXI = '140000';
const LVLIANG = '141100';
const TAIYUAN = '140100';
const LINXIAN = '141124';
const LISHI = '141102';

const report = {
  constructionType: 'renovation' as const,
  progress: 'built' as const,
  actualAreaM2: 160,
  address: '山西省吕梁市临县临泉镇公益性零工市场',
  workContent: '零工市场投入运行',
  difficulties: '',
  suggestions: '',
};

/**
 * The dashboard's read model against the scan it replaces, on the real Postgres and NATS: after a sequence
 * of writes through the service's own RPCs (completions, a reopening, reports submitted, returned and
 * accepted), the events alone bring the rollups to exactly what a scan of every milestone and report gives,
 * for the province and the city, and a caller still sees only its own region.
 */
describe('dashboard read model (rollups kept by events)', () => {
  let sandbox: ProjectsSandbox;
  let service: DashboardService;

  beforeAll(async () => {
    sandbox = await startProjectsSandbox('rollups', { demo: true });
    service = sandbox.app.get(DashboardService);
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  const request = (actor: Actor, region: string) => ({ actor, region });

  /** Waits until the rollups give what the scan gives (the events of the last writes are applied). */
  async function readModelEqualsScan(actor: Actor, region: string): Promise<Dashboard> {
    // As the caller receives it (JSON); compared whatever the order of keys.
    const scan = JSON.parse(JSON.stringify(await service.getByScan(request(actor, region)))) as Dashboard;
    return waitFor(
      `${region}'s rollups equal the scan`,
      () => sandbox.rpc.call(GetDashboardRpc, request(actor, region)),
      (rollups) => isDeepStrictEqual(JSON.parse(JSON.stringify(rollups)), scan),
      { timeoutMs: 60_000, intervalMs: 200 },
    );
  }

  async function projectOf(actor: Actor, region: string): Promise<string> {
    const [project] = await sandbox.rpc.call(ListProjectsRpc, { actor, region });
    return project?.id as string;
  }

  async function milestoneIds(actor: Actor, projectId: string): Promise<Record<string, string>> {
    const milestones = await sandbox.rpc.call(ListMilestonesRpc, { actor, projectId });
    return Object.fromEntries(milestones.map((milestone) => [milestone.key ?? milestone.id, milestone.id]));
  }

  it('equals a scan after the demo load, and after completions, a reopening and reviewed reports', async () => {
    sandbox.clock.setNow(new Date('2023-04-20T10:00:00+08:00'));
    const before = await readModelEqualsScan(actors.province, SHANXI);
    expect(before.total).toMatchObject({ countyCount: 117, projectCount: 117, milestones: { total: 936, done: 0 } });

    const linxian = await projectOf(actors.linxian, LINXIAN);
    const ids = await milestoneIds(actors.linxian, linxian);
    const evidence = { text: '县委县政府已审批同意建设方案', attachments: [] };
    for (const key of ['plan', 'site', 'push']) {
      await sandbox.rpc.call(CompleteMilestoneRpc, { actor: actors.linxian, milestoneId: ids[key], evidence });
    }
    await sandbox.rpc.call(ReopenMilestoneRpc, {
      actor: actors.lvliang,
      milestoneId: ids.push,
      reason: '缺少招标文件',
    });
    const submitted = await sandbox.rpc.call(SubmitMonthlyReportRpc, {
      actor: actors.linxian,
      projectId: linxian,
      month: '2023-04',
      ...report,
      gigJobsOffered: 42,
      gigWorkerVisits: 310,
      placements: null,
    } as never);
    await sandbox.rpc.call(ReturnMonthlyReportRpc, {
      actor: actors.lvliang,
      reportId: submitted.id,
      comment: '请补充',
    });
    const lishi = await projectOf(actors.lishi, LISHI);
    const lishiReport = await sandbox.rpc.call(SubmitMonthlyReportRpc, {
      actor: actors.lishi,
      projectId: lishi,
      month: '2023-03',
      ...report,
      gigJobsOffered: 8,
      gigWorkerVisits: null,
      placements: 3,
    } as never);
    await sandbox.rpc.call(AcceptMonthlyReportRpc, { actor: actors.lvliang, reportId: lishiReport.id } as never);

    const province = await readModelEqualsScan(actors.province, SHANXI);
    expect(province.total.milestones).toMatchObject({ total: 936, done: 2 });
    expect(province.total.reports).toEqual({ submitted: 0, returned: 1, accepted: 1, none: 115 });
    const city = await readModelEqualsScan(actors.lvliang, LVLIANG);
    const row = city.children.find((child) => child.region.code === LINXIAN);
    expect(row).toMatchObject({
      projectId: linxian,
      milestones: { done: 2, total: 8 },
      latestReport: { id: submitted.id, month: '2023-04', status: 'returned' },
      latestFigures: { month: '2023-04', counties: 1, gigJobsOffered: 42, gigWorkerVisits: 310, placements: null },
    });
    expect(city.series.find((month) => month.month === '2023-04')).toMatchObject({ done: 2 });
    expect(city.series.find((month) => month.month === '2023-03')?.figures).toEqual({
      counties: 1,
      gigJobsOffered: 8,
      gigWorkerVisits: null,
      placements: 3,
    });
  });

  it('keeps each caller to its region: the city sees its 13 counties, another city is not found', async () => {
    const city = await sandbox.rpc.call(GetDashboardRpc, request(actors.lvliang, LVLIANG));
    expect(city.total.countyCount).toBe(13);
    expect(city.children).toHaveLength(13);
    expect(city.children.reduce((sum, child) => sum + child.milestones.total, 0)).toBe(city.total.milestones.total);
    await expect(sandbox.rpc.call(GetDashboardRpc, request(actors.lvliang, TAIYUAN))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(sandbox.rpc.call(GetDashboardRpc, request(actors.linxian, LVLIANG))).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('keeps what it read only until it changes: a county added, a programme renamed, a completion applied show at once', async () => {
    const read = () => sandbox.rpc.call(GetDashboardRpc, request(actors.lvliang, LVLIANG));
    const kept = await read();
    expect(await read()).toMatchObject({ total: kept.total, children: kept.children });
    const newCounty = { code: '141199', name: '演练县', level: 'county' as const, parentCode: LVLIANG };

    // A county loaded as the region import loads them (RegionsRepository.insertMissing), in another transaction.
    await sandbox.app
      .get(Transactions)
      .run((tx) =>
        sandbox.app
          .get(RegionsRepository)
          .insertMissing(tx, [{ ...newCounty, population: null, populationSource: null }]),
      );
    const withCounty = await read();
    expect(withCounty.total).toMatchObject({ countyCount: 14, projectCount: 13 });
    expect(withCounty.children.map((child) => child.region.code)).toContain(newCounty.code);
    expect(withCounty.children.find((child) => child.region.code === newCounty.code)).toMatchObject({
      countyCount: 1,
      projectCount: 0,
      milestones: { total: 0 },
      projectId: null,
    });
    // The tree read again, the scope is checked on it: 临县's administrator still does not see the city.
    await expect(sandbox.rpc.call(GetDashboardRpc, request(actors.linxian, LVLIANG))).rejects.toBeInstanceOf(
      NotFoundError,
    );

    const programmeId = withCounty.programme?.id as string;
    await sandbox.db.query(`UPDATE projects.programme SET name = name || '（更名）' WHERE id = $1`, [programmeId]);
    expect((await read()).programme?.name).toBe(`${withCounty.programme?.name}（更名）`);

    // A completion written as a fixture (no event), then applied to the read model: one read shows it.
    const done = withCounty.total.milestones.done;
    const linxian = await projectOf(actors.linxian, LINXIAN);
    await sandbox.db.query(
      `UPDATE projects.milestone SET status = 'done', completed_at = now(), completed_by = 'fixture'
        WHERE id = (SELECT id FROM projects.milestone WHERE project_id = $1 AND status <> 'done' ORDER BY sort LIMIT 1)`,
      [linxian],
    );
    await sandbox.app.get(Transactions).run((tx) => sandbox.app.get(DashboardRollups).apply(tx, linxian));
    const afterCompletion = await read();
    expect(afterCompletion.total.milestones.done).toBe(done + 1);
    expect(afterCompletion.children.find((child) => child.region.code === LINXIAN)?.milestones.done).toBe(
      (withCounty.children.find((child) => child.region.code === LINXIAN)?.milestones.done ?? 0) + 1,
    );

    await sandbox.db.query(`DELETE FROM projects.region WHERE code = $1`, [newCounty.code]);
    expect((await read()).total.countyCount).toBe(13);
  });
});
