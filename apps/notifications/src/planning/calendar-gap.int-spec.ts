import type { INestMicroservice } from '@nestjs/common';
import {
  defaultHolidayTable,
  mergeHolidayTables,
  parseLocalDate,
  restrictHolidayTable,
  type HolidayTable,
} from '@duban/calendar';
import {
  HealthRpc,
  ListMilestoneRemindersRpc,
  MilestoneRescheduled,
  MilestoneScheduled,
  type MilestoneFacts,
  type ReminderSchedule,
} from '@duban/contracts';
import { Clock, RpcClient } from '@duban/platform';
import { demoActors, waitFor } from '@duban/testing';
import { v7 as uuidv7 } from 'uuid';
import {
  COUNTY_ACTOR,
  milestoneFacts,
  startNotificationsSandbox,
  type InProcessSandbox,
} from '../__fixtures__/notifications-sandbox';
import { HolidayCalendar } from '../calendars/holiday-calendar.service';
import { ReminderEngineHealth } from '../timers/reminder-engine-health.service';

/**
 * A deadline whose plan reaches a year without a holiday table (issue 12, finding 1): it is planned on
 * Monday–Friday for that year, flagged on its schedule, reported by the health check, never dead-lettered,
 * and planned again on the real table once it arrives (at start, or added at run time).
 *
 * The service starts with the shipped tables cut at 2026, so 2027 stays uncovered whatever a later release
 * of the holiday data knows; the "2027 notice" added later is one fact every notice has (元旦 is a statutory
 * day off, 《全国年节及纪念日放假办法》), enough to move the plan off Monday–Friday.
 */
