import {
  DEFAULT_REMINDER_POLICY,
  GetProjectRpc,
  ListMilestoneRemindersRpc,
  ListMilestonesRpc,
  ListOfficersRpc,
  ListProgrammesRpc,
  ListProjectsRpc,
  type MilestoneView,
  type ProgrammeView,
  type ProjectView,
} from '@duban/contracts';
import { sync as ical, type VEvent } from 'node-ical';
import { startGatewaySandbox, type GatewaySandbox } from '../core/__fixtures__/gateway-sandbox';
import { linxianProject } from '../core/__fixtures__/project-fixture';

const PROJECT = '0190a3c4-0000-7000-8000-0000000000c1';
const PROGRAMME = '0190a3c4-0000-7000-8000-0000000000c2';
const LIUXING = '0190a3c4-0000-7000-8000-0000000000c3';
const OTHER_OFFICER = '0190a3c4-0000-7000-8000-0000000000c4';
const SITE = '0190a3c4-0000-7000-8000-0000000000d1';
const PLAN = '0190a3c4-0000-7000-8000-0000000000d2';

const project = {
  ...linxianProject(PROJECT),
  programmeId: PROGRAMME,
  light: 'green',
  populationSource: '第七次全国人口普查',
  updatedAt: '2023-01-01T00:00:00.000Z',
} satisfies ProjectView;

const milestone = (id: string, key: string, title: string, dueDate: string, officers: string[], version: number) =>
  ({
    id,
    projectId: PROJECT,
    key,
    title,
    dueDate,
    dueAt: null,
    status: 'pending',
    light: 'green',
    after: [],
    responsibleOfficerIds: officers,
    reminderPlan: null,
    completedAt: null,
    completedBy: null,
    completedByName: null,
    evidence: null,
    reopenings: [],
    version,
  }) satisfies MilestoneView;

const programme = {
  id: PROGRAMME,
  code: 'shanxi-2023',
  name: '2023年公益性零工市场建设',
  year: 2023,
  rootRegionCode: '140000',
  countyCount: 117,
  milestoneTemplate: [],
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
} satisfies ProgrammeView;

const officers = [
  {
    id: LIUXING,
    name: '刘星',
    role: 'member',
    roleLabel: '成员',
    title: '主任',
    unit: '临县创业就业服务中心',
    username: 'linxian',
    contacts: { mobile: null, email: null, dingtalkId: null, wecomId: null },
    smsOptedOut: false,
  },
  {
    id: OTHER_OFFICER,
    name: '张振玉',
    role: 'leader',
    roleLabel: '组长',
    title: '副县长',
    unit: '临县人民政府',
    username: 'zhangzhenyu',
    contacts: { mobile: null, email: null, dingtalkId: null, wecomId: null },
    smsOptedOut: false,
  },
];

/** The notifications service's plan for 完成选址: 7, 3 and 1 working days before, and the day itself. */
const sitePlan = {
  dueDate: '2023-03-31',
  dueAt: '2023-03-31T15:59:59.999Z',
  status: 'open',
  history: false,
  items: ['2023-03-22', '2023-03-28', '2023-03-30', '2023-03-31'].map((day, index) => ({
    stage: ['before-7wd', 'before-3wd', 'before-1wd', 'due-day'][index],
    fireAt: `${day}T01:00:00.000Z`,
    recipients: [],
    state: 'planned',
    sentAt: null,
  })),
};

const SUBJECTS = [
  GetProjectRpc,
  ListMilestonesRpc,
  ListProgrammesRpc,
  ListMilestoneRemindersRpc,
  ListProjectsRpc,
  ListOfficersRpc,
].map((rpc) => rpc.subject);

const events = (ics: string): VEvent[] =>
  Object.values(ical.parseICS(ics)).filter((entry): entry is VEvent => entry?.type === 'VEVENT');
const day = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

/**
 * The iCalendar feeds at the gateway, the services stubbed on NATS; every feed is read back by node-ical,
 * a parser nobody here wrote.
 */
