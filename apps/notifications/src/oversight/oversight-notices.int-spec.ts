import {
  InstructionAcknowledged,
  ListReminderHistoryRpc,
  MilestoneInstructed,
  MilestoneScheduled,
  MilestoneUrged,
  type EventActor,
} from '@duban/contracts';
import { demoActors, expectQuiet, waitFor } from '@duban/testing';
import { v7 as uuidv7 } from 'uuid';
import {
  COUNTY_ACTOR,
  milestoneFacts,
  startNotificationsSandbox,
  type InProcessSandbox,
} from '../__fixtures__/notifications-sandbox';

const CITY: EventActor = {
  userId: 'user-lvliang',
  username: 'lvliang',
  displayName: '吕梁市人社局',
  role: 'city_officer',
};

/**
 * 催办 and 批示 reach people through the reminders' delivery path, once each (real Postgres, Redis, NATS), and
 * the delivery log answers what was sent about a milestone (超时倒查's drill-down), in the caller's scope only.
 */
describe('催办 and 批示 notices (real Postgres, Redis, NATS)', () => {
  let sandbox: InProcessSandbox;
  // Due in ten days, planned on an exact far-off plan: nothing else is sent meanwhile.
  const facts = milestoneFacts({
    title: '完成选址',
    dueAt: new Date(Date.now() + 10 * 86_400_000).toISOString(),
    reminderPlan: ['-P9D'],
  });

  beforeAll(async () => {
    sandbox = await startNotificationsSandbox('oversight');
    const scheduled = await sandbox.publish(MilestoneScheduled, { ...facts, history: false }, { id: uuidv7() });
    await waitFor(
      'scheduled',
      () => applied([scheduled.id]),
      (n) => n === 1,
    );
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  async function applied(eventIds: string[]): Promise<number> {
    const [row] = await sandbox.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM notifications.inbox WHERE event_id = ANY($1)`,
      [eventIds],
    );
    return row?.n ?? 0;
  }

  async function inbox(stagePrefix: string): Promise<{ to: string; title: string; body: string }[]> {
    return sandbox.db.query(
      `SELECT recipient_key AS "to", title, body FROM notifications.notification
        WHERE subject_id = $1 AND stage LIKE $2 ORDER BY recipient_key`,
      [facts.milestoneId, `${stagePrefix}-%`],
    );
  }

  it('an urging reaches the responsible officer at once, once even when the event comes twice', async () => {
    const urgeId = uuidv7();
    const urged = { ...facts, urgeId, message: '请本周内完成', urgedAt: '2026-12-07T01:00:00.000Z', urgedBy: CITY };
    const id = uuidv7();
    await sandbox.publish(MilestoneUrged, urged, { id });
    const rows = await waitFor(
      'urged',
      () => inbox('urge'),
      (r) => r.length > 0,
    );
    expect(rows).toEqual([
      {
        to: 'user:linxian',
        title: '【催办】临县「完成选址」',
        body: expect.stringContaining(
          '吕梁市人社局（市局工作人员）于2026年12月7日 09:00催办：临县公益性零工市场的「完成选址」应于',
        ),
      },
    ]);
    expect(rows[0]?.body).toMatch(/催办意见：请本周内完成。$/);
    // The same notice published again under another event id (a retried write): the delivery log keeps it to one.
    await sandbox.publish(MilestoneUrged, urged, { id: uuidv7() });
    expect(await expectQuiet(2_000, () => inbox('urge'))).toHaveLength(1);
  });

  it('an instruction reaches the officer, the 组长 and the county’s 专班; its acknowledgement reaches the writer', async () => {
    const instructionId = uuidv7();
    const text = '请县委县政府专题研究选址问题';
    await sandbox.publish(
      MilestoneInstructed,
      { ...facts, instructionId, text, writtenAt: '2026-12-07T02:00:00.000Z', writtenBy: CITY },
      { id: uuidv7() },
    );
    const rows = await waitFor(
      'instructed',
      () => inbox('instruction'),
      (r) => r.length === 3,
    );
    expect(rows.map((row) => row.to)).toEqual(['role:county_officer@141124', 'user:linxian', 'user:zhangzhenyu']);
    expect(rows[0]).toMatchObject({
      title: '【批示】临县「完成选址」',
      body: `吕梁市人社局（市局工作人员）对临县公益性零工市场的「完成选址」批示：${text}。请临县专班在节点页面签收并抓好落实。`,
    });

    await sandbox.publish(
      InstructionAcknowledged,
      {
        ...facts,
        instructionId,
        text,
        writtenBy: CITY,
        acknowledgedAt: '2026-12-07T03:00:00.000Z',
        acknowledgedBy: COUNTY_ACTOR,
      },
      { id: uuidv7() },
    );
    const acknowledged = await waitFor(
      'acknowledged',
      () => inbox('acknowledged'),
      (r) => r.length === 1,
    );
    expect(acknowledged[0]).toMatchObject({ to: 'user:lvliang', title: '【批示已签收】临县「完成选址」' });
  });

  it('answers what was sent about the milestone, in scope only', async () => {
    const history = await sandbox.rpc.call(ListReminderHistoryRpc, {
      actor: demoActors.lvliang,
      deadlineIds: [facts.milestoneId],
    });
    expect(history.items).toHaveLength(1);
    expect(history.items[0]?.reminders.map((r) => [r.stage.replace(/-.*/, ''), r.recipients, r.channels])).toEqual([
      ['urge', ['刘星'], ['inbox']],
      ['instruction', ['刘星', '张振玉', '县级专班（141124）'], ['inbox']],
      ['acknowledged', ['吕梁市人社局'], ['inbox']],
    ]);
    // In-app deliveries logged before the in-app row became its own once-guard (issue 17, G2): the same answer.
    await sandbox.db.query(
      `INSERT INTO notifications.delivery
         (deadline_id, plan_version, stage, recipient, channel, endpoint, reminder_id, title, body, link, created_at,
          notification_id)
       SELECT dl.id, r.version, r.stage, n.recipient_key, 'inbox', '', r.id, n.title, n.body, n.link, n.created_at, n.id
         FROM notifications.deadline dl JOIN notifications.reminder r ON r.deadline_id = dl.id
         JOIN notifications.notification n ON n.source_key = 'reminder:' || dl.id || ':v' || r.version || ':' || r.stage
        WHERE dl.source = 'projects' AND dl.source_id = $1`,
      [facts.milestoneId],
    );
    const again = await sandbox.rpc.call(ListReminderHistoryRpc, {
      actor: demoActors.lvliang,
      deadlineIds: [facts.milestoneId],
    });
    expect(again).toEqual(history);
    const outside = await sandbox.rpc.call(ListReminderHistoryRpc, {
      actor: demoActors.taiyuan,
      deadlineIds: [facts.milestoneId],
    });
    expect(outside.items).toEqual([]);
  });
});
