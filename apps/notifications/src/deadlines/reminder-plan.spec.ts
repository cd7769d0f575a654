import {
  defaultCalendar,
  defaultHolidayTable,
  mondayToFriday,
  parseLocalDate,
  restrictHolidayTable,
  WorkingDayCalendar,
} from '@duban/calendar';
import { DEFAULT_REMINDER_POLICY } from '@duban/contracts';
import { deadlineFromMilestone, type DeadlineFacts } from './deadline.rules';
import { plannedMessage, reminderMessage, wordsInstant } from './reminder-message.rules';
import {
  assumedCalendarYears,
  carryOverSent,
  continueOverdue,
  keepSentOnRecalendar,
  nextOverdueStage,
  nextPlan,
  overdueNumber,
  planStages,
  stillToRemind,
  type PlannedStage,
  type SentStage,
} from './reminder-plan.rules';

const calendar = defaultCalendar();
const LIU_XING = { id: '00000000-0000-4000-8000-000000000001', name: '刘星', username: 'linxian' };
const ZHANG = { id: '00000000-0000-4000-8000-000000000002', name: '张振玉', username: 'zhangzhenyu' };

function milestone(
  due: { dueDate?: string; dueAt?: string },
  extra: Partial<{ plan: string[]; history: boolean }> = {},
): DeadlineFacts {
  return deadlineFromMilestone(
    {
      programmeId: '00000000-0000-4000-8000-0000000000aa',
      programmeCode: 'gig-2023',
      projectId: '00000000-0000-4000-8000-0000000000bb',
      projectName: '临县公益性零工市场',
      regionCode: '141124',
      regionName: '临县',
      cityRegionCode: '141100',
      milestoneId: '00000000-0000-4000-8000-0000000000cc',
      key: 'push',
      title: '全面进入建设推进阶段',
      dueDate: due.dueDate ?? null,
      dueAt: due.dueAt ?? null,
      status: 'pending',
      responsibleOfficers: [LIU_XING],
      countyLeader: ZHANG,
      reminderPlan: extra.plan ?? null,
      reminderPolicy: DEFAULT_REMINDER_POLICY,
    },
    extra.history ?? false,
  );
}

const context = (now: string) => ({ calendar, now: new Date(now), lateGraceMs: 15 * 60_000 });

/** Stage → local Shanghai wall time, as a reviewer reads the schedule. */
function schedule(stages: readonly PlannedStage[]): Record<string, string> {
  return Object.fromEntries(
    stages.map((s) => [
      s.stage,
      new Date(s.fireAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' '),
    ]),
  );
}

