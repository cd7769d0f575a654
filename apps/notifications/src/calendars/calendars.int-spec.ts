import {
  CalendarYearLoaded,
  GetCalendarYearRpc,
  ListCalendarYearsRpc,
  ListMilestoneRemindersRpc,
  MilestoneScheduled,
  PutCalendarYearRpc,
  type ReminderSchedule,
} from '@duban/contracts';
import { Clock } from '@duban/platform';
import { demoActors, waitFor } from '@duban/testing';
import { v7 as uuidv7 } from 'uuid';
import {
  milestoneFacts,
  startNotificationsSandbox,
  type InProcessSandbox,
} from '../__fixtures__/notifications-sandbox';
import { ReminderEngineHealth } from '../timers/reminder-engine-health.service';

/**
 * The working-day calendar as data (issue 13, item 4): the holiday tables live in the database, 2023–2026
 * seeded, later years loaded by the province administrator; a load re-plans the open deadlines it touches,
 * keeps what was already sent, clears the "planned on Monday–Friday" flag and the health warning.
 */
describe('holiday tables as data (real Postgres, Redis, NATS)', () => {
  const { province, linxian, lvliang } = demoActors;
  let sandbox: InProcessSandbox;

  beforeAll(async () => {
    // No table given: the service knows only what its database holds (the seeds, 2023–2026).
    sandbox = await startNotificationsSandbox('calload');
    // Monday 2027-03-01, 08:00 in Shanghai: every stage of a milestone due 3/31 is ahead.
    sandbox.app.get(Clock).setNow('2027-03-01T00:00:00Z');
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  const scheduleOf = (milestoneId: string) =>
    sandbox.rpc.call(ListMilestoneRemindersRpc, { actor: linxian, milestoneId });

  /** Stage → local Shanghai wall time and state. */
  const wallTimes = (schedule: ReminderSchedule) =>
    Object.fromEntries(
      schedule.items
        .filter((item) => item.state !== 'cancelled')
        .map((item) => [
          item.stage,
          `${new Date(new Date(item.fireAt).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')} ${item.state}`,
        ]),
    );

  async function count(sql: string, params: unknown[] = []): Promise<number> {
    const [row] = await sandbox.db.query<{ n: number }>(sql, params);
    return row?.n ?? 0;
  }
  const loads = () => count(`SELECT count(*)::int AS n FROM notifications.audit_log WHERE action = 'calendar.load'`);
  const events = () =>
    count(`SELECT count(*)::int AS n FROM notifications.outbox WHERE subject = $1`, [CalendarYearLoaded.type]);

  // 2027: 元旦, a made-up day off on Friday 3/26 (before the due date), and Saturday 3/27 worked instead.
  const table2027 = {
    daysOff: ['2027-01-01', '2027-03-26', '2027-04-05'],
    workdays: ['2027-03-27'],
    names: { '2027-01-01': '元旦', '2027-03-26': '测试假日', '2027-03-27': '测试假日', '2027-04-05': '清明节' },
    source: '测试：2027年节假日安排',
  };

  it('ships 2023–2026 as seeds from the data the repository holds', async () => {
    const list = await sandbox.rpc.call(ListCalendarYearsRpc, { actor: linxian });
    expect(list.items.map((item) => [item.year, item.loadedAt, item.loadedBy])).toEqual([
      [2023, null, null],
      [2024, null, null],
      [2025, null, null],
      [2026, null, null],
    ]);
    // 2023 from the CSV of the State Council notice: 2022-12-31 (a Saturday) belongs to no loaded year.
    expect(list.items[0]).toMatchObject({ source: '国办发明电〔2022〕16号', daysOff: 26, workdays: 7 });
    const y2023 = await sandbox.rpc.call(GetCalendarYearRpc, { actor: linxian, year: 2023 });
    expect(y2023.workdays.map((day) => day.date)).toEqual([
      '2023-01-28',
      '2023-01-29',
      '2023-04-23',
      '2023-05-06',
      '2023-06-25',
      '2023-10-07',
      '2023-10-08',
    ]);
    expect(y2023.daysOff[0]).toEqual({ date: '2023-01-01', name: '元旦' });
    await expect(sandbox.rpc.call(GetCalendarYearRpc, { actor: linxian, year: 2027 })).rejects.toMatchObject({
      code: 'not_found',
      message: '2027 年的节假日安排尚未加载',
    });
  });

  it('refuses anyone but the province administrator (403, audited) and bad tables (400 in Chinese), writing nothing', async () => {
    for (const actor of [lvliang, linxian]) {
      await expect(sandbox.rpc.call(PutCalendarYearRpc, { actor, year: 2027, ...table2027 })).rejects.toMatchObject({
        code: 'forbidden',
        message: '只有省级管理员可以加载工作日历',
      });
    }
    expect(
      await count(
        `SELECT count(*)::int AS n FROM notifications.audit_log WHERE action = 'calendar.load' AND outcome = 'denied'`,
      ),
    ).toBe(2);

    const bad = async (body: Record<string, unknown>) => {
      try {
        await sandbox.rpc.call(PutCalendarYearRpc, { actor: province, year: 2027, ...body });
      } catch (error) {
        return (error as { code: string; errors?: unknown[] }).errors;
      }
      throw new Error('accepted');
    };
    expect(await bad({ daysOff: ['2027-01-01', '2026-10-01'], workdays: ['2027-03-27', '2027-03-24'] })).toEqual([
      { field: 'daysOff.1', message: '2026-10-01 不在 2027 年内' },
      { field: 'workdays.1', message: '2027-03-24 是星期三，调休上班日只能是星期六或星期日' },
    ]);
    expect(await bad({ daysOff: ['2027-01-01', '2027-03-27'], workdays: ['2027-03-27'] })).toEqual([
      { field: 'workdays.0', message: '2027-03-27 同时列为放假日和调休上班日' },
    ]);
    expect(await bad({ daysOff: ['2027/01/01'], workdays: [] })).toEqual([
      { field: 'daysOff.0', message: '日期格式不正确，应为 YYYY-MM-DD（如 2027-01-01）' },
    ]);
    expect(await bad({ file: '元旦：放假 2027-01-01\n春节 2027-02-06' })).toEqual([
      { field: 'file', message: '第 2 行：应为“节日名称：放假 日期…；上班 日期…”' },
    ]);
    expect(await bad({ file: '元旦：放假 2026-12-31 至 2027-01-01' })).toEqual([
      { field: 'file.daysOff.0', message: '2026-12-31 不在 2027 年内' },
    ]);
    expect(await bad({ workdays: [] })).toEqual([{ field: 'daysOff', message: '必须给出放假日（或上传文件 file）' }]);

    expect((await sandbox.rpc.call(ListCalendarYearsRpc, { actor: province })).items.map((i) => i.year)).toEqual([
      2023, 2024, 2025, 2026,
    ]);
    expect(await loads()).toBe(2);
    expect(await events()).toBe(0);
  });

  it('a 2027 milestone is planned Monday–Friday and flagged; loading 2027 re-plans it on the new working days', async () => {
    const facts = milestoneFacts({ dueDate: '2027-03-31' });
    await sandbox.publish(MilestoneScheduled, { ...facts, history: false }, { id: uuidv7() });
    const flagged = await waitFor(
      'planned',
      () => scheduleOf(facts.milestoneId).catch(() => null),
      (s) => s !== null,
      { timeoutMs: 15_000 },
    );
    expect(flagged?.assumedCalendarYears).toEqual([2027]);
    expect(wallTimes(flagged as ReminderSchedule)).toEqual({
      'before-7wd': '2027-03-22 09:00 planned',
      'before-3wd': '2027-03-26 09:00 planned',
      'before-1wd': '2027-03-30 09:00 planned',
      'due-day': '2027-03-31 09:00 planned',
      'overdue-1': '2027-04-01 09:00 planned',
      escalation: '2027-04-07 09:00 planned',
    });
    const health = sandbox.app.get(ReminderEngineHealth);
    expect(await health.check()).toEqual({
      status: 'degraded',
      reasons: ['2027年节假日安排未加载：1个未完成期限的提醒按周一至周五暂定，加载后自动重新排期'],
    });

    const loaded = await sandbox.rpc.call(PutCalendarYearRpc, { actor: province, year: 2027, ...table2027 });
    expect(loaded).toMatchObject({
      year: 2027,
      source: '测试：2027年节假日安排',
      counts: { daysOff: 3, workdays: 1 },
      loadedBy: 'province',
      loadedAt: '2027-03-01T00:00:00.000Z',
      previous: null,
      replannedDeadlines: 1,
    });
    expect(loaded.workdays).toEqual([{ date: '2027-03-27', name: '测试假日' }]);

    // Answered after the re-plan: the schedule is already on 2027's table, unflagged.
    const replanned = await scheduleOf(facts.milestoneId);
    expect(replanned.assumedCalendarYears).toEqual([]);
    expect(wallTimes(replanned)).toEqual({
      'before-7wd': '2027-03-22 09:00 planned',
      // Friday 3/26 is off, Saturday 3/27 worked: three working days before 3/31 is the Saturday.
      'before-3wd': '2027-03-27 09:00 planned',
      'before-1wd': '2027-03-30 09:00 planned',
      'due-day': '2027-03-31 09:00 planned',
      'overdue-1': '2027-04-01 09:00 planned',
      // 4/5 (清明节) is off: the 5th working day after 3/31 is 4/8.
      escalation: '2027-04-08 09:00 planned',
    });
    expect(await health.check()).toEqual({ status: 'up', reasons: [] });

    // One audit row (nothing before → its counts after), one event carrying the year's days.
    const [audit] = await sandbox.db.query<{ before: unknown; after: unknown; actor_username: string }>(
      `SELECT before, after, actor_username FROM notifications.audit_log
        WHERE action = 'calendar.load' AND outcome = 'done' ORDER BY id`,
    );
    expect(audit).toEqual({
      before: null,
      after: { source: '测试：2027年节假日安排', daysOff: 3, workdays: 1 },
      actor_username: 'province',
    });
    const [event] = await sandbox.db.query<{ envelope: { data: { year: number; days: unknown[] } } }>(
      `SELECT envelope FROM notifications.outbox WHERE subject = $1`,
      [CalendarYearLoaded.type],
    );
    expect(event?.envelope.data.year).toBe(2027);
    expect(event?.envelope.data.days).toHaveLength(4);
    expect((await sandbox.rpc.call(ListCalendarYearsRpc, { actor: linxian })).items.at(-1)).toEqual({
      year: 2027,
      source: '测试：2027年节假日安排',
      daysOff: 3,
      workdays: 1,
      loadedAt: '2027-03-01T00:00:00.000Z',
      loadedBy: 'province',
    });
  });

  it('replacing a year re-plans what it touches again; a stage already sent stays sent and is not sent again', async () => {
    const facts = milestoneFacts({ dueDate: '2027-04-30' });
    await sandbox.publish(MilestoneScheduled, { ...facts, history: false }, { id: uuidv7() });
    const planned = await waitFor(
      'planned on the 2027 table',
      () => scheduleOf(facts.milestoneId).catch(() => null),
      (s) => s !== null,
      { timeoutMs: 15_000 },
    );
    expect(wallTimes(planned as ReminderSchedule)).toMatchObject({ 'before-7wd': '2027-04-21 09:00 planned' });

    // 09:00:05 on 4/21: before-7wd goes out to 刘星.
    sandbox.app.get(Clock).setNow('2027-04-21T01:00:05Z');
    await waitFor(
      'before-7wd sent',
      () => scheduleOf(facts.milestoneId),
      (s) => s.items.some((item) => item.stage === 'before-7wd' && item.state === 'sent'),
      { timeoutMs: 15_000 },
    );
    const inbox = () =>
      count(`SELECT count(*)::int AS n FROM notifications.notification WHERE subject_id = $1`, [facts.milestoneId]);
    expect(await inbox()).toBe(1);

    // The notice is replaced: 3/26 is worked again, and 4/26–4/28 become days off.
    const replaced = await sandbox.rpc.call(PutCalendarYearRpc, {
      actor: province,
      year: 2027,
      file: [
        '来源：测试：更正后的通知',
        '元旦：放假 2027-01-01',
        '清明节：放假 2027-04-05',
        '测试假日：放假 2027-04-26 至 2027-04-28',
      ].join('\n'),
    });
    // The 3/31 milestone is past its stages' reach only in part: both open 2027 deadlines are re-planned.
    expect(replaced).toMatchObject({
      previous: { source: '测试：2027年节假日安排', daysOff: 3, workdays: 1 },
      counts: { daysOff: 5, workdays: 0 },
      source: '测试：更正后的通知',
      replannedDeadlines: 2,
    });
    const after = await scheduleOf(facts.milestoneId);
    expect(wallTimes(after)).toEqual({
      // Sent where it went out, not moved to 4/16 and not sent again.
      'before-7wd': '2027-04-21 09:00 sent',
      'before-3wd': '2027-04-22 09:00 planned',
      'before-1wd': '2027-04-29 09:00 planned',
      'due-day': '2027-04-30 09:00 planned',
      'overdue-1': '2027-05-03 09:00 planned',
      escalation: '2027-05-07 09:00 planned',
    });
    expect(await inbox()).toBe(1);
    expect(await loads()).toBe(2 + 2);
    expect(await events()).toBe(2);
    const [audit] = await sandbox.db.query<{ before: unknown; after: unknown }>(
      `SELECT before, after FROM notifications.audit_log
        WHERE action = 'calendar.load' AND outcome = 'done' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit).toEqual({
      before: { source: '测试：2027年节假日安排', daysOff: 3, workdays: 1 },
      after: { source: '测试：更正后的通知', daysOff: 5, workdays: 0 },
    });
  });
});
