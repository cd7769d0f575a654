import { DEMO_PROGRAMME_CODE, parseIsoOffset } from '@duban/contracts';
import { expectQuiet, FakeAliyunSms, SmtpInbox, waitFor } from '@duban/testing';
import { System, type HttpAnswer } from './system';

/**
 * 临县's October report, end to end: the five apps as processes on a clock set to the evening of its due
 * day (25 October 2023, the demo programme's report day), a real SMTP server and a fake of Aliyun's SMS API
 * (checking every signature) in this test. The province gives the reports an exact plan; 临县 leaves the
 * report unfiled: the county is reminded at each planned stage, and at the due instant the report escalates
 * to 吕梁. Then 临县 files it and 吕梁 is told; 吕梁 returns it and the county is told by e-mail and by SMS,
 * exactly once each.
 */

/** The end of 25 October 2023 in Beijing: the October report's due instant. */
const DUE = new Date('2023-10-26T00:00:00+08:00');
/** The plan the province sets for the test: 40 s and 20 s before, and the due instant (the escalation). */
const PLAN = ['-PT40S', '-PT20S', 'PT0S'];
/** How long before the due instant the clock stands when the apps start: room to start and load the demo. */
const LEAD_MS = 180_000;
const COUNTY_MAIL = 'linxian-zhuanban@example.invalid';
const COUNTY_MOBILE = '13800138000';
const SMS_KEY = { accessKeyId: 'LTAI-e2e', accessKeySecret: 'e2e-secret-0123456789abcdef' };

interface InboxItem {
  readonly subjectType: string;
  readonly subjectId: string;
  readonly stage: string;
  readonly title: string;
  readonly createdAt: string;
}