describe('reminder stages against the 2023 calendar (Asia/Shanghai, 09:00 on working days)', () => {
  it('a milestone due 2023-04-30, a day off in the 劳动节 break, lands every stage on a working day', () => {
    const stages = planStages(milestone({ dueDate: '2023-04-30' }), context('2023-03-01T00:00:00Z'));
    expect(schedule(stages)).toEqual({
      // 4/23 (Sunday) is an adjusted working day and counts; 4/22 and 4/29 are days off.
      'before-7wd': '2023-04-21 09:00',
      'before-3wd': '2023-04-26 09:00',
      'before-1wd': '2023-04-28 09:00',
      // No due-day stage: 4/30 is a day off. The first overdue alert waits for the first working day, 5/4.
      'overdue-1': '2023-05-04 09:00',
      // 5/5, 5/6 (an adjusted working Saturday), 5/8, 5/9.
      escalation: '2023-05-09 09:00',
    });
    expect(stages.every((s) => s.state === 'planned')).toBe(true);
    expect(stages.every((s) => s.fireAt.getUTCHours() === 1 && s.fireAt.getUTCMinutes() === 0)).toBe(true);
  });

  it('the overdue repetition every 3 working days counts the adjusted Saturday 5/6 and skips the weekend', () => {
    const deadline = milestone({ dueDate: '2023-04-30' });
    const second = nextOverdueStage(deadline, calendar, 1, new Date('2023-05-04T01:00:00Z'));
    expect(second?.stage).toBe('overdue-2');
    expect(second?.fireAt.toISOString()).toBe('2023-05-08T01:00:00.000Z');
    const third = nextOverdueStage(deadline, calendar, 2, second!.fireAt);
    expect(third?.fireAt.toISOString()).toBe('2023-05-11T01:00:00.000Z');
  });

  it('a 3-working-day reminder across the 4/29–5/3 break goes back to 4/27', () => {
    const stages = schedule(planStages(milestone({ dueDate: '2023-05-05' }), context('2023-03-01T00:00:00Z')));
    expect(stages['before-3wd']).toBe('2023-04-27 09:00');
    expect(stages['before-1wd']).toBe('2023-05-04 09:00');
    expect(stages['due-day']).toBe('2023-05-05 09:00');
    expect(stages['overdue-1']).toBe('2023-05-06 09:00');
  });

  it('addresses reminders to the responsible officers, overdue alerts also to the 组长, escalation to the city officer', () => {
    const stages = planStages(milestone({ dueDate: '2023-04-30' }), context('2023-03-01T00:00:00Z'));
    const to = (name: string) => stages.find((s) => s.stage === name)?.recipients;
    expect(to('before-7wd')).toEqual([{ kind: 'user', username: 'linxian', name: '刘星' }]);
    expect(to('overdue-1')).toEqual([
      { kind: 'user', username: 'linxian', name: '刘星' },
      { kind: 'user', username: 'zhangzhenyu', name: '张振玉' },
    ]);
    expect(to('escalation')).toEqual([{ kind: 'role', role: 'city_officer', regionCode: '141100' }]);
  });

  it('a history deadline is recorded with every stage skipped, and no overdue backlog', () => {
    const stages = planStages(milestone({ dueDate: '2023-03-31' }, { history: true }), context('2026-01-05T00:00:00Z'));
    expect(stages.map((s) => s.state)).toEqual(stages.map(() => 'skipped'));
    expect(stages.filter((s) => s.stage.startsWith('overdue-'))).toHaveLength(1);
  });

  it('a live deadline planned late skips what is past and plans only the next overdue repetition ahead', () => {
    // Due 4/30; planned on 5/10 at 10:00 (after overdue-1, -2 and the escalation).
    const stages = planStages(milestone({ dueDate: '2023-04-30' }), context('2023-05-10T02:00:00Z'));
    const planned = stages.filter((s) => s.state === 'planned');
    expect(schedule(planned)).toEqual({ 'overdue-3': '2023-05-11 09:00' });
    expect(stages.find((s) => s.stage === 'overdue-1')?.state).toBe('skipped');
    expect(stages.some((s) => s.stage === 'overdue-2')).toBe(false);
  });

  it('an exact plan fires at the exact offsets; later offsets alert the 组长 and the last escalates', () => {
    const dueAt = '2026-05-01T06:00:20.000Z';
    const stages = planStages(
      milestone({ dueAt }, { plan: ['-PT10S', 'PT0S', 'PT5S'] }),
      context('2026-05-01T06:00:00Z'),
    );
    expect(stages.map((s) => [s.stage, s.fireAt.toISOString(), s.state])).toEqual([
      ['offset--PT10S', '2026-05-01T06:00:10.000Z', 'planned'],
      ['offset-PT0S', '2026-05-01T06:00:20.000Z', 'planned'],
      ['offset-PT5S', '2026-05-01T06:00:25.000Z', 'planned'],
    ]);
    expect(stages[0]?.recipients.map((r) => (r.kind === 'user' ? r.username : r.role))).toEqual(['linxian']);
    expect(stages[2]?.recipients.map((r) => (r.kind === 'user' ? r.username : r.role))).toEqual([
      'linxian',
      'zhangzhenyu',
      'city_officer',
    ]);
  });

  it('says in Chinese which county, which milestone, when it was due and how late it is', () => {
    const deadline = milestone({ dueDate: '2023-04-30' });
    const overdue = reminderMessage(deadline, 'overdue-2', new Date('2023-05-08T01:00:00Z'), calendar);
    expect(overdue.title).toBe('【逾期提醒】临县「全面进入建设推进阶段」已逾期4个工作日（8天）');
    expect(overdue.body).toContain('临县公益性零工市场的「全面进入建设推进阶段」应于2023年4月30日（当日24时前）完成');
    const before = reminderMessage(deadline, 'before-7wd', new Date('2023-04-21T01:00:00Z'), calendar);
    expect(before.title).toBe('【到期提醒】临县「全面进入建设推进阶段」还有7个工作日（9天）到期');
    const exact = milestone({ dueAt: '2026-05-01T06:00:20.000Z' }, { plan: ['PT5S'] });
    expect(reminderMessage(exact, 'offset-PT5S', new Date('2026-05-01T06:00:25.000Z'), calendar).title).toBe(
      '【逾期提醒】临县「全面进入建设推进阶段」已逾期5秒',
    );
    expect(parseLocalDate('2023-04-30')).toBe('2023-04-30');
  });

  it('names the county once: a project name begins with it (it read 临县临县公益性零工市场的…)', () => {
    const deadline = milestone({ dueDate: '2023-04-30' });
    const body = (facts: Partial<DeadlineFacts>) =>
      reminderMessage({ ...deadline, ...facts }, 'before-7wd', new Date('2023-04-21T01:00:00Z'), calendar).body;
    expect(body({})).toMatch(/^临县公益性零工市场的「全面进入建设推进阶段」将于/);
    // A project named otherwise still says whose it is; an item of no project is the county's.
    expect(body({ projectName: '零工驿站' })).toMatch(/^临县零工驿站的「全面进入建设推进阶段」将于/);
    expect(body({ projectName: null })).toMatch(/^临县「全面进入建设推进阶段」将于/);
  });

  it("says an instant's due stage has come however late it goes out, with how long ago after a minute", () => {
    const exact = milestone({ dueAt: '2026-12-07T12:10:16.000Z' }, { plan: ['-PT4M', 'PT0S'] });
    const at = (instant: string, stage = 'offset-PT0S') => reminderMessage(exact, stage, new Date(instant), calendar);
    // Three seconds into a large instant's firing: still 到期 (it read 【逾期提醒】…已逾期3秒 under the stage 到期时).
    expect(at('2026-12-07T12:10:19.000Z')).toEqual({
      title: '【到期提醒】临县「全面进入建设推进阶段」已到期',
      body: '临县公益性零工市场的「全面进入建设推进阶段」的期限2026年12月7日 20:10已到，请立即完成并上传佐证材料。',
    });
    // After a stop of the service: when it was due too.
    expect(at('2026-12-07T12:11:45.000Z').body).toContain('的期限2026年12月7日 20:10已到，已逾期1分钟29秒，请立即');
    expect(at('2026-12-07T12:11:45.000Z', 'offset--PT4M').title).toBe('【到期提醒】临县「全面进入建设推进阶段」已到期');
    // Before the instant, a stage before it counts down; an overdue stage is an overdue alert.
    expect(at('2026-12-07T12:06:16.000Z', 'offset--PT4M').title).toBe(
      '【到期提醒】临县「全面进入建设推进阶段」还有4分钟到期',
    );
    expect(at('2026-12-07T12:10:21.000Z', 'offset-PT5S').title).toBe(
      '【逾期提醒】临县「全面进入建设推进阶段」已逾期5秒',
    );
  });
});