describe('a year without a holiday table (real Postgres, Redis, NATS)', () => {
  const through2026 = restrictHolidayTable(defaultHolidayTable(), (year) => year <= 2026);
  const notice2027: HolidayTable = {
    years: [2027],
    days: [{ date: parseLocalDate('2027-01-01'), isOffDay: true, name: '元旦', source: '测试：2027年元旦' }],
  };
  let sandbox: InProcessSandbox;

  beforeAll(async () => {
    sandbox = await startNotificationsSandbox('calgap', {}, { holidayTable: through2026 });
    // Early December 2026: every stage of a milestone due at the year's end is still ahead.
    sandbox.app.get(Clock).setNow('2026-12-01T00:00:00Z');
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  const scheduleOf = (milestoneId: string) =>
    sandbox.rpc.call(ListMilestoneRemindersRpc, { actor: demoActors.linxian, milestoneId });

  /** Stage → local Shanghai wall time, as the county reads its schedule. */
  function wallTimes(schedule: ReminderSchedule): Record<string, string> {
    return Object.fromEntries(
      schedule.items.map((item) => [
        item.stage,
        new Date(new Date(item.fireAt).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' '),
      ]),
    );
  }

  async function deadLetters(): Promise<number> {
    const [row] = await sandbox.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM notifications.dead_letter`);
    return row?.n ?? 0;
  }

  async function rescheduledToYearEnd(facts: MilestoneFacts): Promise<ReminderSchedule> {
    await sandbox.publish(MilestoneScheduled, { ...facts, history: false }, { id: uuidv7() });
    await waitFor(
      'planned',
      () => scheduleOf(facts.milestoneId).catch(() => null),
      (s) => s !== null,
      {
        timeoutMs: 15_000,
      },
    );
    await sandbox.publish(
      MilestoneRescheduled,
      {
        ...facts,
        dueDate: '2026-12-31',
        previousDueDate: facts.dueDate,
        previousDueAt: null,
        changedBy: COUNTY_ACTOR,
      },
      { id: uuidv7() },
    );
    return waitFor(
      'the plan into 2027',
      () => scheduleOf(facts.milestoneId),
      (s) => s.dueDate === '2026-12-31',
      {
        timeoutMs: 15_000,
      },
    );
  }

  const MONDAY_TO_FRIDAY = {
    'before-7wd': '2026-12-22 09:00',
    'before-3wd': '2026-12-28 09:00',
    'before-1wd': '2026-12-30 09:00',
    'due-day': '2026-12-31 09:00',
    // Friday 2027-01-01 counted as worked, as Monday–Friday says.
    'overdue-1': '2027-01-01 09:00',
    escalation: '2027-01-07 09:00',
  };

  it('a second instance, started with the 2027 table, re-plans at start what the first planned without it', async () => {
    const facts = milestoneFacts({ dueDate: '2026-06-30' });
    const flagged = await rescheduledToYearEnd(facts);
    expect(flagged.assumedCalendarYears).toEqual([2027]);

    const second: INestMicroservice = await sandbox.startInstance({
      holidayTable: mergeHolidayTables(notice2027, through2026),
    });
    try {
      const replanned = await waitFor(
        're-planned at start',
        () => scheduleOf(facts.milestoneId),
        (s) => s.assumedCalendarYears?.length === 0,
        { timeoutMs: 15_000 },
      );
      expect(wallTimes(replanned)).toMatchObject({ 'overdue-1': '2027-01-04 09:00', escalation: '2027-01-08 09:00' });
    } finally {
      await sandbox.stopInstance(second);
    }
  });

  it('a milestone rescheduled to 2026-12-31 is planned on Monday–Friday for 2027, flagged, and re-planned when 2027 arrives', async () => {
    const facts = milestoneFacts({ dueDate: '2026-06-30' });
    const flagged = await rescheduledToYearEnd(facts);

    // Planned at once, not dead-lettered: every stage on Monday–Friday in 2027, and the schedule says so.
    expect(flagged.assumedCalendarYears).toEqual([2027]);
    expect(wallTimes(flagged)).toEqual(MONDAY_TO_FRIDAY);
    expect(flagged.items.map((item) => item.state)).toEqual(flagged.items.map(() => 'planned'));
    expect(await deadLetters()).toBe(0);

    // The service reports the missing year.
    const health = sandbox.app.get(ReminderEngineHealth);
    expect(await health.check()).toEqual({
      status: 'degraded',
      reasons: ['2027年节假日安排未加载：1个未完成期限的提醒按周一至周五暂定，加载后自动重新排期'],
    });

    // …and its health answer (what the gateway's /api/health shows) says so, with the reason.
    expect(await sandbox.app.get(RpcClient).call(HealthRpc.notifications, {})).toMatchObject({
      status: 'degraded',
      checks: { database: 'up', nats: 'up' },
      reasons: ['2027年节假日安排未加载：1个未完成期限的提醒按周一至周五暂定，加载后自动重新排期'],
    });

    // The 2027 notice arrives: the plan is made again on it, unflagged.
    expect(await sandbox.app.get(HolidayCalendar).add(notice2027)).toEqual([2027]);
    const replanned = await scheduleOf(facts.milestoneId);
    expect(replanned.assumedCalendarYears).toEqual([]);
    expect(wallTimes(replanned)).toEqual({
      ...MONDAY_TO_FRIDAY,
      // 元旦 is a day off: the first working day after the due date is Monday 1/4.
      'overdue-1': '2027-01-04 09:00',
      escalation: '2027-01-08 09:00',
    });
    expect(replanned.items.map((item) => item.state)).toEqual(replanned.items.map(() => 'planned'));
    expect(await health.check()).toEqual({ status: 'up', reasons: [] });
    expect(await deadLetters()).toBe(0);
  });
});

describe('overdue alerts repeating into a year without a holiday table (real Postgres, Redis, NATS)', () => {
  const through2026 = restrictHolidayTable(defaultHolidayTable(), (year) => year <= 2026);
  let sandbox: InProcessSandbox;

  beforeAll(async () => {
    sandbox = await startNotificationsSandbox('calgapod', {}, { holidayTable: through2026 });
    // Five seconds after 09:00 on Wednesday 2026-12-30, when a milestone due Thursday 12-24 is alerted again.
    sandbox.app.get(Clock).setNow('2026-12-30T01:00:05Z');
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  const scheduleOf = (milestoneId: string) =>
    sandbox.rpc.call(ListMilestoneRemindersRpc, { actor: demoActors.linxian, milestoneId });

  const stagesOf = (schedule: ReminderSchedule) =>
    Object.fromEntries(schedule.items.map((item) => [item.stage, [item.fireAt, item.state]]));

  it('plans the next alert on Monday–Friday, flagged, and on the table once it arrives, going on after the one sent', async () => {
    const facts = milestoneFacts({ dueDate: '2026-12-24' });
    await sandbox.publish(MilestoneScheduled, { ...facts, history: false }, { id: uuidv7() });

    // overdue-2 (12-30) fires now and plans overdue-3 three working days on: Monday 2027-01-04 if 元旦 is worked.
    const flagged = await waitFor(
      'overdue-2 sent and overdue-3 planned',
      () => scheduleOf(facts.milestoneId).catch(() => null),
      (s) => s !== null && s.items.some((item) => item.stage === 'overdue-3'),
      { timeoutMs: 15_000 },
    );
    expect(flagged?.assumedCalendarYears).toEqual([2027]);
    expect(stagesOf(flagged as ReminderSchedule)).toMatchObject({
      'overdue-2': ['2026-12-30T01:00:00.000Z', 'sent'],
      'overdue-3': ['2027-01-04T01:00:00.000Z', 'planned'],
    });

    await sandbox.app.get(HolidayCalendar).add({
      years: [2027],
      days: [{ date: parseLocalDate('2027-01-01'), isOffDay: true, name: '元旦', source: '测试：2027年元旦' }],
    });
    const replanned = await scheduleOf(facts.milestoneId);
    expect(replanned.assumedCalendarYears).toEqual([]);
    // overdue-2 stays sent (not sent again), and the repetition goes on: 12-31, 1-4, 1-5.
    expect(stagesOf(replanned)).toMatchObject({
      'overdue-2': ['2026-12-30T01:00:00.000Z', 'sent'],
      'overdue-3': ['2027-01-05T01:00:00.000Z', 'planned'],
    });
    const [sent] = await sandbox.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM notifications.notification WHERE subject_id = $1`,
      [facts.milestoneId],
    );
    // overdue-2, once, to 刘星 and 张振玉.
    expect(sent?.n).toBe(2);
  });
});
