import type { INestMicroservice } from '@nestjs/common';
import { InboxDelivered, type Actor, type Envelope, type InboxDeliveredData, type Notice } from '@duban/contracts';
import { Transactions } from '@duban/platform';
import { waitFor } from '@duban/testing';
import { exactDeadline, startNotificationsSandbox, type InProcessSandbox } from '../__fixtures__/notifications-sandbox';
import { NoticeDelivery } from '../delivery/notice-delivery.service';
import { InAppService } from './in-app.service';
import { InAppWriter } from './in-app-writer.service';
import type { InboxReminder } from './in-app.repository';

/**
 * Every in-app write announces itself: the `inbox.delivered` event is an outbox row of the same transaction
 * (so the gateway hears of exactly the notifications that exist), one per write, never per row. And what a
 * reader then sees: each notification once, however many of its addressees are theirs.
 */
describe('in-app writes and their inbox.delivered events (real Postgres, Redis, NATS)', () => {
  let sandbox: InProcessSandbox;
  let app: INestMicroservice;

  beforeAll(async () => {
    sandbox = await startNotificationsSandbox('inboxevents');
    app = sandbox.app;
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  async function counts() {
    const rows = await sandbox.db.query(
      `SELECT (SELECT count(*)::int FROM notifications.notification) AS notifications,
              (SELECT count(*)::int FROM notifications.outbox WHERE subject = $1) AS events`,
      [InboxDelivered.type],
    );
    return rows[0] as { notifications: number; events: number };
  }

  async function eventsAbout(subjectId: string): Promise<Envelope<InboxDeliveredData>[]> {
    const rows = await sandbox.db.query<{ envelope: Envelope<InboxDeliveredData> }>(
      `SELECT o.envelope FROM notifications.outbox o
        WHERE o.subject = $1 AND EXISTS (
          SELECT 1 FROM notifications.notification n, jsonb_array_elements(o.envelope->'data'->'deliveries') d
           WHERE n.subject_id = $2 AND d->>'notificationId' = n.id::text)
        ORDER BY o.seq`,
      [InboxDelivered.type, subjectId],
    );
    return rows.map((row) => row.envelope);
  }

  function notice(noticeId: string): Notice {
    return {
      noticeId,
      subjectType: 'expenditure',
      subjectId: noticeId,
      title: '资金使用预警：临县财政专项资金支出',
      body: '财政专项资金不得用于培训（能力建设）支出',
      regionCode: '141124',
      recipients: [
        { kind: 'role', role: 'city_officer', regionCode: '141100' },
        { kind: 'user', username: 'linxian', name: '刘星' },
      ],
    };
  }

  it('a notice to two inboxes: two notifications and one event naming both, in one transaction', async () => {
    const before = await counts();
    await app.get(Transactions).run((tx) => app.get(NoticeDelivery).deliver(tx, 'funding', notice('n-1')));

    const after = await counts();
    expect(after.notifications - before.notifications).toBe(2);
    expect(after.events - before.events).toBe(1);
    const written = await sandbox.db.query<{ id: string; recipient_key: string }>(
      `SELECT id, recipient_key FROM notifications.notification WHERE subject_id = 'n-1' ORDER BY recipient_key`,
    );
    const [event] = await eventsAbout('n-1');
    expect(event?.data.deliveries).toEqual(
      expect.arrayContaining([
        { notificationId: written[0]?.id, addressee: { kind: 'role', role: 'city_officer', regionCode: '141100' } },
        { notificationId: written[1]?.id, addressee: { kind: 'user', username: 'linxian' } },
      ]),
    );
    expect(event?.data.deliveries).toHaveLength(2);
  });

  it('a rolled-back write leaves neither notifications nor an event; a repeated one adds neither', async () => {
    const before = await counts();
    await expect(
      app.get(Transactions).run(async (tx) => {
        await app.get(NoticeDelivery).deliver(tx, 'funding', notice('n-2'));
        throw new Error('the handler failed after writing');
      }),
    ).rejects.toThrow('the handler failed after writing');
    expect(await counts()).toEqual(before);

    await app.get(Transactions).run((tx) => app.get(NoticeDelivery).deliver(tx, 'funding', notice('n-1')));
    expect(await counts()).toEqual(before);
  });

  it('a firing batch writes one event for all its notifications, and the relay publishes it', async () => {
    const before = await counts();
    const dueAt = new Date(Date.now() + 2500);
    const deadlines = Array.from({ length: 20 }, () => exactDeadline(dueAt, ['PT0S'], { countyLeader: null }));
    for (const deadline of deadlines) await sandbox.publishDeadline(deadline);

    const after = await waitFor(
      '20 notifications',
      () => counts(),
      (c) => c.notifications - before.notifications === 20,
      {
        timeoutMs: 20_000,
      },
    );
    // Reminders falling due together fire in a few batches: an event per batch, not per reminder.
    expect(after.events - before.events).toBeGreaterThanOrEqual(1);
    expect(after.events - before.events).toBeLessThan(20);
    const rows = await sandbox.db.query<{ id: string; addressee: unknown }>(
      `SELECT d->>'notificationId' AS id, d->'addressee' AS addressee FROM notifications.outbox o,
              jsonb_array_elements(o.envelope->'data'->'deliveries') d
        WHERE o.subject = $1 AND d->>'notificationId' IN (
          SELECT id::text FROM notifications.notification WHERE subject_id = ANY($2::text[]))`,
      [InboxDelivered.type, deadlines.map((d) => d.subjectId)],
    );
    expect(rows).toHaveLength(20);
    expect(new Set(rows.map((row) => row.id)).size).toBe(20);
    expect(rows.every((row) => JSON.stringify(row.addressee) === '{"kind":"user","username":"linxian"}')).toBe(true);
    await waitFor(
      'every inbox.delivered event published',
      async () =>
        (
          await sandbox.db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM notifications.outbox WHERE published_at IS NULL`,
          )
        )[0]?.n,
      (unpublished) => unpublished === 0,
    );
  });

  it('a notice reaching a person by name and by role shows once in their inbox, and once in a colleague’s', async () => {
    const instruction: Notice = {
      ...notice('n-both'),
      subjectType: 'milestone',
      title: '批示：请加快临县零工市场场地建设',
      recipients: [
        { kind: 'user', username: 'linxian', name: '刘星' },
        { kind: 'role', role: 'county_officer', regionCode: '141124' },
      ],
    };
    await app.get(Transactions).run((tx) => app.get(NoticeDelivery).deliver(tx, 'projects', instruction));
    const county = (username: string): Actor => ({
      userId: `user-${username}`,
      username,
      displayName: username,
      role: 'county_officer',
      regionCodes: ['141124'],
    });
    const inbox = app.get(InAppService);
    const shown = async (actor: Actor) => {
      const { items, unread } = await inbox.list(actor, false, 100);
      return { titles: items.filter((item) => item.subjectId === 'n-both').map((item) => item.title), unread };
    };

    // Two rows are written (one per addressee) and both stay: the colleague reads the role's copy.
    const linxian = await shown(county('linxian'));
    const colleague = await shown(county('linxian-2'));
    expect(linxian.titles).toEqual(['批示：请加快临县零工市场场地建设']);
    expect(colleague.titles).toEqual(['批示：请加快临县零工市场场地建设']);

    // Read once, it is read: nothing of it is left unread for 刘星, while the colleague's copy is still unread.
    const [mine] = (await inbox.list(county('linxian'), false, 100)).items.filter(
      (item) => item.subjectId === 'n-both',
    );
    await inbox.markRead(county('linxian'), mine?.id as string);
    expect((await shown(county('linxian'))).unread).toBe(linxian.unread - 1);
    expect((await shown(county('linxian-2'))).unread).toBe(colleague.unread);
  });
  it('reminders written set-wise: each at its own instant, those without an inbox left out, each row once', async () => {
    const message = (subjectId: string, stage: string) => ({
      sourceKey: `reminder:${subjectId}:v1:${stage}`,
      subjectType: 'milestone',
      subjectId,
      projectId: null,
      regionCode: '141124',
      stage,
      title: `【到期提醒】临县「${subjectId}」`,
      body: '请按时完成并上传佐证材料。',
      link: null,
    });
    const first = new Date('2027-03-01T01:00:00.000Z');
    const second = new Date('2027-03-01T01:00:05.123Z');
    const reminders: InboxReminder[] = [
      {
        message: message('set-1', 'before-1d'),
        at: first,
        recipients: [
          { kind: 'user', username: 'linxian', name: '刘星' },
          // A person without an account has no inbox.
          { kind: 'user', username: null, name: '王五' },
        ],
      },
      {
        message: message('set-2', 'before-1d'),
        at: second,
        recipients: [{ kind: 'role', role: 'county_officer', regionCode: '141124' }],
      },
      {
        message: message('set-3', 'before-1d'),
        at: first,
        recipients: [{ kind: 'user', username: 'linxian', name: '刘星' }],
      },
    ];
    const writer = app.get(InAppWriter);
    const before = await counts();
    expect(await app.get(Transactions).run((tx) => writer.writeReminders(tx, reminders))).toBe(3);
    const rows = await sandbox.db.query<{ subject_id: string; recipient_key: string; created_at: Date }>(
      `SELECT subject_id, recipient_key, created_at FROM notifications.notification
        WHERE subject_id LIKE 'set-%' ORDER BY subject_id`,
    );
    expect(rows.map((row) => [row.subject_id, row.recipient_key, new Date(row.created_at).toISOString()])).toEqual([
      ['set-1', 'user:linxian', first.toISOString()],
      ['set-2', 'role:county_officer@141124', second.toISOString()],
      ['set-3', 'user:linxian', first.toISOString()],
    ]);
    expect((await counts()).events - before.events).toBe(1);

    // Again, with one stage more: only the new one is written and announced.
    const again = [...reminders, { ...reminders[2], message: message('set-4', 'before-1d') } as InboxReminder];
    expect(await app.get(Transactions).run((tx) => writer.writeReminders(tx, again))).toBe(1);
    const [event] = await eventsAbout('set-4');
    expect(event?.data.deliveries).toHaveLength(1);
    expect((await counts()).notifications - before.notifications).toBe(4);
  });
});
