import {
  ProgrammeClosed,
  ProgrammeRulesChanged,
  ArchiveProgrammeRpc,
  CloseProgrammeRpc,
  CompleteMilestoneRpc,
  CreateOfficerRpc,
  CreateProgrammeRpc,
  DEMO_PROGRAMME_CODE,
  GetProgrammeTemplateRpc,
  ListMilestonesRpc,
  ListProgrammeTemplatesRpc,
  ListProgrammesRpc,
  ListProjectsRpc,
  MilestoneRescheduled,
  MilestoneScheduled,
  MilestoneUpdated,
  ProjectRegistered,
  PutProgrammeTemplateRpc,
  UpdateProjectRpc,
  type ProgrammeTemplateDefinition,
  type ProgrammeView,
} from '@duban/contracts';
import { demoActors as actors } from '@duban/testing';
import { startProjectsSandbox, type ProjectsSandbox } from '../__fixtures__/projects-sandbox';
import { GIG_MARKETS_DEFINITION, GIG_MARKETS_TEMPLATE } from './shipped-template-rules';

/** 吕梁市's 13 counties. */
const LVLIANG = '141100';
const LINXIAN = '141124';

describe('programmes from a template (real Postgres and NATS, demo regions)', () => {
  let sandbox: ProjectsSandbox;
  let year2027: ProgrammeView;

  beforeAll(async () => {
    sandbox = await startProjectsSandbox('templates');
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  const templateCount = async () =>
    (await sandbox.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM projects.programme_template`))[0]?.n;
  const save = (definition: ProgrammeTemplateDefinition, actor = actors.province) =>
    sandbox.rpc.call(PutProgrammeTemplateRpc, { actor, templateCode: 'gig-markets', ...definition });

  it('ships the documents’ template as gig-markets version 1, the one the 2023 programme follows', async () => {
    const [shipped] = await sandbox.rpc.call(ListProgrammeTemplatesRpc, { actor: actors.linxian });
    expect(shipped).toMatchObject({
      code: 'gig-markets',
      version: 1,
      name: '公益性零工市场县县全覆盖',
      projectTitle: '公益性零工市场',
      rubricCode: 'gig-market-checklist',
      passMark: 60,
      reportDueDay: 25,
      createdAt: null,
      createdByName: null,
    });
    expect(shipped?.milestones).toEqual(GIG_MARKETS_DEFINITION.milestoneTemplate);
    expect(shipped?.fundingSources).toEqual([
      { source: 'province_special', allowedCategories: ['hardware', 'fit_out', 'rent'] },
      { source: 'province_employment', allowedCategories: ['training', 'services', 'staff'] },
      { source: 'city', allowedCategories: ['hardware', 'fit_out', 'rent', 'training', 'services', 'staff', 'other'] },
      {
        source: 'county',
        allowedCategories: ['hardware', 'fit_out', 'rent', 'training', 'services', 'staff', 'other'],
      },
    ]);
    const [demo] = await sandbox.rpc.call(ListProgrammesRpc, { actor: actors.province });
    expect(demo).toMatchObject({
      code: DEMO_PROGRAMME_CODE,
      templateCode: 'gig-markets',
      templateVersion: 1,
      status: 'open',
      milestoneTemplate: shipped?.milestones,
    });
  });

  it('creates the 2027 programme from the template for 吕梁市: 13 projects named from the template, live deadlines', async () => {
    year2027 = await sandbox.rpc.call(CreateProgrammeRpc, {
      actor: actors.province,
      templateCode: 'gig-markets',
      regionCodes: [LVLIANG],
      year: 2027,
    });
    expect(year2027).toMatchObject({
      code: 'gig-markets-2027-140000',
      name: '公益性零工市场县县全覆盖',
      year: 2027,
      rootRegionCode: '140000',
      countyCount: 13,
      projectCount: 13,
      templateCode: 'gig-markets',
      templateVersion: 1,
      status: 'open',
      sourceProgrammeId: null,
    });
    const projects = await sandbox.rpc.call(ListProjectsRpc, { actor: actors.province, programmeId: year2027.id });
    expect(projects).toHaveLength(13);
    const linxian = projects.find((project) => project.regionCode === LINXIAN);
    expect(linxian).toMatchObject({ name: '临县公益性零工市场', population: 389906 });
    const milestones = await sandbox.rpc.call(ListMilestonesRpc, { actor: actors.linxian, projectId: linxian!.id });
    expect(milestones.map((m) => `${m.key} ${m.dueDate}`)).toEqual([
      'plan 2027-03-31',
      'site 2027-03-31',
      'push 2027-04-30',
      'build 2027-05-31',
      'built 2027-07-31',
      'trial 2027-08-31',
      'accept 2027-10-31',
      'finish 2027-12-31',
    ]);
    const scheduled = (
      await sandbox.outboxEnvelopes<{ programmeId: string; history: boolean }>(MilestoneScheduled.type)
    ).filter((envelope) => envelope.data.programmeId === year2027.id);
    expect(scheduled.map((envelope) => envelope.data.history)).toEqual(Array(13 * 8).fill(false));
    // Evaluation's and funding's parts of the template travel with each registration.
    const registered = (await sandbox.outboxEnvelopes<Record<string, unknown>>(ProjectRegistered.type)).filter(
      (envelope) => envelope.data.programmeId === year2027.id,
    );
    expect(registered).toHaveLength(13);
    expect(registered[0]?.data).toMatchObject({
      acceptance: { passMark: 60, rubricCode: 'gig-market-checklist' },
      fundingSources: GIG_MARKETS_TEMPLATE.fundingSources,
    });
    const [audit] = await sandbox.auditRows({ action: 'programme.create', targetId: year2027.id, outcome: 'done' });
    expect(audit).toMatchObject({
      after: { template: { code: 'gig-markets', version: 1 }, projects: 13, milestones: 104 },
    });
  });

  it('refuses a second 2027, a region out of scope or unknown, and a body naming both or neither source', async () => {
    await expect(
      sandbox.rpc.call(CreateProgrammeRpc, {
        actor: actors.province,
        templateCode: 'gig-markets',
        regionCodes: [LVLIANG],
        year: 2027,
      }),
    ).rejects.toMatchObject({ code: 'conflict', message: '「公益性零工市场县县全覆盖」2027 年度计划已存在' });
    await expect(
      sandbox.rpc.call(CreateProgrammeRpc, {
        actor: actors.province,
        templateCode: 'gig-markets',
        regionCodes: ['141100', '999999'],
        year: 2028,
      }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'regionCodes.1', message: '地区 999999 不存在' }],
    });
    await expect(sandbox.rpc.call(CreateProgrammeRpc, { actor: actors.province, year: 2028 })).rejects.toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'templateCode' }],
    });
    await expect(
      sandbox.rpc.call(CreateProgrammeRpc, { actor: actors.province, templateCode: 'gig-markets', year: 2028 }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'regionCodes', message: '由模板生成计划时必须选择地区' }],
    });
    await expect(
      sandbox.rpc.call(CreateProgrammeRpc, {
        actor: actors.province,
        templateCode: 'no-such-template',
        regionCodes: [LVLIANG],
        year: 2028,
      }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'templateCode', message: '计划模板不存在' }],
    });
    const years = (await sandbox.rpc.call(ListProgrammesRpc, { actor: actors.province })).map((p) => p.year);
    expect(years).toEqual([2023, 2027]);
  });

  it('refuses a template with a cycle or a date outside its year: 400 naming the fields, nothing written', async () => {
    const before = await templateCount();
    const milestones = GIG_MARKETS_TEMPLATE.milestones.map((item) =>
      item.key === 'plan' ? { ...item, after: ['finish'] } : item.key === 'trial' ? { ...item, due: '02-30' } : item,
    );
    await expect(save({ ...GIG_MARKETS_TEMPLATE, milestones })).rejects.toMatchObject({
      code: 'validation_failed',
      errors: [
        { field: 'milestones.5.due', message: '节点 trial 的日期 02-30 不在计划年度内（该年没有这一天）' },
        {
          field: 'milestones.0.after',
          message: '前置节点成环：plan → finish → accept → trial → built → build → push → plan',
        },
      ],
    });
    // Funding's part: a category funding does not know, a source listed twice.
    const unknownCategory = [
      { source: 'province_special', allowedCategories: ['hardware', 'furniture'] },
    ] as unknown as typeof GIG_MARKETS_TEMPLATE.fundingSources;
    await expect(save({ ...GIG_MARKETS_TEMPLATE, fundingSources: unknownCategory })).rejects.toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'fundingSources.0.allowedCategories.1', message: expect.stringContaining('支出类别未知') }],
    });
    const [special] = GIG_MARKETS_TEMPLATE.fundingSources;
    if (!special) throw new Error('the shipped template has no funding source');
    const twice = [special, special];
    await expect(save({ ...GIG_MARKETS_TEMPLATE, fundingSources: twice })).rejects.toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'fundingSources.1.source', message: '资金来源 province_special 重复' }],
    });
    await expect(save(GIG_MARKETS_TEMPLATE, actors.lvliang)).rejects.toMatchObject({ code: 'forbidden' });
    expect(await templateCount()).toBe(before);
    // The same content again is no new version.
    expect(await save(GIG_MARKETS_TEMPLATE)).toMatchObject({ created: false, template: { version: 1 } });
    expect(await templateCount()).toBe(before);
  });

  it('saves version 2 and moves the open 2027 programme onto it: open deadlines re-plan, done and 2023 stay', async () => {
    const linxian = (
      await sandbox.rpc.call(ListProjectsRpc, { actor: actors.province, programmeId: year2027.id })
    ).find((project) => project.regionCode === LINXIAN)!;
    const plan = (await sandbox.rpc.call(ListMilestonesRpc, { actor: actors.linxian, projectId: linxian.id }))[0]!;
    await sandbox.rpc.call(CompleteMilestoneRpc, {
      actor: actors.province,
      milestoneId: plan.id,
      evidence: { text: '方案已印发' },
    });
    const policy = {
      ...GIG_MARKETS_TEMPLATE.reminderPolicy,
      beforeDue: { ...GIG_MARKETS_TEMPLATE.reminderPolicy.beforeDue, workingDaysBefore: [5, 1] },
    };
    const milestones = GIG_MARKETS_TEMPLATE.milestones.map((item) =>
      item.key === 'plan' || item.key === 'site' ? { ...item, due: '04-15' } : item,
    );
    const saved = await save({ ...GIG_MARKETS_TEMPLATE, milestones, reminderPolicy: policy, passMark: 70 });
    // site moved in 13 counties, plan in the 12 where it is open; the other 6 × 13 only get the new policy.
    expect(saved).toMatchObject({
      created: true,
      template: { version: 2, createdBy: 'province', createdByName: '省人社厅' },
      programmes: 1,
    });
    expect(saved.replannedMilestones).toBe(13 * 8 - 1);
    const after = await sandbox.rpc.call(ListMilestonesRpc, { actor: actors.linxian, projectId: linxian.id });
    expect(after.slice(0, 3).map((m) => `${m.key} ${m.dueDate} ${m.status}`)).toEqual([
      'plan 2027-03-31 done',
      'site 2027-04-15 pending',
      'push 2027-04-30 pending',
    ]);
    const rescheduled = (
      await sandbox.outboxEnvelopes<{
        programmeId: string;
        key: string;
        previousDueDate: string;
        reminderPolicy: unknown;
      }>(MilestoneRescheduled.type)
    ).filter((envelope) => envelope.data.programmeId === year2027.id);
    expect(rescheduled).toHaveLength(25);
    expect(new Set(rescheduled.map((envelope) => envelope.data.previousDueDate))).toEqual(new Set(['2027-03-31']));
    const updated = (
      await sandbox.outboxEnvelopes<{ programmeId: string; changed: string[]; reminderPolicy: unknown }>(
        MilestoneUpdated.type,
      )
    ).filter((envelope) => envelope.data.programmeId === year2027.id);
    // The new policy alone is announced once for the programme (ProgrammeRulesChanged, below), not per milestone;
    // the rescheduled ones carry it too.
    expect(updated).toHaveLength(0);
    expect(rescheduled.map((envelope) => envelope.data.reminderPolicy)).toEqual(rescheduled.map(() => policy));
    const programmes = await sandbox.rpc.call(ListProgrammesRpc, { actor: actors.province });
    expect(programmes.map((p) => `${p.year} v${p.templateVersion}`)).toEqual(['2023 v1', '2027 v2']);
    const { versions } = await sandbox.rpc.call(GetProgrammeTemplateRpc, {
      actor: actors.linxian,
      templateCode: 'gig-markets',
    });
    expect(versions.map((version) => [version.version, version.passMark])).toEqual([
      [2, 70],
      [1, 60],
    ]);
    // Funding's, evaluation's and notifications' parts follow by value, once for the programme.
    const rules = (await sandbox.outboxEnvelopes<Record<string, unknown>>(ProgrammeRulesChanged.type)).filter(
      (envelope) => envelope.data.programmeId === year2027.id,
    );
    expect(rules.map((envelope) => envelope.data)).toEqual([
      expect.objectContaining({
        templateVersion: 2,
        acceptance: { passMark: 70, rubricCode: 'gig-market-checklist' },
        fundingSources: GIG_MARKETS_TEMPLATE.fundingSources,
        reminderPolicy: policy,
      }),
    ]);
  });

  it('closes and archives a programme: afterwards every write is refused (409, in Chinese) and nothing changes', async () => {
    await expect(
      sandbox.rpc.call(ArchiveProgrammeRpc, { actor: actors.province, programmeId: year2027.id }),
    ).rejects.toMatchObject({ code: 'conflict', message: '计划须先关闭才能归档' });
    await expect(
      sandbox.rpc.call(CloseProgrammeRpc, { actor: actors.lvliang, programmeId: year2027.id }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const closed = await sandbox.rpc.call(CloseProgrammeRpc, { actor: actors.province, programmeId: year2027.id });
    expect(closed).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
    // Announced once, so that notifications stop chasing it and funding and evaluation refuse writes.
    expect(
      (await sandbox.outboxEnvelopes<Record<string, unknown>>(ProgrammeClosed.type)).map((envelope) => envelope.data),
    ).toEqual([
      expect.objectContaining({ programmeId: year2027.id, status: 'closed', year: 2027, closedAt: closed.closedAt }),
    ]);
    await expect(
      sandbox.rpc.call(CloseProgrammeRpc, { actor: actors.province, programmeId: year2027.id }),
    ).rejects.toMatchObject({
      code: 'conflict',
      message: '「公益性零工市场县县全覆盖」2027 年度计划已关闭（关闭后不能重新打开）',
    });

    const linxian = (await sandbox.rpc.call(ListProjectsRpc, { actor: actors.linxian, programmeId: year2027.id }))[0]!;
    const [, site] = await sandbox.rpc.call(ListMilestonesRpc, { actor: actors.linxian, projectId: linxian.id });
    const readOnly = {
      code: 'conflict',
      message: '「公益性零工市场县县全覆盖」2027 年度计划已关闭，只能查看，不能修改（关闭后不能重新打开）',
    };
    const outboxBefore = await sandbox.outboxCount(MilestoneUpdated.type);
    await expect(
      sandbox.rpc.call(CompleteMilestoneRpc, {
        actor: actors.linxian,
        milestoneId: site!.id,
        evidence: { text: '已选址' },
      }),
    ).rejects.toMatchObject(readOnly);
    await expect(
      sandbox.rpc.call(UpdateProjectRpc, {
        actor: actors.linxian,
        projectId: linxian.id,
        changes: { address: '临县新址' },
      }),
    ).rejects.toMatchObject(readOnly);
    await expect(
      sandbox.rpc.call(CreateOfficerRpc, {
        actor: actors.linxian,
        projectId: linxian.id,
        officer: {
          name: '王新',
          role: 'member',
          title: '干事',
          unit: '临县人社局',
          username: null,
          contacts: {},
          smsOptedOut: false,
        },
      }),
    ).rejects.toMatchObject(readOnly);
    expect(await sandbox.outboxCount(MilestoneUpdated.type)).toBe(outboxBefore);
    // Reading goes on.
    expect(await sandbox.rpc.call(ListMilestonesRpc, { actor: actors.linxian, projectId: linxian.id })).toHaveLength(8);

    const archived = await sandbox.rpc.call(ArchiveProgrammeRpc, { actor: actors.province, programmeId: year2027.id });
    expect(archived.status).toBe('archived');
    expect((await sandbox.rpc.call(ListProgrammesRpc, { actor: actors.province })).map((p) => p.year)).toEqual([2023]);
    expect(
      (await sandbox.rpc.call(ListProgrammesRpc, { actor: actors.province, archived: 'true' })).map((p) => p.status),
    ).toEqual(['open', 'archived']);
    expect(await sandbox.auditRows({ action: 'programme.close', targetId: year2027.id, outcome: 'done' })).toHaveLength(
      1,
    );
  });
});