describe('the words a planned stage will say', () => {
  it('are written beside each planned stage due within reach, for its own instant, and for no stage skipped or sent', () => {
    const deadline = milestone({ dueDate: '2023-04-30' });
    const { stages } = nextPlan(deadline, 0, [], {
      ...context('2023-04-24T01:00:00Z'),
      wordsUntil: new Date('2023-04-27T01:00:00Z'),
    });
    const byStage = Object.fromEntries(stages.map((stage) => [stage.stage, stage]));
    const threeDaysBefore = stages.find((stage) => stage.stage === 'before-3wd')?.fireAt ?? new Date(NaN);
    // before-7wd (4/21) is past by then: skipped, and says nothing.
    expect(byStage['before-7wd']).toMatchObject({ state: 'skipped' });
    expect(byStage['before-7wd']?.message).toBeUndefined();
    expect(byStage['before-3wd']?.message).toEqual({
      ...reminderMessage(deadline, 'before-3wd', threeDaysBefore, calendar),
      link: '/projects/00000000-0000-4000-8000-0000000000bb/milestones/00000000-0000-4000-8000-0000000000cc',
    });
    expect(byStage['before-3wd']?.message?.title).toBe(
      '【到期提醒】临县「全面进入建设推进阶段」还有3个工作日（4天）到期',
    );
    // Due on 5/4, beyond the 72 hours: its words come when it comes within them.
    expect(byStage['overdue-1']).toMatchObject({ state: 'planned' });
    expect(byStage['overdue-1']?.message).toBeUndefined();
  });

  it('are what it says when it goes out within a minute of its instant; later, it speaks of when it goes out', () => {
    const fireAt = new Date('2026-12-07T12:06:16.000Z');
    expect(wordsInstant(fireAt, new Date('2026-12-07T12:06:16.004Z'))).toBe(fireAt);
    expect(wordsInstant(fireAt, new Date('2026-12-07T12:07:15.999Z'))).toBe(fireAt);
    expect(wordsInstant(fireAt, new Date('2026-12-07T12:07:16.000Z'))).toEqual(new Date('2026-12-07T12:07:16.000Z'));
    const exact = milestone({ dueAt: '2026-12-07T12:10:16.000Z' }, { plan: ['-PT4M'] });
    // 7 seconds into a large instant: still 还有4分钟, as planned (it read 还有3分钟53秒).
    const late = new Date('2026-12-07T12:06:23.000Z');
    expect(plannedMessage(exact, 'offset--PT4M', wordsInstant(fireAt, late), calendar).title).toBe(
      '【到期提醒】临县「全面进入建设推进阶段」还有4分钟到期',
    );
  });

  it('tell an overdue alert by its stage', () => {
    expect([
      overdueNumber('overdue-3'),
      overdueNumber('overdue-'),
      overdueNumber('overdue-x'),
      overdueNumber('due-day'),
    ]).toEqual([3, null, null, null]);
  });
});

