import {
  CompleteMilestoneRpc,
  CreateMilestoneRpc,
  GetProjectRpc,
  ListMilestonesRpc,
  ListOfficersRpc,
  ListProgrammesRpc,
  ListProjectsRpc,
  ListRegionsRpc,
  ProjectUpdated,
  ReopenMilestoneRpc,
  UpdateMilestoneRpc,
  UpdateProjectRpc,
  type ProjectView,
} from '@duban/contracts';
import { demoActors as actors, LINXIAN, LISHI } from '@duban/testing';
import { startProjectsSandbox, type ProjectsSandbox } from '../__fixtures__/projects-sandbox';

/** Who sees what, and who may change what, with every refusal in the audit trail. */
describe('scope and roles over RPC (real Postgres and NATS, demo data)', () => {
  let sandbox: ProjectsSandbox;
  let linxian: ProjectView;
  let lishi: ProjectView;
  let lishiPlan: string;

  beforeAll(async () => {
    sandbox = await startProjectsSandbox('scope');
    const all = await sandbox.rpc.call(ListProjectsRpc, { actor: actors.province });
    linxian = all.find((project) => project.regionCode === LINXIAN) as ProjectView;
    lishi = all.find((project) => project.regionCode === LISHI) as ProjectView;
    const lishiMilestones = await sandbox.rpc.call(ListMilestonesRpc, { actor: actors.province, projectId: lishi.id });
    lishiPlan = lishiMilestones.find((milestone) => milestone.key === 'plan')?.id as string;
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it('shows the province all 117 projects, 吕梁市 its 13, 临县 its own, an inspector its assigned counties', async () => {
    expect(await sandbox.rpc.call(ListProjectsRpc, { actor: actors.province })).toHaveLength(117);
    const lvliang = await sandbox.rpc.call(ListProjectsRpc, { actor: actors.lvliang });
    expect(lvliang).toHaveLength(13);
    expect(lvliang.every((project) => project.cityRegionCode === '141100')).toBe(true);
    expect((await sandbox.rpc.call(ListProjectsRpc, { actor: actors.linxian })).map((p) => p.regionCode)).toEqual([
      LINXIAN,
    ]);
    expect(
      (await sandbox.rpc.call(ListProjectsRpc, { actor: actors.inspector })).map((p) => p.regionCode).sort(),
    ).toEqual([LISHI, LINXIAN].sort());
    // A region above the scope narrows to the scope; 吕梁市 for 临县's officer is 临县 alone.
    expect(
      (await sandbox.rpc.call(ListProjectsRpc, { actor: actors.linxian, region: '141100' })).map((p) => p.regionCode),
    ).toEqual([LINXIAN]);
  });

  it('shows 临县’s project as the documents give it: name, population with its source, 150+ m², red light', async () => {
    expect(linxian).toMatchObject({
      name: '临县公益性零工市场',
      regionName: '临县',
      cityRegionCode: '141100',
      programmeYear: 2023,
      population: 389906,
      populationSource: '山西统计年鉴-2022（2021年末常住人口）',
      plannedAreaM2: 150,
      plannedAreaAtLeast: true,
      light: 'red',
      constructionType: null,
    });
    expect(lishi).toMatchObject({ name: '离石区公益性零工市场', plannedAreaM2: null, population: 456355 });
  });

  it('hides 离石区’s project from 临县’s officer: not found, absent from lists, the denial audited', async () => {
    await expect(sandbox.rpc.call(GetProjectRpc, { actor: actors.linxian, projectId: lishi.id })).rejects.toMatchObject(
      {
        code: 'not_found',
        message: '项目不存在',
      },
    );
    const denials = await sandbox.auditRows({ action: 'project.get', targetId: lishi.id, outcome: 'denied' });
    expect(denials).toEqual([expect.objectContaining({ actor_username: 'linxian', target_type: 'county_project' })]);
    // The same answer as for an id that does not exist, and that one is not a denial.
    const missing = '0b9c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3';
    await expect(sandbox.rpc.call(GetProjectRpc, { actor: actors.linxian, projectId: missing })).rejects.toMatchObject({
      code: 'not_found',
      message: '项目不存在',
    });
    expect(await sandbox.auditRows({ targetId: missing })).toHaveLength(0);

    expect(await sandbox.rpc.call(ListProjectsRpc, { actor: actors.linxian, region: LISHI })).toEqual([]);
    expect(await sandbox.auditRows({ action: 'project.list', targetId: LISHI, outcome: 'denied' })).toHaveLength(1);
    for (const call of [
      sandbox.rpc.call(ListMilestonesRpc, { actor: actors.linxian, projectId: lishi.id }),
      sandbox.rpc.call(ListOfficersRpc, { actor: actors.linxian, projectId: lishi.id }),
      sandbox.rpc.call(UpdateProjectRpc, {
        actor: actors.linxian,
        projectId: lishi.id,
        changes: { address: '离石区' },
      }),
      sandbox.rpc.call(CompleteMilestoneRpc, {
        actor: actors.linxian,
        milestoneId: lishiPlan,
        evidence: { text: '完成' },
      }),
      sandbox.rpc.call(ReopenMilestoneRpc, { actor: actors.linxian, milestoneId: lishiPlan, reason: '重开' }),
      sandbox.rpc.call(UpdateMilestoneRpc, {
        actor: actors.linxian,
        milestoneId: lishiPlan,
        changes: { status: 'in_progress' },
      }),
      sandbox.rpc.call(CreateMilestoneRpc, {
        actor: actors.linxian,
        projectId: lishi.id,
        milestone: {
          title: '越权',
          dueAt: '2030-01-01T00:00:00Z',
          responsibleOfficerIds: [linxian.id],
          reminderPlan: ['PT0S'],
        },
      }),
    ]) {
      await expect(call).rejects.toMatchObject({ code: 'not_found' });
    }
    const denied = await sandbox.auditRows({ outcome: 'denied' });
    const lishiDenials = denied.filter((row) => row.target_id === lishi.id || row.target_id === lishiPlan);
    expect(lishiDenials.map((row) => row.action).sort()).toEqual(
      [
        'milestone.complete',
        'milestone.create',
        'milestone.list',
        'milestone.reopen',
        'milestone.update',
        'officer.list',
        'project.get',
        'project.update',
      ].sort(),
    );
    expect(lishiDenials.every((row) => row.actor_username === 'linxian' && row.detail === 'out_of_scope')).toBe(true);
    // Nothing about 离石区 changed.
    expect(await sandbox.outboxCount(ProjectUpdated.type, lishi.id)).toBe(0);
  });

  it('walks the region tree inside and above the scope only', async () => {
    const names = async (actor: (typeof actors)[keyof typeof actors], parent?: string) =>
      (await sandbox.rpc.call(ListRegionsRpc, { actor, ...(parent ? { parent } : {}) })).map((region) => region.name);
    expect(await names(actors.linxian)).toEqual(['山西省']);
    expect(await names(actors.linxian, '140000')).toEqual(['吕梁市']);
    expect(await names(actors.linxian, '141100')).toEqual(['临县']);
    expect(await names(actors.linxian, LINXIAN)).toEqual([]);
    expect(await names(actors.province, '140000')).toHaveLength(11);
    expect(await names(actors.lvliang, '141100')).toHaveLength(13);
    const [county] = await sandbox.rpc.call(ListRegionsRpc, { actor: actors.lvliang, parent: '141100' });
    expect(county).toEqual({
      code: '141102',
      name: '离石区',
      level: 'county',
      parentCode: '141100',
      population: 456355,
      populationSource: '第七次全国人口普查（2020-11-01常住人口）',
    });
    await expect(sandbox.rpc.call(ListRegionsRpc, { actor: actors.linxian, parent: '140100' })).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(await sandbox.auditRows({ action: 'region.list', targetId: '140100', outcome: 'denied' })).toHaveLength(1);
    await expect(sandbox.rpc.call(ListRegionsRpc, { actor: actors.linxian, parent: '999999' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('lists the programme for every role whose scope lies under its province', async () => {
    for (const actor of Object.values(actors)) {
      const programmes = await sandbox.rpc.call(ListProgrammesRpc, { actor });
      expect(programmes.map((programme) => [programme.year, programme.projectCount])).toEqual([[2023, 117]]);
    }
  });

  it('lets the county keep its construction columns, and emits one project updated event', async () => {
    const updated = await sandbox.rpc.call(UpdateProjectRpc, {
      actor: actors.linxian,
      projectId: linxian.id,
      changes: {
        constructionType: 'renovation',
        progress: 'under_construction',
        actualAreaM2: 160,
        address: '临县临泉镇新城区人力资源市场一层',
        version: linxian.version,
      },
    });
    expect(updated).toMatchObject({
      constructionType: 'renovation',
      progress: 'under_construction',
      actualAreaM2: 160,
      address: '临县临泉镇新城区人力资源市场一层',
      version: linxian.version + 1,
    });
    const events = await sandbox.outboxEnvelopes(ProjectUpdated.type, linxian.id);
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toMatchObject({
      regionCode: LINXIAN,
      regionName: '临县',
      version: linxian.version + 1,
      changes: { constructionType: { before: null, after: 'renovation' }, actualAreaM2: { before: null, after: 160 } },
      updatedBy: { username: 'linxian' },
    });
    const [audit] = await sandbox.auditRows({ action: 'project.update', targetId: linxian.id, outcome: 'done' });
    expect(audit).toMatchObject({ before: { actualAreaM2: null }, after: { actualAreaM2: 160 } });
    // The same values again: no write, no event.
    await sandbox.rpc.call(UpdateProjectRpc, {
      actor: actors.linxian,
      projectId: linxian.id,
      changes: { actualAreaM2: 160 },
    });
    expect(await sandbox.outboxCount(ProjectUpdated.type, linxian.id)).toBe(1);
    // A stale version is refused.
    await expect(
      sandbox.rpc.call(UpdateProjectRpc, {
        actor: actors.linxian,
        projectId: linxian.id,
        changes: { actualAreaM2: 170, version: linxian.version },
      }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('keeps the planning columns for the city and the province: the county gets 403, naming them', async () => {
    const error = await sandbox.rpc
      .call(UpdateProjectRpc, {
        actor: actors.linxian,
        projectId: linxian.id,
        changes: { plannedAreaM2: 100, actualAreaM2: 200 },
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'forbidden', message: '县级专班不能修改：应规划室内场所面积' });
    expect(await sandbox.auditRows({ action: 'project.update', targetId: linxian.id, outcome: 'denied' })).toHaveLength(
      1,
    );
    const byCity = await sandbox.rpc.call(UpdateProjectRpc, {
      actor: actors.lvliang,
      projectId: linxian.id,
      changes: { plannedAreaM2: 200, plannedAreaAtLeast: false, noRecruitmentHall: true },
    });
    expect(byCity).toMatchObject({
      plannedAreaM2: 200,
      plannedAreaAtLeast: false,
      noRecruitmentHall: true,
      actualAreaM2: 160,
    });
    for (const actor of [actors.zhangzhenyu, actors.inspector]) {
      await expect(
        sandbox.rpc.call(UpdateProjectRpc, { actor, projectId: linxian.id, changes: { address: '改' } }),
      ).rejects.toMatchObject({ code: 'forbidden' });
    }
    await expect(
      sandbox.rpc.call(UpdateProjectRpc, {
        actor: actors.taiyuan,
        projectId: linxian.id,
        changes: { plannedAreaM2: 1 },
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(await sandbox.outboxCount(ProjectUpdated.type, linxian.id)).toBe(2);
  });

  it('lets nobody read-only add, edit or reopen milestones (403, audited)', async () => {
    const [plan] = await sandbox.rpc.call(ListMilestonesRpc, { actor: actors.inspector, projectId: linxian.id });
    for (const actor of [actors.zhangzhenyu, actors.inspector]) {
      await expect(
        sandbox.rpc.call(UpdateMilestoneRpc, {
          actor,
          milestoneId: plan?.id as string,
          changes: { status: 'in_progress' },
        }),
      ).rejects.toMatchObject({ code: 'forbidden' });
      await expect(
        sandbox.rpc.call(ReopenMilestoneRpc, { actor, milestoneId: plan?.id as string, reason: '重开' }),
      ).rejects.toMatchObject({ code: 'forbidden' });
    }
    const denied = await sandbox.auditRows({ targetId: plan?.id, outcome: 'denied' });
    expect(denied.map((row) => `${row.actor_username} ${row.action}`).sort()).toEqual([
      'inspector milestone.reopen',
      'inspector milestone.update',
      'zhangzhenyu milestone.reopen',
      'zhangzhenyu milestone.update',
    ]);
  });
});
