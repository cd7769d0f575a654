import {
  DEFAULT_REMINDER_POLICY,
  ListContactChannelsRpc,
  MilestoneScheduled,
  OfficerChanged,
  ProjectDeadlines,
  type MilestoneScheduledData,
  type OfficerChangedData,
} from '@duban/contracts';
import { demoActors, expectQuiet, FakeAliyunSms, SmtpInbox, waitFor } from '@duban/testing';
import { v7 as uuidv7 } from 'uuid';
import {
  COUNTY_ACTOR,
  exactDeadline,
  startNotificationsSandbox,
  type InProcessSandbox,
} from '../__fixtures__/notifications-sandbox';

/**
 * A leading-group member without an account is reached through the contacts the projects service announces
 * (OfficerChanged): a member with only an e-mail gets the reminder e-mail, through a real SMTP server here;
 * a member with a mobile gets it by SMS, through the fake of Aliyun's SMS API.
 */
const SMS_KEY = { accessKeyId: 'LTAI-test-key', accessKeySecret: 'test-secret-0123456789' };
describe('reminders to leading-group members without an account (real SMTP server, Postgres, Redis, NATS)', () => {
  let sandbox: InProcessSandbox;
  let smtp: SmtpInbox;
  let sms: FakeAliyunSms;

  beforeAll(async () => {
    smtp = await SmtpInbox.start();
    sms = await FakeAliyunSms.start(SMS_KEY);
    sandbox = await startNotificationsSandbox('officercontacts', {
      DUBAN_SMTP_URL: smtp.url,
      DUBAN_SMS_ENDPOINT: sms.url,
      DUBAN_SMS_ACCESS_KEY_ID: SMS_KEY.accessKeyId,
      DUBAN_SMS_ACCESS_KEY_SECRET: SMS_KEY.accessKeySecret,
      DUBAN_SMS_SIGN_NAME: '山西督办',
      DUBAN_SMS_TEMPLATE_CODE: 'SMS_300000001',
      DUBAN_DIGEST_GATHER_MS: '500',
    });
  });

  afterAll(async () => {
    await sandbox?.close();
    await sms?.close();
    await smtp?.close();
  });

  const member = (overrides: Partial<OfficerChangedData> = {}): OfficerChangedData => ({
    officerId: uuidv7(),
    projectId: '00000000-0000-4000-8000-0000000000bb',
    regionCode: '141124',
    name: '李淑云',
    username: null,
    contacts: { mobile: null, email: 'lishuyun@example.invalid', dingtalkId: null, wecomId: null },
    removed: false,
    changedBy: COUNTY_ACTOR,
    ...overrides,
  });

  const milestoneFor = (officer: OfficerChangedData, dueAt: Date): MilestoneScheduledData => ({
    programmeId: '00000000-0000-4000-8000-0000000000aa',
    programmeCode: 'gig-2027',
    projectId: officer.projectId,
    projectName: '临县公益性零工市场',
    regionCode: '141124',
    regionName: '临县',
    cityRegionCode: '141100',
    milestoneId: uuidv7(),
    key: null,
    title: `出台建设方案${officer.officerId.slice(-4)}`,
    dueDate: null,
    dueAt: dueAt.toISOString(),
    status: 'pending',
    responsibleOfficers: [{ id: officer.officerId, name: officer.name, username: null }],
    countyLeader: null,
    reminderPlan: ['PT0S'],
    reminderPolicy: DEFAULT_REMINDER_POLICY,
    history: false,
  });

  /** Every delivery about the milestone: the delivery log's (external channels) and the in-app rows. */
  const sentTo = async (milestoneId: string) =>
    sandbox.db.query<{ recipient: string; channel: string }>(
      `SELECT d.recipient, d.channel FROM notifications.delivery d
         JOIN notifications.deadline dl ON dl.id = d.deadline_id WHERE dl.subject_id = $1
       UNION ALL
       SELECT recipient_key, 'inbox' FROM notifications.notification WHERE subject_id = $1
       ORDER BY channel`,
      [milestoneId],
    );

  it('e-mails the reminder to a member whose only contact is an e-mail address, once', async () => {
    const officer = member();
    await sandbox.publish(OfficerChanged, officer);
    const facts = milestoneFor(officer, new Date(Date.now() + 2000));
    await sandbox.publish(MilestoneScheduled, facts);

    const received = await waitFor(
      'the reminder e-mail',
      async () => smtp.to('lishuyun@example.invalid'),
      (list) => list.length >= 1,
      { timeoutMs: 20_000 },
    );
    expect(received).toHaveLength(1);
    expect(received[0]?.mail.text).toContain(`临县公益性零工市场的「${facts.title}」`);
    // One delivery, by e-mail, to the member's key; no inbox (the member has no account).
    expect(await sentTo(facts.milestoneId)).toEqual([{ recipient: `officer:${officer.officerId}`, channel: 'email' }]);
    // The group's contacts are not in the address book the province manages by hand.
    const book = await sandbox.rpc.call(ListContactChannelsRpc, { actor: demoActors.province });
    expect(JSON.stringify(book)).not.toContain('lishuyun@example.invalid');
  });

  it('follows a changed address, and stops e-mailing a member who was removed', async () => {
    const officer = member({
      name: '刘新升',
      contacts: { mobile: '13900000002', email: 'old@example.invalid', dingtalkId: null, wecomId: null },
    });
    await sandbox.publish(OfficerChanged, officer);
    await sandbox.publish(OfficerChanged, {
      ...officer,
      contacts: { ...officer.contacts, email: 'new@example.invalid' },
    });
    const first = milestoneFor(officer, new Date(Date.now() + 2000));
    await sandbox.publish(MilestoneScheduled, first);
    await waitFor(
      'the e-mail to the new address',
      async () => smtp.to('new@example.invalid'),
      (list) => list.length >= 1,
      {
        timeoutMs: 20_000,
      },
    );
    expect(smtp.to('old@example.invalid')).toHaveLength(0);

    await sandbox.publish(OfficerChanged, { ...officer, removed: true });
    const second = milestoneFor(officer, new Date(Date.now() + 2000));
    await sandbox.publish(MilestoneScheduled, second);
    await waitFor(
      'the second reminder fired',
      () =>
        sandbox.db.query<{ state: string }>(
          `SELECT r.state FROM notifications.reminder r JOIN notifications.deadline d ON d.id = r.deadline_id
          WHERE d.subject_id = $1`,
          [second.milestoneId],
        ),
      (rows) => rows.length === 1 && rows[0]?.state === 'sent',
      { timeoutMs: 20_000 },
    );
    expect(await sentTo(second.milestoneId)).toEqual([]);
    expect(smtp.to('new@example.invalid')).toHaveLength(1);
  });

  it('texts the reminder to a member whose contacts name a mobile, once per stage, and stops when the mobile is cleared', async () => {
    const mobile = '13700137001';
    const officer = member({
      name: '高建平',
      contacts: { mobile, email: null, dingtalkId: null, wecomId: null },
    });
    await sandbox.publish(OfficerChanged, officer);
    const facts = milestoneFor(officer, new Date(Date.now() + 2000));
    await sandbox.publish(MilestoneScheduled, facts);
    // The same event again (a redelivery from the projects service's outbox) plans nothing more.
    await sandbox.publish(MilestoneScheduled, facts);

    const texts = await waitFor(
      'the reminder SMS',
      async () => sms.to(mobile),
      (list) => list.length >= 1,
      {
        timeoutMs: 20_000,
      },
    );
    await expectQuiet(1500, async () => sms.to(mobile).length);
    expect(texts).toHaveLength(1);
    expect(texts[0]?.signName).toBe('山西督办');
    expect(JSON.stringify(texts[0]?.params)).toContain('临县');
    expect(await sentTo(facts.milestoneId)).toEqual([{ recipient: `officer:${officer.officerId}`, channel: 'sms' }]);
    expect(sms.requests.filter((request) => request.code !== 'OK')).toEqual([]);

    // The county clears the mobile: the next reminder reaches no phone.
    await sandbox.publish(OfficerChanged, { ...officer, contacts: { ...officer.contacts, mobile: null } });
    const second = milestoneFor(officer, new Date(Date.now() + 2000));
    await sandbox.publish(MilestoneScheduled, second);
    await waitFor(
      'the second reminder fired',
      () =>
        sandbox.db.query<{ state: string }>(
          `SELECT r.state FROM notifications.reminder r JOIN notifications.deadline d ON d.id = r.deadline_id
          WHERE d.subject_id = $1`,
          [second.milestoneId],
        ),
      (rows) => rows.length === 1 && rows[0]?.state === 'sent',
      { timeoutMs: 20_000 },
    );
    expect(await sentTo(second.milestoneId)).toEqual([]);
    expect(sms.to(mobile)).toHaveLength(1);
  });

  it('sends no SMS to a member who asked for none (退订短信), still e-mailing them', async () => {
    const mobile = '13700137002';
    const email = 'tuiding@example.invalid';
    const officer = member({ name: '退订者', contacts: { mobile, email, dingtalkId: null, wecomId: null } });
    await sandbox.publish(OfficerChanged, { ...officer, smsOptedOut: true });
    const facts = milestoneFor(officer, new Date(Date.now() + 2000));
    await sandbox.publish(MilestoneScheduled, facts);

    await waitFor(
      'the reminder e-mail',
      async () => smtp.to(email),
      (list) => list.length >= 1,
      { timeoutMs: 20_000 },
    );
    await expectQuiet(1500, async () => smtp.to(email).length + sms.to(mobile).length);
    expect(smtp.to(email)).toHaveLength(1);
    expect(sms.to(mobile)).toEqual([]);
    expect(await sentTo(facts.milestoneId)).toEqual([{ recipient: `officer:${officer.officerId}`, channel: 'email' }]);
  });

  it("a monthly report's deadline naming the county's 组长 reaches the 组长's phone at each stage, once, and the county's inbox", async () => {
    const mobile = '13700137002';
    const leader = member({ name: '高建平', contacts: { mobile, email: null, dingtalkId: null, wecomId: null } });
    await sandbox.publish(OfficerChanged, leader);
    const named = { kind: 'officer', officerId: leader.officerId, name: leader.name, username: null } as const;
    const dueAt = new Date(Date.now() + 3000);
    const deadline = exactDeadline(dueAt, ['-PT1S', 'PT0S'], {
      subjectType: 'report',
      title: '2026年10月月报',
      responsible: [{ kind: 'role', role: 'county_officer', regionCode: '141124' }, named],
      countyLeader: named,
      cityOfficer: null,
    });
    await sandbox.publish(ProjectDeadlines.DeadlineSet, deadline, { id: uuidv7() });
    // Announced twice (a re-announcement after the group changed): the same stages, sent once.
    await sandbox.publish(ProjectDeadlines.DeadlineSet, deadline, { id: uuidv7() });

    await waitFor(
      'two SMS to the 组长',
      async () => sms.to(mobile),
      (list) => list.length >= 2,
      { timeoutMs: 20_000 },
    );
    await expectQuiet(1500, async () => sms.to(mobile).length);
    expect(sms.to(mobile)).toHaveLength(2);
    // The delivery log's rows (external channels) and the in-app rows (their own once-guard).
    const rows = await sandbox.db.query<{ recipient: string; channel: string; stage: string }>(
      `SELECT d.recipient, d.channel, d.stage FROM notifications.delivery d
         JOIN notifications.deadline dl ON dl.id = d.deadline_id WHERE dl.subject_id = $1
       UNION ALL
       SELECT recipient_key, 'inbox', stage FROM notifications.notification WHERE subject_id = $1
       ORDER BY stage, recipient`,
      [deadline.subjectId],
    );
    expect(rows.map((row) => [row.stage, row.recipient, row.channel])).toEqual([
      ['offset--PT1S', `officer:${leader.officerId}`, 'sms'],
      ['offset--PT1S', 'role:county_officer@141124', 'inbox'],
      ['offset-PT0S', `officer:${leader.officerId}`, 'sms'],
      ['offset-PT0S', 'role:county_officer@141124', 'inbox'],
    ]);
  });
});