describe('临县 October report: reminders, escalation at the due instant, filing, return (five processes)', () => {
  let system: System;
  let smtp: SmtpInbox;
  let sms: FakeAliyunSms;
  let offsetMs = 0;
  const call = (username: string, path: string, init?: RequestInit): Promise<HttpAnswer> =>
    system.call(username, path, init);
  /** Now on the apps' clock. */
  const appNow = () => Date.now() + offsetMs;

  const reportItems = async (username: string, projectId: string): Promise<InboxItem[]> => {
    const answer = await call(username, '/api/me/notifications?limit=200');
    if (answer.status !== 200) throw new Error(`inbox ${username}: ${answer.status}`);
    return (answer.body.items as InboxItem[])
      .filter((item) => item.subjectType === 'report' && item.subjectId === projectId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  };

  beforeAll(async () => {
    smtp = await SmtpInbox.start();
    sms = await FakeAliyunSms.start(SMS_KEY);
    offsetMs = DUE.getTime() - LEAD_MS - Date.now();
    system = await System.start('reportreminders', {
      DUBAN_DEMO: 'true',
      DUBAN_TEST_CLOCK_OFFSET_MS: String(offsetMs),
      DUBAN_REMINDER_RECONCILE_MS: '1000',
      DUBAN_SMTP_URL: smtp.url,
      DUBAN_SMS_ENDPOINT: sms.url,
      DUBAN_SMS_ACCESS_KEY_ID: SMS_KEY.accessKeyId,
      DUBAN_SMS_ACCESS_KEY_SECRET: SMS_KEY.accessKeySecret,
      DUBAN_SMS_SIGN_NAME: '山西督办',
      DUBAN_SMS_TEMPLATE_CODE: 'SMS_300000001',
      DUBAN_DIGEST_GATHER_MS: '500',
    });
  }, 150_000);

  afterAll(async () => {
    await system?.stop();
    await sms?.close();
    await smtp?.close();
  });

  it('done when: reminded at each stage, escalated to 吕梁 at the due instant, filed (吕梁 told), returned (e-mail and SMS once)', async () => {
    // 临县's project and its 刘星, once the demo is loaded.
    const projects = await waitFor(
      '临县 project loaded',
      () => call('linxian', '/api/projects?region=141124'),
      (a) => a.status === 200 && (Array.isArray(a.body) ? a.body : a.body.items).length > 0,
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    const project = (Array.isArray(projects.body) ? projects.body : projects.body.items)[0] as { id: string };
    const officers = await call('linxian', `/api/projects/${project.id}/officers`);
    const liuXing = (officers.body as { id: string; username: string | null }[]).find((o) => o.username === 'linxian');

    // The county's 专班 (whoever holds county_officer in 临县) is reached by e-mail and SMS too.
    const channels = await call('lvliang', '/api/notification-channels', {
      method: 'PUT',
      body: JSON.stringify({
        addressee: { kind: 'role', role: 'county_officer', regionCode: '141124' },
        channels: [
          { kind: 'email', target: COUNTY_MAIL, enabled: true },
          { kind: 'sms', target: COUNTY_MOBILE, enabled: true },
        ],
      }),
    });
    expect(channels.status).toBe(200);

    // The province gives the demo programme's reports the test's exact plan: every month not yet filed is
    // announced again (2023 is the current year on this clock, so October's report is live).
    const programmes = await call('province', '/api/programmes');
    const demo = (programmes.body as { id: string; code: string }[]).find((p) => p.code === DEMO_PROGRAMME_CODE)!;
    const remaining = DUE.getTime() - appNow();
    if (remaining < 70_000) throw new Error(`the apps took too long to start (${remaining} ms left): raise LEAD_MS`);
    const settings = await call('province', `/api/programmes/${demo.id}/report-settings`, {
      method: 'PUT',
      body: JSON.stringify({ reportDueDay: 25, reportResubmitWorkingDays: 5, reportReminderPlan: PLAN }),
    });
    expect(settings.status).toBe(200);
    expect(settings.body).toMatchObject({ reportDueDay: 25, reportReminderPlan: PLAN });

    // The notifications service has handled everything announced before once a probe milestone announced
    // after it has its schedule (one stream, in order).
    const probe = await call('linxian', `/api/projects/${project.id}/milestones`, {
      method: 'POST',
      body: JSON.stringify({
        title: '探测节点',
        dueAt: new Date(appNow() + 3_600_000).toISOString(),
        responsibleOfficerIds: [liuXing!.id],
        reminderPlan: ['-PT30M'],
      }),
    });
    expect(probe.status).toBe(201);
    await waitFor(
      'caught up',
      () => call('linxian', `/api/milestones/${probe.body.id}/reminders`),
      (r) => r.status === 200,
      { timeoutMs: 60_000, intervalMs: 200 },
    );

    // Unfiled: the county at each stage, and at the due instant the escalation to 吕梁 (city_officer@141100).
    const county = await waitFor(
      'every stage to the county',
      () => reportItems('linxian', project.id),
      (items) => items.length >= 3,
      { timeoutMs: DUE.getTime() - appNow() + 20_000, intervalMs: 500 },
    );
    expect(county.map((item) => item.stage)).toEqual(['offset--PT40S', 'offset--PT20S', 'offset-PT0S']);
    expect(county[0]?.title).toBe('【到期提醒】临县「2023年10月月报」还有40秒到期');
    const city = await waitFor(
      'the escalation to 吕梁',
      () => reportItems('lvliang', project.id),
      (items) => items.length >= 1,
      { timeoutMs: 20_000 },
    );
    expect(city.map((item) => item.stage)).toEqual(['offset-PT0S']);
    PLAN.forEach((offset, index) => {
      const parsed = parseIsoOffset(offset);
      const planned = DUE.getTime() + (parsed.ok ? parsed.milliseconds : Number.NaN);
      const lateness = new Date(county[index]!.createdAt).getTime() - planned;
      expect(lateness).toBeGreaterThanOrEqual(0);
      expect(lateness).toBeLessThan(5000);
    });
    const escalatedAt = new Date(city[0]!.createdAt).getTime();
    expect(escalatedAt).toBeGreaterThanOrEqual(DUE.getTime());
    expect(escalatedAt - DUE.getTime()).toBeLessThan(5000);

    // 超时倒查: the unfiled report is an open item of 临县, overdue since the due instant, with the reminders sent.
    const overruns = async () => {
      const answer = await call('lvliang', '/api/overruns?region=141124&from=2023-10-25&to=2023-10-25');
      expect(answer.status).toBe(200);
      return answer.body as { items: Record<string, unknown>[]; counties: Record<string, unknown>[] };
    };
    const missing = await overruns();
    expect(missing.items).toEqual([
      expect.objectContaining({
        kind: 'report',
        deadlineId: `report:${project.id}:2023-10`,
        title: '2023年10月月报',
        status: 'pending',
        workingDaysLate: 1,
        overdueSince: DUE.toISOString(),
        answerable: [expect.objectContaining({ name: '张振玉', role: 'leader' })],
      }),
    ]);
    expect((missing.items[0]!.reminders as { stage: string }[]).map((reminder) => reminder.stage)).toEqual(
      expect.arrayContaining(['offset--PT40S', 'offset--PT20S', 'offset-PT0S']),
    );

    // Filed (late): 吕梁 is told there is a report to review.
    const filed = await call('linxian', `/api/projects/${project.id}/reports`, {
      method: 'POST',
      body: JSON.stringify({
        month: '2023-10',
        constructionType: 'renovation',
        progress: 'built',
        workContent: '零工市场投入运行，举办专场招聘会一场',
        gigJobsOffered: 42,
        gigWorkerVisits: 310,
        placements: 57,
      }),
    });
    expect(filed.status).toBe(201);
    expect(filed.body.late).toBe(true);
    const told = await waitFor(
      '吕梁 told of the filing',
      () => reportItems('lvliang', project.id),
      (items) => items.some((item) => item.stage === 'notice'),
      { timeoutMs: 20_000 },
    );
    expect(told.filter((item) => item.stage === 'notice').map((item) => item.title)).toEqual([
      '【月报待审】临县2023年10月月报已报送',
    ]);
    // …and 超时倒查 keeps it as filed 1 working day late (Thursday after Wednesday's due day), by 张振玉 (组长).
    const late = await overruns();
    expect(late.items).toEqual([
      expect.objectContaining({ kind: 'report', status: 'done', workingDaysLate: 1, overdueSince: null }),
    ]);
    expect(late.counties).toEqual([
      expect.objectContaining({ regionName: '临县', count: 1, open: 0, totalWorkingDaysLate: 1 }),
    ]);

    // Returned: the county hears it by e-mail and by SMS, exactly once each.
    const returned = await call('lvliang', `/api/reports/${filed.body.id}/return`, {
      method: 'POST',
      body: JSON.stringify({ comment: '请补充当月服务零工人次的统计口径' }),
    });
    expect(returned.status).toBe(200);
    const isReturn = (text: string | undefined) => (text ?? '').includes('月报退回');
    const returnMails = () => smtp.mails.filter((m) => m.to.includes(COUNTY_MAIL) && isReturn(m.mail.subject));
    const returnSms = () => sms.to(COUNTY_MOBILE).filter((s) => isReturn(s.params.title));
    await waitFor(
      'e-mail and SMS to the county',
      async () => [returnMails().length, returnSms().length],
      ([m, s]) => m === 1 && s === 1,
      { timeoutMs: 30_000 },
    );
    await expectQuiet(3000, async () => [returnMails().length, returnSms().length]);
    expect(returnMails()).toHaveLength(1);
    expect(returnMails()[0]?.mail.text).toContain('请补充当月服务零工人次的统计口径');
    expect(returnSms()).toEqual([
      {
        phoneNumber: COUNTY_MOBILE,
        signName: '山西督办',
        templateCode: 'SMS_300000001',
        params: { count: '1', title: '月报退回：临县2023年10月月报被退回' },
      },
    ]);
    expect(sms.requests.filter((request) => request.code !== 'OK')).toEqual([]);
    expect((await reportItems('linxian', project.id)).filter((item) => item.stage === 'notice')).toHaveLength(1);
  }, 400_000);
});
