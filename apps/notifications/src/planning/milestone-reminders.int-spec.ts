import {
  DEFAULT_REMINDER_POLICY,
  FundingNotices,
  ListMilestoneRemindersRpc,
  ListMyNotificationsRpc,
  MarkNotificationReadRpc,
  MilestoneScheduled,
  type MilestoneScheduledData,
} from '@duban/contracts';
import { demoActors, waitFor } from '@duban/testing';
import { v7 as uuidv7 } from 'uuid';
import { startNotificationsSandbox, type InProcessSandbox } from '../__fixtures__/notifications-sandbox';

/**
 * The service as the gateway and the projects and funding services see it: a milestone event becomes a
 * planned, fired and listed reminder that links to the milestone's page; a notice lands in the in-app inbox;
 * the reminders route and the inbox keep to the caller's scope, and refusals are audited.
 */
describe('milestone reminders and notices through the transport (real Postgres, Redis, NATS)', () => {
  let sandbox: InProcessSandbox;
  const { linxian, lvliang, taiyuan, lishi, zhangzhenyu } = demoActors;

  beforeAll(async () => {
    sandbox = await startNotificationsSandbox('milestones');
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  function milestone(dueAt: Date): MilestoneScheduledData {
    return {
      programmeId: uuidv7(),
      programmeCode: 'gig-2026',
      projectId: uuidv7(),
      projectName: '临县公益性零工市场',
      regionCode: '141124',
      regionName: '临县',
      cityRegionCode: '141100',
      milestoneId: uuidv7(),
      key: null,
      title: '试运行',
      dueDate: null,
      dueAt: dueAt.toISOString(),
      status: 'pending',
      responsibleOfficers: [{ id: uuidv7(), name: '刘星', username: 'linxian' }],
      countyLeader: { id: uuidv7(), name: '张振玉', username: 'zhangzhenyu' },
      reminderPlan: ['PT0S'],
      reminderPolicy: DEFAULT_REMINDER_POLICY,
      history: false,
    };
  }

  it('plans and fires a milestone’s reminder, which links to the milestone’s page', async () => {
    const facts = milestone(new Date(Date.now() + 1500));
    await sandbox.publish(MilestoneScheduled, facts);

    const mine = await waitFor(
      '刘星 reminded',
      () => sandbox.rpc.call(ListMyNotificationsRpc, { actor: linxian }),
      (list) => list.items.some((item) => item.subjectId === facts.milestoneId),
      { timeoutMs: 15_000 },
    );
    const reminder = mine.items.find((item) => item.subjectId === facts.milestoneId);
    expect(reminder).toMatchObject({
      subjectType: 'milestone',
      stage: 'offset-PT0S',
      projectId: facts.projectId,
      regionCode: '141124',
      link: `/projects/${facts.projectId}/milestones/${facts.milestoneId}`,
      readAt: null,
    });
    expect(reminder?.title).toBe('【到期提醒】临县「试运行」已到期');

    const schedule = await sandbox.rpc.call(ListMilestoneRemindersRpc, {
      actor: lvliang,
      milestoneId: facts.milestoneId,
    });
    expect(schedule).toMatchObject({ dueAt: facts.dueAt, dueDate: null, status: 'open', history: false });
    expect(schedule.items.map((item) => [item.stage, item.state])).toEqual([['offset-PT0S', 'sent']]);

    // Read by 刘星; 离石区 may not touch it (a 404, audited).
    const notificationId = reminder?.id ?? '';
    const read = await sandbox.rpc.call(MarkNotificationReadRpc, { actor: linxian, notificationId });
    expect(read.readAt).not.toBeNull();
    await expect(sandbox.rpc.call(MarkNotificationReadRpc, { actor: lishi, notificationId })).rejects.toMatchObject({
      code: 'not_found',
      message: '通知不存在',
    });
    expect(await sandbox.auditRows({ action: 'notification.read', targetId: notificationId })).toEqual([
      expect.objectContaining({ actor_username: 'linxian', outcome: 'done' }),
      expect.objectContaining({ actor_username: 'lishi', outcome: 'denied', detail: 'out_of_scope' }),
    ]);
  });

  it('shows a milestone’s plan to its county, city and province only; another city gets a 404, audited', async () => {
    const facts = milestone(new Date(Date.now() + 3_600_000));
    await sandbox.publish(MilestoneScheduled, facts);
    const request = (actor: typeof linxian) =>
      sandbox.rpc.call(ListMilestoneRemindersRpc, { actor, milestoneId: facts.milestoneId });

    const schedule = await waitFor(
      'planned',
      () => request(linxian).catch(() => null),
      (s) => s !== null,
      {
        timeoutMs: 15_000,
      },
    );
    expect(schedule?.items.map((item) => [item.stage, item.state])).toEqual([['offset-PT0S', 'planned']]);
    expect((await request(demoActors.province)).items).toHaveLength(1);

    await expect(request(taiyuan)).rejects.toMatchObject({ code: 'not_found', message: '节点不存在' });
    expect(await sandbox.auditRows({ action: 'milestone.reminders.read', targetId: facts.milestoneId })).toEqual([
      expect.objectContaining({ actor_username: 'taiyuan', outcome: 'denied', detail: 'out_of_scope' }),
    ]);
    // A milestone nobody told us of is simply not found: nothing to audit.
    const unknown = uuidv7();
    await expect(
      sandbox.rpc.call(ListMilestoneRemindersRpc, { actor: linxian, milestoneId: unknown }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(await sandbox.auditRows({ targetId: unknown })).toEqual([]);
  });

  it('puts a funding notice in each recipient’s inbox, linking to the county’s dashboard', async () => {
    const noticeId = uuidv7();
    await sandbox.publish(FundingNotices.NoticeRaised, {
      noticeId,
      subjectType: 'expenditure',
      subjectId: noticeId,
      title: '资金使用预警：临县财政专项资金支出',
      body: '财政专项资金不得用于培训（能力建设）支出',
      regionCode: '141124',
      recipients: [{ kind: 'user', username: 'zhangzhenyu', name: '张振玉' }],
    });
    const inbox = await waitFor(
      'the notice',
      () => sandbox.rpc.call(ListMyNotificationsRpc, { actor: zhangzhenyu }),
      (list) => list.items.some((item) => item.subjectId === noticeId),
      { timeoutMs: 15_000 },
    );
    expect(inbox.items.find((item) => item.subjectId === noticeId)).toMatchObject({
      stage: 'notice',
      subjectType: 'expenditure',
      projectId: null,
      regionCode: '141124',
      link: '/regions/141124',
    });
  });
});
