import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { templateDefinitionOf } from '@duban/contracts';
import { privateDatabase, SmtpInbox, testEnvironment, waitFor } from '@duban/testing';
import type { Page } from 'playwright-core';
import { Browser } from './browser/browser';
import { System, type HttpAnswer } from './system';

const ROOT = join(__dirname, '..', '..', '..');
const ADMIN = { username: 'shengadmin', password: 'Shanxi2027pass' };

/**
 * Issue 13's done-when: a real programme year from an empty database with demo mode off. The documented
 * setup command runs once (regions, then the first administrator, as README's "First run" says); from then
 * on only HTTP (and Chromium): the 2027 programme from the template for 吕梁市, leading groups with contacts
 * (members without accounts) for 临县 and 离石区, 2027's holiday table, and a 2027 milestone's reminders
 * planned on 2027's working days at 09:00 for those members, who are reached by e-mail through a real SMTP
 * server in this test.
 */
describe('a real programme year from an empty database (five processes, SMTP, Chromium; demo off)', () => {
  let system: System;
  let smtp: SmtpInbox;
  let token: string;

  const as = (bearer: string, path: string, init: RequestInit = {}): Promise<HttpAnswer> =>
    system.request(path, {
      ...init,
      headers: {
        authorization: `Bearer ${bearer}`,
        ...(typeof init.body === 'string' ? { 'content-type': 'application/json' } : {}),
      },
    });
  const admin = (path: string, init: RequestInit = {}) => as(token, path, init);
  const login = (username: string, password: string) =>
    system.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  /** Stage → Shanghai wall time of the current plan. */
  const wallTimes = (items: { stage: string; fireAt: string; state: string }[]) =>
    Object.fromEntries(
      items
        .filter((item) => item.state === 'planned')
        .map((item) => [
          item.stage,
          new Date(new Date(item.fireAt).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' '),
        ]),
    );

  jest.setTimeout(400_000);

  beforeAll(async () => {
    smtp = await SmtpInbox.start();

    // The documented commands, once, on an empty database (what `npm run setup -- …` runs after bootstrap).
    const database = await privateDatabase('firstyear_db');
    const setup = (...args: string[]) => {
      const run = spawnSync(process.execPath, [join(ROOT, 'tools/setup/main.mjs'), ...args], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, ...testEnvironment({ DUBAN_DATABASE_URL: database, DUBAN_LOG_LEVEL: 'warn' }) },
        encoding: 'utf8',
      });
      if (run.status !== 0) throw new Error(`setup ${args[0]}: ${run.status}\n${run.stdout}\n${run.stderr}`);
    };
    setup('regions', '--province', '14');
    setup('admin', '--username', ADMIN.username, '--password', ADMIN.password, '--name', '省人社厅管理员');

    system = await System.start(
      'firstyear',
      {
        DUBAN_DATABASE_URL: database,
        DUBAN_DEMO: 'false',
        DUBAN_SMTP_URL: smtp.url,
        DUBAN_DIGEST_GATHER_MS: '500',
        DUBAN_REMINDER_RECONCILE_MS: '1000',
      },
      { healthyTimeoutMs: 240_000 },
    );
  });

  afterAll(async () => {
    await system?.stop();
    await smtp?.close();
  });

  let programmeId: string;
  const groups = new Map<string, { projectId: string; leaderId: string; memberId: string; email: string }>();

  it('logs the first administrator in, with Shanxi loaded and the shipped template ready', async () => {
    const answer = await login(ADMIN.username, ADMIN.password);
    expect(answer).toMatchObject({ status: 200, body: { mustChangePassword: false } });
    token = answer.body.accessToken;
    const cities = await admin('/api/regions?parent=140000');
    expect(cities.status).toBe(200);
    expect((Array.isArray(cities.body) ? cities.body : cities.body.items).length).toBe(11);
    expect((await admin('/api/programmes')).body).toEqual([]);
    const templates = await admin('/api/programme-templates');
    expect(templates.body).toEqual([
      expect.objectContaining({ code: 'gig-markets', version: 1, name: '公益性零工市场县县全覆盖' }),
    ]);
  });

  it('refuses a template with a cycle or a date outside its year (400 naming the field in Chinese), nothing saved', async () => {
    const [template] = (await admin('/api/programme-templates')).body;
    const definition = templateDefinitionOf(template);
    const bad = await admin('/api/programme-templates/gig-markets', {
      method: 'PUT',
      body: JSON.stringify({
        ...definition,
        milestones: definition.milestones.map((item: { key: string; after: string[] }) =>
          item.key === 'site'
            ? { ...item, after: ['finish'] }
            : item.key === 'built'
              ? { ...item, due: '06-31' }
              : item,
        ),
      }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { field: 'milestones.4.due', message: '节点 built 的日期 06-31 不在计划年度内（该年没有这一天）' },
      {
        field: 'milestones.1.after',
        message: '前置节点成环：site → finish → accept → trial → built → build → push → site',
      },
    ]);
    expect((await admin('/api/programme-templates/gig-markets')).body.versions).toHaveLength(1);
  });

  it('creates the 2027 programme from the template for 吕梁市', async () => {
    const created = await admin('/api/programmes', {
      method: 'POST',
      body: JSON.stringify({ templateCode: 'gig-markets', year: 2027, regionCodes: ['141100'] }),
    });
    expect(created).toMatchObject({
      status: 201,
      body: { year: 2027, projectCount: 13, templateCode: 'gig-markets', status: 'open' },
    });
    programmeId = created.body.id;
    const listed = await admin('/api/programmes');
    expect(listed.body.map((p: { name: string; year: number }) => `${p.year} ${p.name}`)).toEqual([
      '2027 公益性零工市场县县全覆盖',
    ]);
  });

  it('adds the leading groups of 临县 and 离石区: members with contacts and no account', async () => {
    for (const [code, people] of [
      ['141124', { leader: '王建国', member: '李晓红', email: 'lixiaohong@example.invalid' }],
      ['141102', { leader: '赵志刚', member: '陈丽', email: 'chenli@example.invalid' }],
    ] as const) {
      const projects = await admin(`/api/projects?region=${code}&programmeId=${programmeId}`);
      const projectId = projects.body[0].id as string;
      const add = (body: object) =>
        admin(`/api/projects/${projectId}/officers`, { method: 'POST', body: JSON.stringify(body) });
      const leader = await add({
        name: people.leader,
        role: 'leader',
        title: '县人社局局长',
        unit: '县人力资源和社会保障局',
        contacts: { mobile: '13900000001', email: `leader-${code}@example.invalid` },
      });
      const member = await add({
        name: people.member,
        role: 'member',
        title: '就业服务中心主任',
        unit: '县创业就业服务中心',
        contacts: { email: people.email, wecomId: `wecom-${code}` },
      });
      expect([leader.status, member.status]).toEqual([201, 201]);
      expect(member.body).toMatchObject({ username: null, contacts: { email: people.email } });
      groups.set(code, { projectId, leaderId: leader.body.id, memberId: member.body.id, email: people.email });
    }
  });

  it('plans a 2027 milestone’s reminders on 2027’s loaded working days at 09:00 for the members', async () => {
    const linxian = groups.get('141124')!;
    const milestones = (await admin(`/api/projects/${linxian.projectId}/milestones`)).body as {
      id: string;
      key: string;
      dueDate: string;
    }[];
    const plan = milestones.find((milestone) => milestone.key === 'plan')!;
    expect(plan.dueDate).toBe('2027-03-31');
    const assigned = await admin(`/api/milestones/${plan.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ responsibleOfficerIds: [linxian.leaderId, linxian.memberId] }),
    });
    expect(assigned.status).toBe(200);

    const table = {
      daysOff: ['2027-01-01', '2027-03-26', '2027-04-05'],
      workdays: ['2027-03-27'],
      source: '测试：2027年节假日安排',
    };
    const loaded = await admin('/api/calendars/2027', { method: 'PUT', body: JSON.stringify(table) });
    expect(loaded).toMatchObject({ status: 200, body: { year: 2027, loadedBy: ADMIN.username } });

    const schedule = await waitFor(
      'the plan milestone planned on 2027’s table for both members',
      () => admin(`/api/milestones/${plan.id}/reminders`),
      (answer) =>
        answer.status === 200 &&
        answer.body.assumedCalendarYears.length === 0 &&
        answer.body.items.some((item: { recipients: unknown[] }) => item.recipients.length === 2),
      { timeoutMs: 120_000, intervalMs: 1000 },
    );
    expect(wallTimes(schedule.body.items)).toMatchObject({
      'before-7wd': '2027-03-22 09:00',
      // An adjusted working Saturday counts; Friday 03-26 is a day off.
      'before-3wd': '2027-03-27 09:00',
      'before-1wd': '2027-03-30 09:00',
      'due-day': '2027-03-31 09:00',
      'overdue-1': '2027-04-01 09:00',
      escalation: '2027-04-08 09:00',
    });
    const before7 = schedule.body.items.find((item: { stage: string }) => item.stage === 'before-7wd');
    expect(before7.recipients).toEqual([
      { kind: 'user', username: null, name: '王建国' },
      { kind: 'user', username: null, name: '李晓红' },
    ]);
  });

  it('reaches the members without accounts by e-mail through the SMTP server', async () => {
    for (const group of groups.values()) {
      const added = await admin(`/api/projects/${group.projectId}/milestones`, {
        method: 'POST',
        body: JSON.stringify({
          title: '报送2027年建设方案',
          dueAt: new Date(Date.now() + 8_000).toISOString(),
          responsibleOfficerIds: [group.memberId],
          reminderPlan: ['PT0S'],
        }),
      });
      expect(added.status).toBe(201);
    }
    const received = await waitFor(
      'both members’ e-mails',
      async () => smtp.mails.filter((mail) => mail.to.some((to) => to.endsWith('@example.invalid'))),
      (list) => list.length >= 2,
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(received.map((mail) => mail.to).sort()).toEqual([
      ['chenli@example.invalid'],
      ['lixiaohong@example.invalid'],
    ]);
    expect(received.every((mail) => (mail.mail.text ?? '').includes('报送2027年建设方案'))).toBe(true);
  });

  it('refuses a disabled account’s token on its next request', async () => {
    const created = await admin('/api/accounts', {
      method: 'POST',
      body: JSON.stringify({
        username: 'linxian2027',
        displayName: '临县专班',
        role: 'county_officer',
        regionCodes: ['141124'],
      }),
    });
    expect(created.status).toBe(201);
    const session = await login('linxian2027', created.body.temporaryPassword);
    expect(session).toMatchObject({ status: 200, body: { mustChangePassword: true } });
    const bearer = session.body.accessToken as string;
    expect((await as(bearer, '/api/me')).status).toBe(200);
    const disabled = await admin(`/api/accounts/${created.body.account.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ disabled: true }),
    });
    expect(disabled).toMatchObject({ status: 200, body: { disabled: true } });
    expect((await as(bearer, '/api/me')).status).toBe(401);
  });

  it('in Chromium, the administrator picks the 2027 programme in the selector and sees its labels', async () => {
    const browser = await Browser.launch(system.baseUrl);
    let page: Page | undefined;
    try {
      page = await browser.openAs(ADMIN.username, '/regions/140000', undefined, ADMIN.password);
      const selector = page.getByRole('combobox', { name: '年度计划' });
      await selector.click();
      await page.getByRole('option', { name: '2027年 公益性零工市场县县全覆盖' }).click();
      await page.getByText('公益性零工市场县县全覆盖（2027年）').first().waitFor({ timeout: 30_000 });
      await Browser.screenshot(page, 'first-year-programme-selector');
    } finally {
      await page?.context().close();
      await browser.close();
    }
  });

  it('closes the 2027 programme: its reminders are cancelled in notifications, and every service refuses writes (409)', async () => {
    const linxian = groups.get('141124');
    if (!linxian) throw new Error('临县 has no group');
    const milestones = (await admin(`/api/projects/${linxian.projectId}/milestones`)).body as {
      id: string;
      key: string | null;
    }[];
    const plan = milestones.find((milestone) => milestone.key === 'plan');
    if (!plan) throw new Error('no plan milestone');
    const planned = (await admin(`/api/milestones/${plan.id}/reminders`)).body.items.filter(
      (item: { state: string }) => item.state === 'planned',
    );
    expect(planned.length).toBeGreaterThan(0);

    const closed = await admin(`/api/programmes/${programmeId}/close`, { method: 'POST' });
    expect(closed).toMatchObject({ status: 201, body: { status: 'closed' } });
    const schedule = await waitFor(
      'the plan milestone’s reminders cancelled',
      () => admin(`/api/milestones/${plan.id}/reminders`),
      (answer) => answer.status === 200 && answer.body.status === 'cancelled',
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(schedule.body.items.filter((item: { state: string }) => item.state === 'planned')).toEqual([]);
    expect(schedule.body.items.filter((item: { state: string }) => item.state === 'cancelled')).toHaveLength(
      planned.length,
    );

    const readOnly = '「公益性零工市场县县全覆盖」2027 年度计划已关闭，只能查看，不能修改（关闭后不能重新打开）';
    // A disbursement past the (empty) allocation is a 409 either way, so polling writes nothing: the closing's
    // reason replaces the allocation's once funding has heard of it.
    const disbursement = await waitFor(
      'funding to hear of the closing',
      () =>
        admin(`/api/projects/${linxian.projectId}/disbursements`, {
          method: 'POST',
          body: JSON.stringify({
            date: '2027-05-01',
            amountWan: '1.00',
            source: 'county',
            documentNumber: '临财〔2027〕1号',
          }),
        }),
      (answer) => answer.body?.detail === readOnly,
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(disbursement.status).toBe(409);
    const funding = (await admin(`/api/projects/${linxian.projectId}/funding`)).body;
    expect(funding).toMatchObject({ disbursementCount: 0, totals: { all: { disbursedWan: '0.00' } } });
    const reopened = await admin(`/api/programmes/${programmeId}/close`, { method: 'POST' });
    expect(reopened).toMatchObject({
      status: 409,
      body: { detail: '「公益性零工市场县县全覆盖」2027 年度计划已关闭（关闭后不能重新打开）' },
    });
  });
});
