import {
  FundingNotices,
  GetMyChannelPreferencesRpc,
  ProjectDeadlines,
  PutContactChannelsRpc,
  PutMyChannelPreferencesRpc,
  type Notice,
} from '@duban/contracts';
import { demoActors, expectQuiet, FakeAliyunSms, SmtpInbox, waitFor } from '@duban/testing';
import { v7 as uuidv7 } from 'uuid';
import { exactDeadline, startNotificationsSandbox, type InProcessSandbox } from '../__fixtures__/notifications-sandbox';

/**
 * Notices through every channel, and SMS: notices another service raises (a returned report, a flagged
 * expenditure) go out as reminders do, by each addressee's address book and opt-outs, once per (notice,
 * recipient, channel, endpoint); SMS through a fake of Aliyun's SMS API on 127.0.0.1 that checks every
 * request's signature. Real SMTP server, Postgres, Redis and NATS; each case ends in counts.
 */

const { province, linxian } = demoActors;
const KEY = { accessKeyId: 'LTAI-test-key', accessKeySecret: 'test-secret-0123456789' };
const COUNTY = { kind: 'role', role: 'county_officer', regionCode: '141124' } as const;
const CITY = { kind: 'role', role: 'city_officer', regionCode: '141100' } as const;
const COUNTY_MOBILE = '13800138000';
const LINXIAN_MOBILE = '13900139000';

