import {
  DEFAULT_REMINDER_POLICY,
  type MilestoneView,
  type ProgrammeView,
  type ProjectView,
  CompleteMilestoneRpc,
  CreateMilestoneRpc,
  CreateProgrammeRpc,
  GetProjectRpc,
  ListMilestonesRpc,
  ListOfficersRpc,
  CreateOfficerRpc,
  UpdateOfficerRpc,
  RemoveOfficerRpc,
  ListProgrammesRpc,
  ListProjectsRpc,
  ListRegionsRpc,
  ReopenMilestoneRpc,
  UpdateMilestoneRpc,
  UpdateProjectRpc,
} from '@duban/contracts';
// The gateway's HTTP sandbox with a stand-in projects service on NATS (shared with the reports routes).
import { startGatewaySandbox, type GatewaySandbox } from '../core/__fixtures__/gateway-sandbox';
import { linxianProject } from '../core/__fixtures__/project-fixture';

const PROJECT = '0190a3c4-0000-7000-8000-0000000000a1';
const MILESTONE = '0190a3c4-0000-7000-8000-0000000000b1';
const OFFICER = '0190a3c4-0000-7000-8000-0000000000c1';
const PROGRAMME = '0190a3c4-0000-7000-8000-0000000000d1';

const project: ProjectView = linxianProject(PROJECT);
const milestone: MilestoneView = {
  id: MILESTONE,
  projectId: PROJECT,
  key: 'site',
  title: '完成选址',
  dueDate: '2023-03-31',
  dueAt: null,
  status: 'pending',
  light: 'red',
  after: [],
  responsibleOfficerIds: [OFFICER],
  reminderPlan: null,
  completedAt: null,
  completedBy: null,
  completedByName: null,
  evidence: null,
  reopenings: [],
  version: 1,
};
const programme: ProgrammeView = {
  id: PROGRAMME,
  code: 'shanxi-2023-gig-markets',
  name: '公益性零工市场县县全覆盖',
  year: 2023,
  rootRegionCode: '140000',
  countyCount: 117,
  milestoneTemplate: [{ key: 'site', title: '完成选址', due: '03-31', after: [] }],
  reminderPolicy: DEFAULT_REMINDER_POLICY,
  reportDueDay: 25,
  reportResubmitWorkingDays: 5,
  reportReminderPlan: null,
  operatingFiguresFromMonth: 10,
  yellowWithinWorkingDays: 3,
  sourceProgrammeId: null,
  templateId: null,
  templateCode: null,
  templateVersion: null,
  status: 'open',
  closedAt: null,
  projectCount: 117,
  createdAt: '2023-01-01T00:00:00.000Z',
};
const region = {
  code: '141124',
  name: '临县',
  level: 'county',
  parentCode: '141100',
  population: 389906,
  populationSource: '年鉴',
};
const officer = {
  id: OFFICER,
  name: '刘星',
  role: 'deputy',
  roleLabel: '副组长',
  title: '县创业就业服务中心主任',
  unit: '临县创业就业服务中心',
  username: 'linxian',
  contacts: { mobile: null, email: 'linxian@example.invalid', dingtalkId: null, wecomId: null },
  smsOptedOut: false,
};

/** What the stand-in answers on each subject: data of the contract's shape. */
const ANSWERS: [string, unknown][] = [
  [ListProgrammesRpc.subject, [programme]],
  [CreateProgrammeRpc.subject, { ...programme, year: 2024 }],
  [ListRegionsRpc.subject, [region]],
  [ListProjectsRpc.subject, [project]],
  [GetProjectRpc.subject, project],
  [UpdateProjectRpc.subject, project],
  [ListOfficersRpc.subject, [officer]],
  [CreateOfficerRpc.subject, officer],
  [UpdateOfficerRpc.subject, officer],
  [RemoveOfficerRpc.subject, { removed: true }],
  [ListMilestonesRpc.subject, [milestone]],
  [CreateMilestoneRpc.subject, milestone],
  [UpdateMilestoneRpc.subject, milestone],
  [CompleteMilestoneRpc.subject, milestone],
  [ReopenMilestoneRpc.subject, milestone],
];

