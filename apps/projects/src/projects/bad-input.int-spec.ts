import {
  CompleteMilestoneRpc,
  CreateMilestoneRpc,
  CreateProgrammeRpc,
  GetProjectRpc,
  ListMilestonesRpc,
  ListProgrammesRpc,
  ListProjectsRpc,
  ListRegionsRpc,
  ReopenMilestoneRpc,
  UpdateMilestoneRpc,
  UpdateProjectRpc,
  ValidationError,
  type MilestoneView,
  type ProjectView,
  type RpcDefinition,
  DashboardRollupChanged,
} from '@duban/contracts';
import { demoActors as actors, LINXIAN } from '@duban/testing';
import { startProjectsSandbox, type ProjectsSandbox } from '../__fixtures__/projects-sandbox';

/**
 * Bad input on every write (and the reads' parameters) is refused with the fields named, and writes
 * nothing: no row changes, no event, no audit row.
 */
describe('bad input over RPC (real Postgres and NATS, demo data)', () => {
  let sandbox: ProjectsSandbox;
  let project: ProjectView;
  let milestones: MilestoneView[];
  let programmeId: string;

  beforeAll(async () => {
    sandbox = await startProjectsSandbox('badinput');
    [project] = (await sandbox.rpc.call(ListProjectsRpc, { actor: actors.linxian, region: LINXIAN })) as [ProjectView];
    milestones = await sandbox.rpc.call(ListMilestonesRpc, { actor: actors.linxian, projectId: project.id });
    programmeId = (await sandbox.rpc.call(ListProgrammesRpc, { actor: actors.province }))[0]?.id as string;
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  const huge = '零'.repeat(5000);
  const plan = () => milestones.find((m) => m.key === 'plan')?.id as string;
  const officer = () => milestones.find((m) => m.key === 'plan')?.responsibleOfficerIds[0] as string;
  const extra = (fields: Record<string, unknown>) => ({
    title: '挂牌',
    dueAt: '2030-01-01T01:00:00Z',
    responsibleOfficerIds: [officer()],
    reminderPlan: ['PT0S'],
    ...fields,
  });

  type Case = [string, RpcDefinition<unknown, unknown>, () => Record<string, unknown>, string[]];
  const cases: Case[] = [
    [
      'a negative area',
      UpdateProjectRpc as never,
      () => ({ projectId: project.id, changes: { actualAreaM2: -1 } }),
      ['changes.actualAreaM2'],
    ],
    [
      'a fractional area',
      UpdateProjectRpc as never,
      () => ({ projectId: project.id, changes: { actualAreaM2: 150.5 } }),
      ['changes.actualAreaM2'],
    ],
    [
      'an area as text',
      UpdateProjectRpc as never,
      () => ({ projectId: project.id, changes: { plannedAreaM2: '150+' } }),
      ['changes.plannedAreaM2'],
    ],
    [
      'an unknown construction type',
      UpdateProjectRpc as never,
      () => ({ projectId: project.id, changes: { constructionType: 'demolish' } }),
      ['changes.constructionType'],
    ],
    [
      'an unknown progress',
      UpdateProjectRpc as never,
      () => ({ projectId: project.id, changes: { progress: 'done' } }),
      ['changes.progress'],
    ],
    [
      'a huge address',
      UpdateProjectRpc as never,
      () => ({ projectId: project.id, changes: { address: huge } }),
      ['changes.address'],
    ],
    [
      'a blank address',
      UpdateProjectRpc as never,
      () => ({ projectId: project.id, changes: { address: '   ' } }),
      ['changes.address'],
    ],
    [
      'an extra field',
      UpdateProjectRpc as never,
      () => ({ projectId: project.id, changes: { name: '改名' } }),
      ['changes'],
    ],
    [
      'a population without its source',
      UpdateProjectRpc as never,
      () => ({ projectId: project.id, changes: { population: 1 } }),
      ['changes.populationSource'],
    ],
    [
      'a version as text',
      UpdateProjectRpc as never,
      () => ({ projectId: project.id, changes: { version: '1' } }),
      ['changes.version'],
    ],
    [
      'a project id that is no UUID',
      UpdateProjectRpc as never,
      () => ({ projectId: '141124', changes: {} }),
      ['projectId'],
    ],
    ['no changes object', UpdateProjectRpc as never, () => ({ projectId: project.id }), ['changes']],
    [
      'an extra milestone without title',
      CreateMilestoneRpc as never,
      () => ({ projectId: project.id, milestone: extra({ title: undefined }) }),
      ['milestone.title'],
    ],
    [
      'a huge title',
      CreateMilestoneRpc as never,
      () => ({ projectId: project.id, milestone: extra({ title: huge }) }),
      ['milestone.title'],
    ],
    [
      'an impossible instant',
      CreateMilestoneRpc as never,
      () => ({ projectId: project.id, milestone: extra({ dueAt: '2030-02-30T01:00:00Z' }) }),
      ['milestone.dueAt'],
    ],
    [
      'a date where an instant is due',
      CreateMilestoneRpc as never,
      () => ({ projectId: project.id, milestone: extra({ dueAt: '2030-01-01' }) }),
      ['milestone.dueAt'],
    ],
    [
      'an instant without zone',
      CreateMilestoneRpc as never,
      () => ({ projectId: project.id, milestone: extra({ dueAt: '2030-01-01T09:00:00' }) }),
      ['milestone.dueAt'],
    ],
    [
      'a month in the reminder plan',
      CreateMilestoneRpc as never,
      () => ({ projectId: project.id, milestone: extra({ reminderPlan: ['-P1M'] }) }),
      ['milestone.reminderPlan.0'],
    ],
    [
      'a reminder offset that is no duration',
      CreateMilestoneRpc as never,
      () => ({ projectId: project.id, milestone: extra({ reminderPlan: ['PT0S', '10 seconds before', 'PT'] }) }),
      ['milestone.reminderPlan.1', 'milestone.reminderPlan.2'],
    ],
    [
      'the same reminder twice',
      CreateMilestoneRpc as never,
      () => ({ projectId: project.id, milestone: extra({ reminderPlan: ['-PT10S', '-PT10.000S'] }) }),
      ['milestone.reminderPlan.1'],
    ],
    [
      'no reminder plan',
      CreateMilestoneRpc as never,
      () => ({ projectId: project.id, milestone: extra({ reminderPlan: [] }) }),
      ['milestone.reminderPlan'],
    ],
    [
      'no responsible officer',
      CreateMilestoneRpc as never,
      () => ({ projectId: project.id, milestone: extra({ responsibleOfficerIds: [] }) }),
      ['milestone.responsibleOfficerIds'],
    ],
    [
      'a prerequisite that is no UUID',
      CreateMilestoneRpc as never,
      () => ({ projectId: project.id, milestone: extra({ after: ['plan'] }) }),
      ['milestone.after.0'],
    ],
    [
      'a prerequisite of another project',
      CreateMilestoneRpc as never,
      () => ({ projectId: project.id, milestone: extra({ after: [project.id] }) }),
      ['after.0'],
    ],
    [
      'an impossible due date',
      UpdateMilestoneRpc as never,
      () => ({ milestoneId: plan(), changes: { dueDate: '2023-02-29' } }),
      ['changes.dueDate'],
    ],
    [
      'both a due date and an instant',
      UpdateMilestoneRpc as never,
      () => ({ milestoneId: plan(), changes: { dueDate: '2023-04-01', dueAt: '2023-04-01T01:00:00Z' } }),
      ['changes.dueAt'],
    ],
    [
      'a status set to done by PATCH',
      UpdateMilestoneRpc as never,
      () => ({ milestoneId: plan(), changes: { status: 'done' } }),
      ['changes.status'],
    ],
    [
      'an unknown milestone field',
      UpdateMilestoneRpc as never,
      () => ({ milestoneId: plan(), changes: { key: 'x' } }),
      ['changes'],
    ],
    ['completion without evidence', CompleteMilestoneRpc as never, () => ({ milestoneId: plan() }), ['evidence']],
    [
      'empty evidence text',
      CompleteMilestoneRpc as never,
      () => ({ milestoneId: plan(), evidence: { text: ' ' } }),
      ['evidence.text'],
    ],
    [
      'huge evidence text',
      CompleteMilestoneRpc as never,
      () => ({ milestoneId: plan(), evidence: { text: huge } }),
      ['evidence.text'],
    ],
    [
      'an attachment without ref',
      CompleteMilestoneRpc as never,
      () => ({ milestoneId: plan(), evidence: { text: '完成', attachments: [{ name: 'a.pdf' }] } }),
      ['evidence.attachments.0.ref'],
    ],
    [
      'evidence as text',
      CompleteMilestoneRpc as never,
      () => ({ milestoneId: plan(), evidence: '完成了' }),
      ['evidence'],
    ],
    ['a reopening without reason', ReopenMilestoneRpc as never, () => ({ milestoneId: plan() }), ['reason']],
    [
      'a milestone id that is no UUID',
      ReopenMilestoneRpc as never,
      () => ({ milestoneId: 'plan', reason: '重开' }),
      ['milestoneId'],
    ],
    ['a year as text', CreateProgrammeRpc as never, () => ({ sourceProgrammeId: programmeId, year: '2024' }), ['year']],
    [
      'a year out of range',
      CreateProgrammeRpc as never,
      () => ({ sourceProgrammeId: programmeId, year: 1999 }),
      ['year'],
    ],
    ['a region code of 4 digits', ListProjectsRpc as never, () => ({ region: '1411' }), ['region']],
    ['an unknown query field', ListRegionsRpc as never, () => ({ parent: '140000', depth: 2 }), ['(body)']],
    ['a project id that is no UUID (read)', GetProjectRpc as never, () => ({ projectId: 'x' }), ['projectId']],
  ];

  it.each(cases)('refuses %s, naming the field', async (_label, rpc, request, fields) => {
    const before = await writes();
    const error = await sandbox.rpc.call(rpc, { actor: actors.province, ...request() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors?.map((e) => e.field).sort()).toEqual([...fields].sort());
    expect((error as ValidationError).errors?.every((e) => e.message.length > 0)).toBe(true);
    expect(await writes()).toEqual(before);
  });

  it('refuses a request without an actor, or with an unknown role', async () => {
    const missing = await sandbox.rpc.call(GetProjectRpc, { projectId: project.id } as never).catch((e: unknown) => e);
    expect((missing as ValidationError).errors?.map((e) => e.field)).toEqual(['actor']);
    const role = await sandbox.rpc
      .call(GetProjectRpc, { actor: { ...actors.linxian, role: 'mayor' }, projectId: project.id } as never)
      .catch((e: unknown) => e);
    expect((role as ValidationError).errors?.map((e) => e.field)).toEqual(['actor.role']);
  });

  /** Everything a write leaves behind: state versions, outbox rows, audit rows. */
  async function writes(): Promise<Record<string, number>> {
    const [row] = await sandbox.db.query<Record<string, number>>(`
      SELECT (SELECT count(*) FROM projects.outbox WHERE subject <> '${DashboardRollupChanged.type}')::int AS outbox,
             (SELECT count(*) FROM projects.audit_log)::int AS audit,
             (SELECT count(*) FROM projects.programme)::int AS programmes,
             (SELECT count(*) FROM projects.milestone)::int AS milestones,
             (SELECT coalesce(sum(version), 0) FROM projects.milestone)::int AS milestone_versions,
             (SELECT coalesce(sum(version), 0) FROM projects.county_project)::int AS project_versions`);
    return row;
  }
});