describe('a year without a holiday table', () => {
  const through2026 = new WorkingDayCalendar(
    restrictHolidayTable(defaultHolidayTable(), (year) => year <= 2026),
    { fallback: mondayToFriday },
  );

  it('plans a milestone due 2026-12-31 on Monday–Friday in 2027 and names 2027 as assumed', () => {
    const deadline = milestone({ dueDate: '2026-12-31' });
    const stages = planStages(deadline, {
      calendar: through2026,
      now: new Date('2026-12-01T00:00:00Z'),
      lateGraceMs: 0,
    });
    expect(schedule(stages)).toMatchObject({ 'overdue-1': '2027-01-01 09:00', escalation: '2027-01-07 09:00' });
    expect(assumedCalendarYears(deadline, stages, through2026)).toEqual([2027]);
  });

  it('names no year for a plan inside the tables, an exact plan or a history deadline', () => {
    const inside = milestone({ dueDate: '2026-06-30' });
    const context = { calendar: through2026, now: new Date('2026-06-01T00:00:00Z'), lateGraceMs: 0 };
    expect(assumedCalendarYears(inside, planStages(inside, context), through2026)).toEqual([]);
    const exact = milestone({ dueAt: '2027-03-01T00:00:00Z' }, { plan: ['PT0S'] });
    expect(assumedCalendarYears(exact, planStages(exact, context), through2026)).toEqual([]);
    const history = milestone({ dueDate: '2026-12-31' }, { history: true });
    expect(assumedCalendarYears(history, planStages(history, context), through2026)).toEqual([]);
  });
});

