import type { INestMicroservice } from '@nestjs/common';
import { DEMO_PROGRAMME_CODE, MilestoneScheduled } from '@duban/contracts';
import { PlatformConfig, startService, Transactions, type Tx } from '@duban/platform';
import { testEnvironment, uniqueNamespace } from '@duban/testing';
import { AppModule } from '../app.module';
import { MilestonesRepository } from '../milestones/milestones.repository';
import { OfficersRepository } from '../officers/officers.repository';
import { ProgrammesRepository } from '../programmes/programmes.repository';
import { ProjectsRepository } from '../projects/projects.repository';
import { RegionsRepository } from '../regions/regions.repository';
import { PopulationSource } from './demo-regions-rules';

const start = (config: PlatformConfig) => startService(AppModule.forRoot(config), { logs: false });

describe('projects demo data', () => {
  const config = PlatformConfig.fromEnv(
    'projects',
    testEnvironment({ DUBAN_DEMO: 'true', DUBAN_NAMESPACE: uniqueNamespace('demo') }),
  );
  let app: INestMicroservice;
  let regions: RegionsRepository;
  let tx: Tx;

  beforeAll(async () => {
    // Two replicas starting at once on an empty database: both must start, and load the data once.
    const [first, second] = await Promise.all([start(config), start(config)]);
    await second.close();
    app = first;
    regions = app.get(RegionsRepository);
    tx = app.get(Transactions).none;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('loads 山西省 with its 11 cities and 117 counties', async () => {
    expect(await regions.countByLevel(tx)).toEqual({ country: 0, province: 1, city: 11, county: 117 });
    const cities = await regions.findChildren(tx, '140000');
    expect(cities).toHaveLength(11);
    expect(cities.every((city) => city.level === 'city')).toBe(true);
  });

  it('puts 13 counties, 临县 among them, under 吕梁市', async () => {
    expect(await regions.findByCode(tx, '141100')).toMatchObject({
      name: '吕梁市',
      level: 'city',
      parentCode: '140000',
    });
    const counties = await regions.findChildren(tx, '141100');
    expect(counties).toHaveLength(13);
    expect(counties.map((county) => county.name)).toContain('临县');
  });

  it('gives 临县 and the province the documents’ yearbook figures, labelled as such', async () => {
    expect(await regions.findByCode(tx, '141124')).toMatchObject({
      name: '临县',
      level: 'county',
      parentCode: '141100',
      population: 389906,
      populationSource: PopulationSource.yearbook2022,
    });
    expect(await regions.findByCode(tx, '140000')).toMatchObject({
      name: '山西省',
      level: 'province',
      parentCode: null,
      population: 34804758,
      populationSource: '山西统计年鉴-2022（2021年末常住人口）',
    });
  });

  it('gives every other county its census figure, labelled as the census', async () => {
    expect(await regions.findByCode(tx, '141102')).toMatchObject({
      name: '离石区',
      population: 456355,
      populationSource: '第七次全国人口普查（2020-11-01常住人口）',
    });
    const counties = (
      await Promise.all((await regions.findChildren(tx, '140000')).map((city) => regions.findChildren(tx, city.code)))
    ).flat();
    const bySource = countBy(counties.map((county) => county.populationSource));
    expect(bySource).toEqual({ [PopulationSource.census2020]: 116, [PopulationSource.yearbook2022]: 1 });
    // Cities carry no figure of their own.
    expect((await regions.findChildren(tx, '140000')).filter((city) => city.population !== null)).toHaveLength(0);
  });

  it('loads one programme: 2023 公益性零工市场县县全覆盖 over 山西省’s 117 counties', async () => {
    const programmes = await app.get(ProgrammesRepository).findAll(tx);
    expect(programmes).toHaveLength(1);
    expect(programmes[0]).toMatchObject({
      code: DEMO_PROGRAMME_CODE,
      name: '公益性零工市场县县全覆盖',
      year: 2023,
      rootRegionCode: '140000',
      countyCount: 117,
    });
  });

  async function demoProgrammeId(): Promise<string> {
    return ((await app.get(ProgrammesRepository).findByCode(tx, DEMO_PROGRAMME_CODE)) as { id: string }).id;
  }

  /** What the demo instantiation left: projects, milestones, scheduled events (by history mark). */
  async function instantiation() {
    const programmeId = await demoProgrammeId();
    const projects = await app.get(ProjectsRepository).findByProgramme(tx, programmeId);
    const milestones = await app.get(MilestonesRepository).findByProjects(
      tx,
      projects.map((project) => project.id),
    );
    const events: { history: boolean; n: number }[] = await tx.query(
      `SELECT (envelope->'data'->>'history')::boolean AS history, count(*)::int AS n FROM projects.outbox
        WHERE subject = $1 AND envelope->'data'->>'programmeId' = $2 GROUP BY 1`,
      [MilestoneScheduled.type, programmeId],
    );
    return { projects, milestones, events };
  }

  it('gives the 2023 programme the documents’ template, DESIGN’s reminder policy and the 3-working-day light rule', async () => {
    const programme = await app.get(ProgrammesRepository).findByCode(tx, DEMO_PROGRAMME_CODE);
    expect(programme?.milestoneTemplate.map((item) => item.title)).toEqual([
      '出台建设方案（报县委县政府审批同意后发文报市局）',
      '完成选址',
      '全面进入建设推进阶段（申请县级配套资金、招标）',
      '全面施工建设',
      '基本建成',
      '试运行',
      '迎接市局验收检查（验收签字后自动完成）',
      '年底前完成公益性零工市场建设',
    ]);
    expect(programme).toMatchObject({
      yellowWithinWorkingDays: 3,
      reminderPolicy: { sendAt: '09:00', timeZone: 'Asia/Shanghai' },
    });
  });

  it('instantiates it for all 117 counties: 117 projects × 8 milestones due in 2023, each announced once, as history', async () => {
    const { projects, milestones, events } = await instantiation();
    expect(projects).toHaveLength(117);
    expect(new Set(projects.map((project) => project.regionCode)).size).toBe(117);
    expect(milestones).toHaveLength(117 * 8);
    expect(milestones.every((milestone) => milestone.dueDate?.startsWith('2023-') && milestone.dueAt === null)).toBe(
      true,
    );
    expect(milestones.every((milestone) => milestone.status === 'pending')).toBe(true);
    expect(events).toEqual([{ history: true, n: 936 }]);
    const names = projects.map((project) => project.name);
    expect(names).toContain('临县公益性零工市场');
    expect(names.every((name) => name.endsWith('公益性零工市场'))).toBe(true);
    // Populations and their sources come from the regions.
    expect(projects.find((project) => project.regionCode === '141102')).toMatchObject({
      population: 456355,
      populationSource: PopulationSource.census2020,
    });
  });

  it('seeds 临县 as the documents name it: 150+ m² and its leading group, responsible for its milestones', async () => {
    const { projects, milestones } = await instantiation();
    const linxian = projects.find((project) => project.regionCode === '141124');
    expect(linxian).toMatchObject({
      population: 389906,
      populationSource: PopulationSource.yearbook2022,
      plannedAreaM2: 150,
      plannedAreaAtLeast: true,
    });
    const officers = await app.get(OfficersRepository).findByProject(tx, linxian?.id as string);
    expect(officers.map(({ name, role, title, unit, username }) => ({ name, role, title, unit, username }))).toEqual([
      {
        name: '张振玉',
        role: 'leader',
        title: '县人力资源和社会保障局局长',
        unit: '临县人力资源和社会保障局',
        username: 'zhangzhenyu',
      },
      {
        name: '赵碧龙',
        role: 'deputy',
        title: '县人力资源和社会保障局副局长',
        unit: '临县人力资源和社会保障局',
        username: null,
      },
      {
        name: '刘星',
        role: 'deputy',
        title: '县创业就业服务中心主任',
        unit: '临县创业就业服务中心',
        username: 'linxian',
      },
      {
        name: '李淑云',
        role: 'member',
        title: '县人力资源和社会保障局办公室主任',
        unit: '临县人力资源和社会保障局',
        username: null,
      },
      {
        name: '刘新升',
        role: 'member',
        title: '县人力资源和社会保障局就业管理股股长',
        unit: '临县人力资源和社会保障局',
        username: null,
      },
      {
        name: '刘晓龙',
        role: 'member',
        title: '县创业就业服务中心副主任',
        unit: '临县创业就业服务中心',
        username: null,
      },
    ]);
    const nameOf = new Map(officers.map((officer) => [officer.id, officer.name]));
    const responsible = Object.fromEntries(
      milestones
        .filter((milestone) => milestone.projectId === linxian?.id)
        .map((milestone) => [milestone.key, milestone.responsibleOfficerIds.map((id) => nameOf.get(id)).join('、')]),
    );
    expect(responsible).toEqual({
      plan: '张振玉、刘星、李淑云',
      site: '张振玉、刘星',
      push: '张振玉、刘星、赵碧龙',
      build: '刘星、赵碧龙、刘晓龙',
      built: '刘星、刘晓龙',
      trial: '刘星、刘新升',
      accept: '张振玉、刘星',
      finish: '张振玉、刘星',
    });
    // Other counties have no group in the documents: none is invented.
    const others = projects.filter((project) => project.regionCode !== '141124').map((project) => project.id);
    expect(await app.get(OfficersRepository).findByProjects(tx, others)).toHaveLength(0);
  });

  it('changes nothing when the service starts again', async () => {
    const programmesBefore = await app.get(ProgrammesRepository).findAll(tx);
    const before = await instantiation();
    const again = await start(config);
    try {
      expect(await again.get(RegionsRepository).countByLevel(tx)).toEqual({
        country: 0,
        province: 1,
        city: 11,
        county: 117,
      });
      expect(await again.get(ProgrammesRepository).findAll(tx)).toEqual(programmesBefore);
      const after = await instantiation();
      expect(after.projects).toHaveLength(before.projects.length);
      expect(after.milestones).toHaveLength(before.milestones.length);
      expect(after.events).toEqual(before.events);
    } finally {
      await again.close();
    }
  });
});

function countBy(values: readonly (string | null)[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[String(value)] = (counts[String(value)] ?? 0) + 1;
  return counts;
}