const SUBJECTS = [
  ListProgrammesRpc,
  CreateProgrammeRpc,
  ListRegionsRpc,
  ListProjectsRpc,
  GetProjectRpc,
  UpdateProjectRpc,
  ListOfficersRpc,
  CreateOfficerRpc,
  UpdateOfficerRpc,
  RemoveOfficerRpc,
  ListMilestonesRpc,
  CreateMilestoneRpc,
  UpdateMilestoneRpc,
  CompleteMilestoneRpc,
  ReopenMilestoneRpc,
].map((rpc) => rpc.subject);

describe('programme, region, project and milestone routes (gateway, projects service stubbed)', () => {
  let sandbox: GatewaySandbox;

  beforeAll(async () => {
    sandbox = await startGatewaySandbox('gwprojects', SUBJECTS);
    for (const [subject, data] of ANSWERS) sandbox.answer(subject, { ok: true, data });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, username = 'linxian') =>
    sandbox.call(method, url, payload, username);
  const sentTotal = () => [...sandbox.received.values()].reduce((n, requests) => n + requests.length, 0);
  const last = (subject: string) => sandbox.received.get(subject)?.at(-1) as Record<string, unknown>;

  const extra = {
    title: '零工市场挂牌仪式',
    dueAt: '2030-05-20T09:30:00+08:00',
    responsibleOfficerIds: [OFFICER],
    reminderPlan: ['-PT10S', 'PT0S', 'PT5S'],
  };

  it.each([
    ['GET', '/api/programmes', undefined, ListProgrammesRpc.subject, {}],
    ['GET', '/api/regions?parent=141100', undefined, ListRegionsRpc.subject, { parent: '141100' }],
    ['GET', '/api/projects?region=141100', undefined, ListProjectsRpc.subject, { region: '141100' }],
    ['GET', `/api/projects/${PROJECT}`, undefined, GetProjectRpc.subject, { projectId: PROJECT }],
    [
      'PATCH',
      `/api/projects/${PROJECT}`,
      { actualAreaM2: 160, version: 2 },
      UpdateProjectRpc.subject,
      { projectId: PROJECT, changes: { actualAreaM2: 160, version: 2 } },
    ],
    ['GET', `/api/projects/${PROJECT}/officers`, undefined, ListOfficersRpc.subject, { projectId: PROJECT }],
    ['GET', `/api/projects/${PROJECT}/milestones`, undefined, ListMilestonesRpc.subject, { projectId: PROJECT }],
    [
      'POST',
      `/api/projects/${PROJECT}/milestones`,
      extra,
      CreateMilestoneRpc.subject,
      { projectId: PROJECT, milestone: extra },
    ],
    [
      'PATCH',
      `/api/milestones/${MILESTONE}`,
      { dueAt: '2030-05-21T09:30:00+08:00' },
      UpdateMilestoneRpc.subject,
      { milestoneId: MILESTONE, changes: { dueAt: '2030-05-21T09:30:00+08:00' } },
    ],
    [
      'POST',
      `/api/milestones/${MILESTONE}/complete`,
      { evidence: { text: '已完成选址' } },
      CompleteMilestoneRpc.subject,
      { milestoneId: MILESTONE, evidence: { text: '已完成选址' } },
    ],
    [
      'POST',
      `/api/milestones/${MILESTONE}/reopen`,
      { reason: '佐证不足' },
      ReopenMilestoneRpc.subject,
      { milestoneId: MILESTONE, reason: '佐证不足' },
    ],
  ] as const)(
    '%s %s reaches the projects service with the caller from the token',
    async (method, url, payload, subject, fields) => {
      const answer = await call(method, url, payload);
      expect(answer.status).toBe(method === 'POST' && url.endsWith('/milestones') ? 201 : 200);
      expect(last(subject)).toEqual({
        actor: {
          userId: expect.any(String),
          username: 'linxian',
          displayName: '刘星',
          role: 'county_officer',
          regionCodes: ['141124'],
        },
        ...fields,
      });
    },
  );

  it('edits the leading group: add (201), change, remove, each with the caller and the ids the RPC names', async () => {
    const member = { name: '王建国', role: 'member', contacts: { email: 'wjg@example.invalid' } };
    expect(await call('POST', `/api/projects/${PROJECT}/officers`, member)).toMatchObject({ status: 201 });
    expect(last(CreateOfficerRpc.subject)).toMatchObject({
      projectId: PROJECT,
      officer: {
        name: '王建国',
        role: 'member',
        title: '',
        unit: '',
        username: null,
        contacts: { email: 'wjg@example.invalid' },
      },
      actor: { username: 'linxian' },
    });
    expect(await call('PATCH', `/api/officers/${OFFICER}`, { contacts: { mobile: '13900000001' } })).toMatchObject({
      status: 200,
    });
    expect(last(UpdateOfficerRpc.subject)).toMatchObject({
      officerId: OFFICER,
      changes: { contacts: { mobile: '13900000001' } },
    });
    const removed = await sandbox.send({ method: 'DELETE', url: `/api/officers/${OFFICER}`, username: 'linxian' });
    expect(removed).toMatchObject({ status: 200, body: { removed: true } });
    expect(last(RemoveOfficerRpc.subject)).toMatchObject({ officerId: OFFICER });
  });

  it.each([
    ['a member without a name', { role: 'member' }, 'name'],
    ['a mobile that is no mobile', { name: '某人', role: 'member', contacts: { mobile: '12345' } }, 'contacts.mobile'],
    ['an e-mail that is no address', { name: '某人', role: 'member', contacts: { email: 'x@' } }, 'contacts.email'],
    ['an unknown group role', { name: '某人', role: 'secretary' }, 'role'],
  ])('refuses %s before asking the service (400 naming %s)', async (_label, body, field) => {
    const before = sentTotal();
    const answer = await call('POST', `/api/projects/${PROJECT}/officers`, body);
    expect(answer).toMatchObject({
      status: 400,
      body: { errors: expect.arrayContaining([expect.objectContaining({ field })]) },
    });
    expect(sentTotal()).toBe(before);
  });

  it('creates a programme year as the province (201), with the caller attached', async () => {
    const answer = await call('POST', '/api/programmes', { sourceProgrammeId: PROJECT, year: 2024 }, 'province');
    expect(answer.status).toBe(201);
    expect(last(CreateProgrammeRpc.subject)).toMatchObject({
      sourceProgrammeId: PROJECT,
      year: 2024,
      actor: { role: 'province_admin' },
    });
  });

  it('keeps programme set-up to the province: 403 for the city, and no service asked', async () => {
    const before = sentTotal();
    const answer = await call('POST', '/api/programmes', { sourceProgrammeId: PROJECT, year: 2025 }, 'lvliang');
    expect(answer).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    expect(sentTotal()).toBe(before);
  });

  it.each([
    ['a project id that is no UUID', 'GET', '/api/projects/141124', undefined, 'id'],
    ['a milestone id that is no UUID', 'POST', '/api/milestones/plan/complete', { evidence: { text: 'x' } }, 'id'],
    ['an officers route with a bad id', 'GET', '/api/projects/1/officers', undefined, 'id'],
    ['a region code of 4 digits', 'GET', '/api/projects?region=1411', undefined, 'region'],
    ['a programme id that is no UUID', 'GET', '/api/projects?programmeId=2023', undefined, 'programmeId'],
    ['a parent that is no code', 'GET', '/api/regions?parent=shanxi', undefined, 'parent'],
    ['an unknown query parameter', 'GET', '/api/projects?page=2', undefined, '(body)'],
    ['a negative area', 'PATCH', `/api/projects/${PROJECT}`, { actualAreaM2: -5 }, 'actualAreaM2'],
    ['an area as text', 'PATCH', `/api/projects/${PROJECT}`, { actualAreaM2: '160' }, 'actualAreaM2'],
    ['an unknown progress', 'PATCH', `/api/projects/${PROJECT}`, { progress: '已完工' }, 'progress'],
    ['a huge address', 'PATCH', `/api/projects/${PROJECT}`, { address: '路'.repeat(501) }, 'address'],
    ['a field that is not editable', 'PATCH', `/api/projects/${PROJECT}`, { regionCode: '141102' }, '(body)'],
    [
      'an extra milestone without title',
      'POST',
      `/api/projects/${PROJECT}/milestones`,
      { ...extra, title: undefined },
      'title',
    ],
    [
      'an impossible instant',
      'POST',
      `/api/projects/${PROJECT}/milestones`,
      { ...extra, dueAt: '2030-02-30T09:00:00Z' },
      'dueAt',
    ],
    [
      'a month offset',
      'POST',
      `/api/projects/${PROJECT}/milestones`,
      { ...extra, reminderPlan: ['-P1M'] },
      'reminderPlan.0',
    ],
    [
      'an officer id that is no UUID',
      'POST',
      `/api/projects/${PROJECT}/milestones`,
      { ...extra, responsibleOfficerIds: ['刘星'] },
      'responsibleOfficerIds.0',
    ],
    ['an impossible due date', 'PATCH', `/api/milestones/${MILESTONE}`, { dueDate: '2023-04-31' }, 'dueDate'],
    ['a status of done', 'PATCH', `/api/milestones/${MILESTONE}`, { status: 'done' }, 'status'],
    ['no evidence', 'POST', `/api/milestones/${MILESTONE}/complete`, {}, 'evidence'],
    ['blank evidence', 'POST', `/api/milestones/${MILESTONE}/complete`, { evidence: { text: '  ' } }, 'evidence.text'],
    ['no reason', 'POST', `/api/milestones/${MILESTONE}/reopen`, {}, 'reason'],
    ['a year as text', 'POST', '/api/programmes', { sourceProgrammeId: PROJECT, year: '2024' }, 'year'],
  ] as const)(
    'answers 400 problem+json naming the field for %s, and asks no service',
    async (_label, method, url, payload, field) => {
      const before = sentTotal();
      const answer = await call(
        method,
        url,
        payload,
        method === 'POST' && url === '/api/programmes' ? 'province' : 'linxian',
      );
      expect(answer.status).toBe(400);
      expect(answer.type).toContain('application/problem+json');
      expect(answer.body.errors.map((error: { field: string }) => error.field)).toContain(field);
      expect(sentTotal()).toBe(before);
    },
  );

  it.each([
    ['not_found', 404, '项目不存在'],
    ['forbidden', 403, '县级专班不能修改：应规划室内场所面积'],
    ['conflict', 409, '请先完成前置节点：「完成选址」'],
  ])('maps the service’s %s to %i problem+json with its Chinese reason', async (code, status, message) => {
    sandbox.answer(CompleteMilestoneRpc.subject, { ok: false, error: { code, message } });
    const answer = await call('POST', `/api/milestones/${MILESTONE}/complete`, { evidence: { text: '完成' } });
    expect(answer).toMatchObject({ status, body: { status, code, detail: message } });
    sandbox.answer(CompleteMilestoneRpc.subject, { ok: true, data: milestone });
  });

  it('needs a login', async () => {
    for (const url of ['/api/projects', '/api/regions', '/api/programmes', `/api/projects/${PROJECT}/milestones`]) {
      expect((await sandbox.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    }
  });

  it('documents every route in OpenAPI, behind the bearer token', async () => {
    const document = (await sandbox.app.inject({ method: 'GET', url: '/api/docs/openapi.json' })).json() as {
      paths: Record<string, Record<string, { tags: string[]; security?: unknown[] }>>;
    };
    const routes = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m} ${path}`),
    );
    expect(routes).toEqual(
      expect.arrayContaining([
        'get /api/programmes',
        'post /api/programmes',
        'get /api/regions',
        'get /api/projects',
        'get /api/projects/{id}',
        'patch /api/projects/{id}',
        'get /api/projects/{id}/officers',
        'get /api/projects/{id}/milestones',
        'post /api/projects/{id}/milestones',
        'patch /api/milestones/{id}',
        'post /api/milestones/{id}/complete',
        'post /api/milestones/{id}/reopen',
      ]),
    );
    expect(document.paths['/api/milestones/{id}/complete']?.['post']).toMatchObject({
      tags: ['milestones'],
      security: [{ bearer: [] }],
    });
  });
});