describe('a stage already sent under an earlier plan', () => {
  const deadline = milestone({ dueDate: '2023-04-30' });
  const linxian = { kind: 'user' as const, username: 'linxian', name: '刘星' };
  const li = { kind: 'user' as const, username: 'lishuyun', name: '李淑云' };
  const sentAt = new Date('2023-05-04T01:00:02Z');
  const overdue1: SentStage = {
    version: 1,
    stage: 'overdue-1',
    fireAt: new Date('2023-05-04T01:00:00Z'),
    recipients: [linxian, { kind: 'user', username: 'zhangzhenyu', name: '张振玉' }],
    sentAt,
  };

  it('is carried over as sent when planned again at the same instant for the same people, and planned otherwise', () => {
    // Reopened five minutes after overdue-1 went out: the new plan has it again, within the late grace.
    const stages = planStages(deadline, context('2023-05-04T01:05:00Z'));
    const carried = carryOverSent(stages, [overdue1]);
    expect(carried.find((s) => s.stage === 'overdue-1')).toMatchObject({ state: 'sent', sentAt });
    // The same stage at another instant (a reschedule moved it) is planned: it is another reminder.
    const moved = carryOverSent(stages, [{ ...overdue1, fireAt: new Date('2023-05-05T01:00:00Z') }]);
    expect(moved.find((s) => s.stage === 'overdue-1')?.state).toBe('planned');
  });

  it('reaches only the people not reminded of it', () => {
    const stage = { stage: 'overdue-1', fireAt: overdue1.fireAt, recipients: [linxian, li] };
    expect(stillToRemind(stage, [overdue1])).toEqual([li]);
    expect(carryOverSent([{ ...stage, state: 'planned' }], [overdue1])[0]?.state).toBe('planned');
  });

  it('keeps the overdue repetition going after a carried-over alert', () => {
    const ctx = context('2023-05-04T01:05:00Z');
    const stages = continueOverdue(deadline, carryOverSent(planStages(deadline, ctx), [overdue1]), [overdue1], ctx);
    expect(stages.filter((s) => s.stage.startsWith('overdue-')).map((s) => [s.stage, s.state])).toEqual([
      ['overdue-1', 'sent'],
      ['overdue-2', 'planned'],
    ]);
    expect(stages.find((s) => s.stage === 'overdue-2')?.fireAt.toISOString()).toBe('2023-05-08T01:00:00.000Z');
  });
});

describe('a plan made again on a new holiday table', () => {
  const deadline = milestone({ dueDate: '2027-03-31' });
  const through2026 = new WorkingDayCalendar(
    restrictHolidayTable(defaultHolidayTable(), (year) => year <= 2026),
    { fallback: mondayToFriday },
  );
  // 2027's table: a made-up day off on Friday 3/26, Saturday 3/27 worked instead.
  const with2027 = new WorkingDayCalendar({
    years: [...through2026.coveredYears, 2027],
    days: [
      ...restrictHolidayTable(defaultHolidayTable(), (year) => year <= 2026).days,
      { date: parseLocalDate('2027-03-26'), isOffDay: true, name: '测试假日', source: 't' },
      { date: parseLocalDate('2027-03-27'), isOffDay: false, name: '测试假日', source: 't' },
    ],
  });
  const ctx = (cal: WorkingDayCalendar) => ({ calendar: cal, now: new Date('2027-03-23T02:00:00Z'), lateGraceMs: 0 });

  it('keeps a stage the current plan sent where it went out and moves the others to the new working days', () => {
    const guessed = planStages(deadline, ctx(through2026));
    const before7 = guessed.find((s) => s.stage === 'before-7wd') as PlannedStage;
    const sent: SentStage[] = [
      {
        version: 2,
        stage: 'before-7wd',
        fireAt: before7.fireAt,
        recipients: before7.recipients,
        sentAt: before7.fireAt,
      },
      // A stage of an older plan (another due date) says nothing about this one.
      { version: 1, stage: 'before-3wd', fireAt: new Date('2027-02-01T01:00:00Z'), recipients: [], sentAt: null },
    ];
    const replanned = keepSentOnRecalendar(planStages(deadline, ctx(with2027)), sent, 2);
    expect(schedule(replanned)).toMatchObject({
      'before-7wd': '2027-03-22 09:00',
      // Mon–Fri said 3/26; with 3/26 off and Saturday 3/27 worked, three working days before 3/31 is 3/27.
      'before-3wd': '2027-03-27 09:00',
      'before-1wd': '2027-03-30 09:00',
    });
    expect(replanned.find((s) => s.stage === 'before-7wd')).toMatchObject({ state: 'sent', sentAt: before7.fireAt });
    expect(replanned.find((s) => s.stage === 'before-3wd')?.state).toBe('planned');
    expect(schedule(guessed)['before-3wd']).toBe('2027-03-26 09:00');
  });
});
