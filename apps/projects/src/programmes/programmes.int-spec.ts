import {
  CreateProgrammeRpc,
  DEMO_PROGRAMME_CODE,
  ListMilestonesRpc,
  ListOfficersRpc,
  ListProgrammesRpc,
  ListProjectsRpc,
  MilestoneScheduled,
  ProjectRegistered,
  type ProgrammeView,
} from '@duban/contracts';
import { demoActors as actors, LINXIAN } from '@duban/testing';
import { startProjectsSandbox, type ProjectsSandbox } from '../__fixtures__/projects-sandbox';

describe('a programme’s next year in one call (real Postgres and NATS, demo data)', () => {
  let sandbox: ProjectsSandbox;
  let source: ProgrammeView;

  beforeAll(async () => {
    sandbox = await startProjectsSandbox('programmes');
    [source] = (await sandbox.rpc.call(ListProgrammesRpc, { actor: actors.province })) as [ProgrammeView];
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  /** Scheduled events of one programme, split by their history mark. */
  async function scheduledEvents(
    programmeId: string,
    subject: string = MilestoneScheduled.type,
  ): Promise<{ history: number; live: number }> {
    const rows: { history: boolean; n: number }[] = await sandbox.db.query(
      `SELECT (envelope->'data'->>'history')::boolean AS history, count(*)::int AS n FROM projects.outbox
        WHERE subject = $1 AND envelope->'data'->>'programmeId' = $2 GROUP BY 1`,
      [subject, programmeId],
    );
    return {
      history: rows.find((row) => row.history)?.n ?? 0,
      live: rows.find((row) => !row.history)?.n ?? 0,
    };
  }

  it('starts from the demo’s 2023 programme: the template of the documents, loaded as history', async () => {
    expect(source).toMatchObject({
      code: DEMO_PROGRAMME_CODE,
      year: 2023,
      projectCount: 117,
      yellowWithinWorkingDays: 3,
    });
    expect(source.milestoneTemplate.map((item) => `${item.key} ${item.due} ${item.after.join('+')}`)).toEqual([
      'plan 03-31 ',
      'site 03-31 ',
      'push 04-30 plan+site',
      'build 05-31 push',
      'built 07-31 build',
      'trial 08-31 built',
      'accept 10-31 trial',
      'finish 12-31 accept',
    ]);
    expect(source.reminderPolicy).toMatchObject({
      beforeDue: { workingDaysBefore: [7, 3, 1], onDueDay: true },
      overdue: { afterWorkingDays: 1, repeatEveryWorkingDays: 3 },
      escalation: { afterWorkingDaysOverdue: 5 },
    });
    expect(await scheduledEvents(source.id)).toEqual({ history: 117 * 8, live: 0 });
  });

  it('creates 2024 from 2023: template deadlines in 2024, 117 projects with their leading groups, 936 milestones announced', async () => {
    const created = await sandbox.rpc.call(CreateProgrammeRpc, {
      actor: actors.province,
      sourceProgrammeId: source.id,
      year: 2024,
    });
    expect(created).toMatchObject({
      code: 'shanxi-2024-gig-markets',
      name: '公益性零工市场县县全覆盖',
      year: 2024,
      sourceProgrammeId: source.id,
      projectCount: 117,
      milestoneTemplate: source.milestoneTemplate,
      reminderPolicy: source.reminderPolicy,
    });
    const projects = await sandbox.rpc.call(ListProjectsRpc, { actor: actors.province, programmeId: created.id });
    expect(projects).toHaveLength(117);
    const linxian = projects.find((project) => project.regionCode === LINXIAN);
    expect(linxian).toMatchObject({
      name: '临县公益性零工市场',
      programmeYear: 2024,
      plannedAreaM2: 150,
      plannedAreaAtLeast: true,
      population: 389906,
    });
    const milestones = await sandbox.rpc.call(ListMilestonesRpc, {
      actor: actors.linxian,
      projectId: linxian?.id as string,
    });
    expect(milestones.map((milestone) => `${milestone.key} ${milestone.dueDate}`)).toEqual([
      'plan 2024-03-31',
      'site 2024-03-31',
      'push 2024-04-30',
      'build 2024-05-31',
      'built 2024-07-31',
      'trial 2024-08-31',
      'accept 2024-10-31',
      'finish 2024-12-31',
    ]);
    const officers = await sandbox.rpc.call(ListOfficersRpc, {
      actor: actors.linxian,
      projectId: linxian?.id as string,
    });
    expect(officers.map((officer) => officer.name)).toEqual(['张振玉', '赵碧龙', '刘星', '李淑云', '刘新升', '刘晓龙']);
    const nameOf = new Map(officers.map((officer) => [officer.id, officer.name]));
    expect(milestones[0]?.responsibleOfficerIds.map((id) => nameOf.get(id))).toEqual(['张振玉', '刘星', '李淑云']);
    // 2024 is before the current year: loaded as history, like the demo's 2023.
    expect(await scheduledEvents(created.id)).toEqual({ history: 936, live: 0 });
    // Funding and evaluation learn of each county's project from this event.
    expect(await scheduledEvents(created.id, ProjectRegistered.type)).toEqual({ history: 117, live: 0 });
    // Each names the province with its own population base (附件4's 全省总计 line), not a sum of counties.
    const [registered] = (await sandbox.db.query(
      `SELECT envelope->'data' AS data FROM projects.outbox
        WHERE subject = $1 AND envelope->'data'->>'programmeId' = $2 AND envelope->'data'->>'regionCode' = $3`,
      [ProjectRegistered.type, created.id, LINXIAN],
    )) as { data: Record<string, unknown> }[];
    expect(registered?.data).toMatchObject({
      provinceRegionCode: '140000',
      provinceName: '山西省',
      provincePopulation: 34_804_758,
      provincePopulationSource: '山西统计年鉴-2022（2021年末常住人口）',
    });
    const [audit] = await sandbox.auditRows({ action: 'programme.create', targetId: created.id, outcome: 'done' });
    expect(audit).toMatchObject({ actor_username: 'province', after: { year: 2024, projects: 117, milestones: 936 } });
  });

  it('announces a current or future year’s milestones as live, not history', async () => {
    const year = new Date().getUTCFullYear() + 1;
    const created = await sandbox.rpc.call(CreateProgrammeRpc, {
      actor: actors.province,
      sourceProgrammeId: source.id,
      year,
    });
    expect(created.code).toBe(`shanxi-${year}-gig-markets`);
    expect(await scheduledEvents(created.id)).toEqual({ history: 0, live: 936 });
  });

  it('refuses a year that already exists for the source (409), and writes nothing', async () => {
    const before = await sandbox.rpc.call(ListProgrammesRpc, { actor: actors.province });
    for (const year of [2024, 2023]) {
      await expect(
        sandbox.rpc.call(CreateProgrammeRpc, { actor: actors.province, sourceProgrammeId: source.id, year }),
      ).rejects.toMatchObject({ code: 'conflict', message: `「公益性零工市场县县全覆盖」${year} 年度计划已存在` });
    }
    expect(await sandbox.rpc.call(ListProgrammesRpc, { actor: actors.province })).toEqual(before);
  });

  it('lets only the province set up a year (403 for the city, audited); an unknown source is not found', async () => {
    await expect(
      sandbox.rpc.call(CreateProgrammeRpc, { actor: actors.lvliang, sourceProgrammeId: source.id, year: 2030 }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect(
      await sandbox.auditRows({ action: 'programme.create', targetId: source.id, outcome: 'denied' }),
    ).toHaveLength(1);
    await expect(
      sandbox.rpc.call(CreateProgrammeRpc, {
        actor: actors.province,
        sourceProgrammeId: '3f2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d',
        year: 2030,
      }),
    ).rejects.toMatchObject({ code: 'not_found', message: '计划不存在' });
    expect((await sandbox.rpc.call(ListProgrammesRpc, { actor: actors.province })).map((p) => p.year)).not.toContain(
      2030,
    );
  });
});
