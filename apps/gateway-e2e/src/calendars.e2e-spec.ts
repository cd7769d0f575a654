import { waitFor } from '@duban/testing';
import { System, type HttpAnswer } from './system';

/**
 * The working-day calendar as data end to end (issue 13, item 4): a milestone moved into 2027, a year
 * without a holiday table, is planned on Monday–Friday and flagged; the province administrator loads 2027's
 * table over HTTP; the reminders move to its working days at 09:00 Asia/Shanghai and the flag is gone.
 */
describe('holiday tables through the gateway (five processes, real Postgres, Redis, NATS)', () => {
  let system: System;
  const call = (username: string, path: string, init?: RequestInit): Promise<HttpAnswer> =>
    system.call(username, path, init);

  beforeAll(async () => {
    system = await System.start('calendars', { DUBAN_DEMO: 'true' });
  });

  afterAll(async () => {
    await system?.stop();
  });

  /** Stage → Shanghai wall time of the current plan. */
  const wallTimes = (body: { items: { stage: string; fireAt: string; state: string }[] }) =>
    Object.fromEntries(
      body.items
        .filter((item) => item.state === 'planned')
        .map((item) => [
          item.stage,
          new Date(new Date(item.fireAt).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' '),
        ]),
    );

  // A long wait first (see below), so more than the preset's two minutes.
  jest.setTimeout(400_000);

  it('re-plans a 2027 milestone on the 2027 table loaded by the province administrator', async () => {
    const projects = await waitFor(
      '临县 project loaded',
      () => call('linxian', '/api/projects?region=141124'),
      (a) => a.status === 200 && (Array.isArray(a.body) ? a.body : a.body.items).length > 0,
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    const project = (Array.isArray(projects.body) ? projects.body : projects.body.items)[0] as { id: string };
    const milestones = (await call('linxian', `/api/projects/${project.id}/milestones`)).body as {
      id: string;
      dueDate: string | null;
      version: number;
    }[];
    // The last milestone of the year: moving it later breaks no prerequisite.
    const last = milestones
      .filter((m) => m.dueDate !== null)
      .sort((a, b) => (a.dueDate as string).localeCompare(b.dueDate as string))
      .at(-1) as { id: string };
    const moved = await call('province', `/api/milestones/${last.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ dueDate: '2027-03-31' }),
    });
    expect(moved.status).toBe(200);

    const flagged = await waitFor(
      'planned on Monday–Friday',
      () => call('linxian', `/api/milestones/${last.id}/reminders`),
      (a) => a.status === 200 && a.body.dueDate === '2027-03-31',
      // The service first works through the demo's 936 history milestones; a loaded machine takes a while.
      { timeoutMs: 240_000, intervalMs: 1000 },
    );
    expect(flagged.body.assumedCalendarYears).toEqual([2027]);
    expect(wallTimes(flagged.body)).toMatchObject({ 'before-3wd': '2027-03-26 09:00', escalation: '2027-04-07 09:00' });
    // The system's health names the missing year: degraded (still 200), saying why.
    const missing =
      /^notifications: 2027年节假日安排未加载：\d+个未完成期限的提醒按周一至周五暂定，加载后自动重新排期$/;
    const degraded = await waitFor(
      '/api/health to name 2027',
      () => system.request('/api/health'),
      (a) => a.status === 200 && (a.body.reasons ?? []).some((reason: string) => missing.test(reason)),
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(degraded.body).toMatchObject({ status: 'degraded', down: [] });

    // Only the province administrator loads a year; a city officer is refused and nothing changes.
    const table = {
      daysOff: ['2027-01-01', '2027-03-26', '2027-04-05'],
      workdays: ['2027-03-27'],
      source: '测试：2027年节假日安排',
    };
    const refused = await call('lvliang', '/api/calendars/2027', { method: 'PUT', body: JSON.stringify(table) });
    expect(refused.status).toBe(403);
    const bad = await call('province', '/api/calendars/2027', {
      method: 'PUT',
      body: JSON.stringify({ ...table, workdays: ['2027-03-24'] }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { field: 'workdays.0', message: '2027-03-24 是星期三，调休上班日只能是星期六或星期日' },
    ]);
    expect((await call('linxian', '/api/calendars/2027')).status).toBe(404);

    const loaded = await call('province', '/api/calendars/2027', { method: 'PUT', body: JSON.stringify(table) });
    expect(loaded.status).toBe(200);
    expect(loaded.body).toMatchObject({ year: 2027, counts: { daysOff: 3, workdays: 1 }, loadedBy: 'province' });
    expect(loaded.body.replannedDeadlines).toBeGreaterThanOrEqual(1);

    const replanned = await call('linxian', `/api/milestones/${last.id}/reminders`);
    expect(replanned.body.assumedCalendarYears).toEqual([]);
    expect(wallTimes(replanned.body)).toMatchObject({
      'before-7wd': '2027-03-22 09:00',
      'before-3wd': '2027-03-27 09:00',
      'before-1wd': '2027-03-30 09:00',
      'due-day': '2027-03-31 09:00',
      'overdue-1': '2027-04-01 09:00',
      escalation: '2027-04-08 09:00',
    });
    // Once the year is loaded, health no longer names it.
    await waitFor(
      '/api/health to stop naming 2027',
      () => system.request('/api/health'),
      (a) => a.status === 200 && !(a.body.reasons ?? []).some((reason: string) => missing.test(reason)),
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    const list = await call('linxian', '/api/calendars');
    expect((list.body.items as { year: number }[]).map((item) => item.year)).toEqual([2023, 2024, 2025, 2026, 2027]);
  });
});