describe('calendar feeds (gateway, services stubbed)', () => {
  let sandbox: GatewaySandbox;

  const milestones = (siteDue: string, siteVersion: number) => [
    milestone(PLAN, 'plan', '出台建设方案', '2023-03-31', [OTHER_OFFICER], 2),
    milestone(SITE, 'site', '完成选址', siteDue, [LIUXING], siteVersion),
  ];

  beforeAll(async () => {
    sandbox = await startGatewaySandbox('gwcalendar', SUBJECTS);
    sandbox.answer(GetProjectRpc.subject, { ok: true, data: project });
    sandbox.answer(ListProjectsRpc.subject, { ok: true, data: [project] });
    sandbox.answer(ListProgrammesRpc.subject, { ok: true, data: [programme] });
    sandbox.answer(ListOfficersRpc.subject, { ok: true, data: officers });
    sandbox.answer(ListMilestonesRpc.subject, { ok: true, data: milestones('2023-03-31', 1) });
    sandbox.answer(ListMilestoneRemindersRpc.subject, { ok: true, data: sitePlan });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  const get = async (url: string, username?: string) =>
    sandbox.app.inject({
      method: 'GET',
      url,
      headers: username ? { authorization: `Bearer ${await sandbox.tokenFor(username)}` } : {},
    });

  it('serves 临县’s feed: each milestone all day on its due date, with the planned reminders, and report days', async () => {
    const response = await get(`/api/projects/${PROJECT}/calendar.ics`, 'linxian');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const all = events(response.body);
    expect(all).toHaveLength(2 + 12);
    const site = all.find((event) => event.uid === `${SITE}@duban`);
    expect(site).toMatchObject({ summary: '【临县公益性零工市场】完成选址', datetype: 'date' });
    expect(day(site!.start)).toBe('2023-03-31');
    expect(response.body).toContain('DTSTART;VALUE=DATE:20230331');
    expect(Object.values(site!.alarms ?? {}).length).toBe(4);
    expect(response.body).toContain('TRIGGER;VALUE=DATE-TIME:20230322T010000Z');
    const october = all.find((event) => event.uid === `report-${PROJECT}-2023-10@duban`);
    expect(day(october!.start)).toBe('2023-10-25');
  });

  it('keeps a rescheduled milestone’s UID and raises its SEQUENCE', async () => {
    const before = events((await get(`/api/projects/${PROJECT}/calendar.ics`, 'linxian')).body);
    sandbox.answer(ListMilestonesRpc.subject, { ok: true, data: milestones('2023-04-14', 2) });
    const after = events((await get(`/api/projects/${PROJECT}/calendar.ics`, 'linxian')).body);
    const was = before.find((event) => event.uid === `${SITE}@duban`)!;
    const now = after.find((event) => event.uid === `${SITE}@duban`)!;
    expect(day(now.start)).toBe('2023-04-14');
    expect(Number(now.sequence)).toBeGreaterThan(Number(was.sequence));
    sandbox.answer(ListMilestonesRpc.subject, { ok: true, data: milestones('2023-03-31', 1) });
  });

  it('answers 404 for a project the service finds out of scope', async () => {
    sandbox.answer(GetProjectRpc.subject, { ok: false, error: { code: 'not_found', message: '项目不存在' } });
    expect((await get(`/api/projects/${PROJECT}/calendar.ics`, 'taiyuan')).statusCode).toBe(404);
    sandbox.answer(GetProjectRpc.subject, { ok: true, data: project });
  });

  it('serves a personal feed by URL without a login: only what the person answers for; rotated or revoked → 404', async () => {
    const issued = await sandbox.call('POST', '/api/me/calendar-token', undefined, 'linxian');
    expect(issued.status).toBe(201);
    const url: string = issued.body.url;
    expect(url).toMatch(/^\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const [stored] = await sandbox.db.query<{ token_hash: string }>(
      `SELECT token_hash FROM gateway.calendar_feed_token`,
    );
    expect(stored?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(url).not.toContain(stored!.token_hash);

    const feed = await get(url);
    expect(feed.statusCode).toBe(200);
    const mine = events(feed.body);
    expect(mine.map((event) => event.uid)).toContain(`${SITE}@duban`);
    expect(mine.map((event) => event.uid)).not.toContain(`${PLAN}@duban`);
    expect(mine).toHaveLength(1 + 12);
    expect(sandbox.received.get(ListProjectsRpc.subject)?.at(-1)).toMatchObject({ actor: { username: 'linxian' } });

    const rotated = await sandbox.call('POST', '/api/me/calendar-token', undefined, 'linxian');
    expect((await get(url)).statusCode).toBe(404);
    expect((await get(rotated.body.url)).statusCode).toBe(200);

    const revoked = await sandbox.send({ method: 'DELETE', url: '/api/me/calendar-token', username: 'linxian' });
    expect(revoked.status).toBe(204);
    const gone = await get(rotated.body.url);
    expect(gone.statusCode).toBe(404);
    expect(gone.headers['content-type']).toContain('application/problem+json');
    expect((await get('/api/calendar/not-a-token.ics')).statusCode).toBe(404);
    expect(await sandbox.call('GET', '/api/me/calendar-token', undefined, 'linxian')).toMatchObject({
      status: 200,
      body: { active: false, createdAt: null },
    });
    // Revoking again changes nothing and records nothing.
    expect((await sandbox.send({ method: 'DELETE', url: '/api/me/calendar-token', username: 'linxian' })).status).toBe(
      204,
    );
    const audit = await sandbox.db.query<{ action: string; actor_username: string }>(
      `SELECT action, actor_username FROM gateway.audit_log WHERE action LIKE 'calendar.%' ORDER BY id`,
    );
    expect(audit).toEqual([
      { action: 'calendar.token.issue', actor_username: 'linxian' },
      { action: 'calendar.token.issue', actor_username: 'linxian' },
      { action: 'calendar.token.revoke', actor_username: 'linxian' },
    ]);
  });
});