describe('notices through every channel, and SMS (fake Aliyun gateway, real SMTP, Postgres, Redis, NATS)', () => {
  let sandbox: InProcessSandbox;
  let smtp: SmtpInbox;
  let sms: FakeAliyunSms;
  beforeAll(async () => {
    smtp = await SmtpInbox.start();
    sms = await FakeAliyunSms.start(KEY);
    sandbox = await startNotificationsSandbox('noticesms', {
      DUBAN_SMTP_URL: smtp.url,
      DUBAN_SMS_ENDPOINT: sms.url,
      DUBAN_SMS_ACCESS_KEY_ID: KEY.accessKeyId,
      DUBAN_SMS_ACCESS_KEY_SECRET: KEY.accessKeySecret,
      DUBAN_SMS_SIGN_NAME: '山西督办',
      DUBAN_SMS_TEMPLATE_CODE: 'SMS_300000001',
      DUBAN_DIGEST_GATHER_MS: '500',
      DUBAN_DELIVERY_RETRY_BASE_MS: '200',
    });
    const put = (addressee: unknown, channels: unknown[]) =>
      sandbox.rpc.call(PutContactChannelsRpc, { actor: province, addressee, channels });
    await put(COUNTY, [
      { kind: 'email', target: 'linxian-county@example.invalid', enabled: true },
      { kind: 'sms', target: COUNTY_MOBILE, enabled: true },
    ]);
    await put(CITY, [{ kind: 'email', target: 'lvliang-city@example.invalid', enabled: true }]);
    await put({ kind: 'user', username: 'linxian' }, [{ kind: 'sms', target: LINXIAN_MOBILE, enabled: true }]);
  });

  afterAll(async () => {
    await sandbox?.close();
    await sms?.close();
    await smtp?.close();
  });

  const returned = (noticeId: string, recipients: Notice['recipients']): Notice => ({
    noticeId,
    subjectType: 'report',
    subjectId: '00000000-0000-4000-8000-0000000000bb',
    projectId: '00000000-0000-4000-8000-0000000000bb',
    regionCode: '141124',
    title: '【月报退回】临县2026年10月月报被退回',
    body: '临县2026年10月月报被吕梁市审核人退回，意见：请补充当月服务零工人次。请修改后于2026年11月2日（当日24时前）重新报送。',
    recipients,
  });

  it('a returned report: one e-mail and one signed SMS to the county, one inbox item; redelivered, nothing more', async () => {
    const id = uuidv7();
    await sandbox.publish(ProjectDeadlines.NoticeRaised, returned('report-returned:r1:2', [COUNTY]), { id });

    await waitFor(
      'the county reached',
      async () => ({ mails: smtp.to('linxian-county@example.invalid'), sms: sms.to(COUNTY_MOBILE) }),
      (r) => r.mails.length === 1 && r.sms.length === 1,
      { timeoutMs: 20_000 },
    );
    const [mail] = smtp.to('linxian-county@example.invalid');
    expect(mail?.mail.subject).toBe('【月报退回】临县2026年10月月报被退回');
    expect(mail?.mail.text).toContain('请补充当月服务零工人次');
    expect(mail?.mail.text).toContain('/projects/00000000-0000-4000-8000-0000000000bb/reports');
    expect(sms.to(COUNTY_MOBILE)).toEqual([
      {
        phoneNumber: COUNTY_MOBILE,
        signName: '山西督办',
        templateCode: 'SMS_300000001',
        params: { count: '1', title: '月报退回：临县2026年10月月报被退回' },
      },
    ]);
    const inbox = await sandbox.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM notifications.notification WHERE source_key = 'notice:projects:report-returned:r1:2'`,
    );
    expect(inbox[0]?.n).toBe(1);
    const log = await sandbox.db.query<{ channel: string; n: number }>(
      `SELECT d.channel, count(*)::int AS n FROM notifications.delivery d JOIN notifications.notice n ON n.id = d.notice_id
        WHERE n.source_id = 'report-returned:r1:2' GROUP BY d.channel ORDER BY d.channel`,
    );
    // The in-app row (counted above) is its own once-guard: the log keeps the external channels.
    expect(log).toEqual([
      { channel: 'email', n: 1 },
      { channel: 'sms', n: 1 },
    ]);

    // The broker delivers the event again (same id): the inbox stops it; a new event with the same notice id
    // (a replay) finds the delivery log's keys and the in-app row's taken. Either way nothing more goes out.
    await sandbox.publish(ProjectDeadlines.NoticeRaised, returned('report-returned:r1:2', [COUNTY]), { id });
    await sandbox.publish(ProjectDeadlines.NoticeRaised, returned('report-returned:r1:2', [COUNTY]), { id: uuidv7() });
    await expectQuiet(2500, async () => [
      smtp.to('linxian-county@example.invalid').length,
      sms.to(COUNTY_MOBILE).length,
    ]);
    expect(smtp.to('linxian-county@example.invalid')).toHaveLength(1);
    expect(sms.to(COUNTY_MOBILE)).toHaveLength(1);
    expect(sms.requests.filter((r) => r.code !== 'OK')).toEqual([]);
    const inboxAfter = await sandbox.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM notifications.notification WHERE source_key = 'notice:projects:report-returned:r1:2'`,
    );
    expect(inboxAfter[0]?.n).toBe(1);
  });

  it("a funding notice reaches the city's e-mail too, not only its inbox", async () => {
    await sandbox.publish(FundingNotices.NoticeRaised, {
      noticeId: `exp-${uuidv7()}`,
      subjectType: 'expenditure',
      subjectId: 'e-1',
      title: '资金使用预警：临县财政专项资金支出',
      body: '财政专项资金不得用于培训（能力建设）支出',
      regionCode: '141124',
      recipients: [CITY],
    });
    const [mail] = await waitFor(
      'the city e-mailed',
      async () => smtp.to('lvliang-city@example.invalid'),
      (m) => m.length === 1,
      { timeoutMs: 20_000 },
    );
    expect(mail?.mail.subject).toBe('资金使用预警：临县财政专项资金支出');
  });

  it('a person who opted out of SMS gets no SMS (the inbox still), and opting in again restores it', async () => {
    const answer = await sandbox.rpc.call(PutMyChannelPreferencesRpc, { actor: linxian, optedOut: ['sms'] });
    expect(answer).toEqual({ optedOut: ['sms'] });
    expect(await sandbox.rpc.call(GetMyChannelPreferencesRpc, { actor: linxian })).toEqual({ optedOut: ['sms'] });
    expect(await sandbox.auditRows({ action: 'notification-preferences.put' })).toHaveLength(1);

    const user = { kind: 'user', username: 'linxian', name: '刘星' } as const;
    await sandbox.publish(ProjectDeadlines.NoticeRaised, returned('report-returned:r2:2', [user]));
    await waitFor(
      'inbox item',
      async () => {
        const rows = await sandbox.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM notifications.notification WHERE source_key = 'notice:projects:report-returned:r2:2'`,
        );
        return rows[0]?.n ?? 0;
      },
      (n) => n === 1,
      { timeoutMs: 20_000 },
    );
    await expectQuiet(1500, async () => sms.to(LINXIAN_MOBILE).length);
    expect(sms.to(LINXIAN_MOBILE)).toEqual([]);

    await sandbox.rpc.call(PutMyChannelPreferencesRpc, { actor: linxian, optedOut: [] });
    await sandbox.publish(ProjectDeadlines.NoticeRaised, returned('report-returned:r3:2', [user]));
    await waitFor(
      'SMS again',
      async () => sms.to(LINXIAN_MOBILE),
      (s) => s.length === 1,
      { timeoutMs: 20_000 },
    );
  });

  it('a report deadline escalating at its due instant: the city gets the due-instant stage, the county each stage', async () => {
    const dueAt = new Date(Date.now() + 4000);
    const deadline = exactDeadline(dueAt, ['-PT2S', 'PT0S'], {
      subjectType: 'report',
      title: '2026年10月月报',
      responsible: [COUNTY],
      countyLeader: null,
      cityOfficer: CITY,
      policy: {
        ...exactDeadline(dueAt, []).policy,
        escalation: { afterWorkingDaysOverdue: 0, recipients: ['city_officer'] },
      },
    });
    await sandbox.publish(ProjectDeadlines.DeadlineSet, deadline, { id: uuidv7() });
    const rows = await waitFor(
      'both stages',
      () =>
        sandbox.db.query<{ stage: string; recipient_key: string; title: string }>(
          `SELECT n.stage, n.recipient_key, n.title FROM notifications.notification n
            WHERE n.subject_id = $1 ORDER BY n.created_at, n.recipient_key`,
          [deadline.subjectId],
        ),
      (found) => found.length === 3,
      { timeoutMs: 20_000 },
    );
    expect(rows.map((row) => [row.stage, row.recipient_key])).toEqual([
      ['offset--PT2S', 'role:county_officer@141124'],
      ['offset-PT0S', 'role:city_officer@141100'],
      ['offset-PT0S', 'role:county_officer@141124'],
    ]);
    expect(rows[2]?.title).toBe('【到期提醒】临县「2026年10月月报」已到期');
  });
});
