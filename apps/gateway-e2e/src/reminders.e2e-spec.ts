import { waitFor } from '@duban/testing';
import { System, type HttpAnswer } from './system';

/**
 * The deadline engine end to end: the five apps as processes; an officer adds extra milestones through the
 * gateway, the projects service announces them, the notifications service plans and fires their exact
 * reminders, and people read them in their inboxes over HTTP.
 */
describe('reminders through the gateway (five processes, real Postgres, Redis, NATS)', () => {
  let system: System;
  const call = (username: string, path: string, init?: RequestInit): Promise<HttpAnswer> =>
    system.call(username, path, init);
  const inbox = async (username: string, subjectId: string) => {
    const answer = await call(username, '/api/me/notifications');
    if (answer.status !== 200) throw new Error(`inbox ${username}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return (
      answer.body.items as {
        id: string;
        subjectId: string;
        stage: string;
        createdAt: string;
        readAt: string | null;
        title: string;
      }[]
    )
      .filter((item) => item.subjectId === subjectId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  };

  /** 临县's project, once the demo data is loaded. */
  const linxianProject = async (): Promise<{ id: string }> => {
    const answer = await waitFor(
      '临县 project loaded',
      () => call('linxian', '/api/projects?region=141124'),
      (a) => a.status === 200 && (Array.isArray(a.body) ? a.body : a.body.items).length > 0,
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    return (Array.isArray(answer.body) ? answer.body : answer.body.items)[0];
  };

  beforeAll(async () => {
    system = await System.start('reminders', { DUBAN_DEMO: 'true', DUBAN_REMINDER_RECONCILE_MS: '1000' });
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('shows a template milestone of the 2023 programme (loaded as history) with every stage skipped', async () => {
    const project = await linxianProject();
    const milestones = await call('linxian', `/api/projects/${project.id}/milestones`);
    const push = (milestones.body as { id: string; key: string | null }[]).find((m) => m.key === 'push')!;
    const schedule = await waitFor(
      'push schedule',
      () => call('linxian', `/api/milestones/${push.id}/reminders`),
      (answer) => answer.status === 200,
      // The service first works through the demo's 936 history milestones; a loaded machine takes a while.
      { timeoutMs: 60_000 },
    );
    expect(schedule.body).toMatchObject({ dueDate: '2023-04-30', history: true });
    const at = Object.fromEntries(
      (schedule.body.items as { stage: string; fireAt: string; state: string }[]).map((s) => [
        s.stage,
        [s.fireAt, s.state],
      ]),
    );
    expect(at).toEqual({
      'before-7wd': ['2023-04-21T01:00:00.000Z', 'skipped'],
      'before-3wd': ['2023-04-26T01:00:00.000Z', 'skipped'],
      'before-1wd': ['2023-04-28T01:00:00.000Z', 'skipped'],
      'overdue-1': ['2023-05-04T01:00:00.000Z', 'skipped'],
      escalation: ['2023-05-09T01:00:00.000Z', 'skipped'],
    });
  });

  it('done when: a milestone 20 s ahead with an exact plan reaches 张振玉 (its responsible officer) at each stage once, within a second', async () => {
    const project = await linxianProject();
    const officers = await call('zhangzhenyu', `/api/projects/${project.id}/officers`);
    const zhang = (officers.body as { id: string; username: string | null }[]).find(
      (o) => o.username === 'zhangzhenyu',
    );
    expect(zhang).toBeDefined();
    const dueAt = new Date(Date.now() + 20_000);
    const created = await call('linxian', `/api/projects/${project.id}/milestones`, {
      method: 'POST',
      body: JSON.stringify({
        title: '市局验收前自查',
        dueAt: dueAt.toISOString(),
        responsibleOfficerIds: [zhang!.id],
        reminderPlan: ['-PT10S', 'PT0S', 'PT3S'],
      }),
    });
    expect(created.status).toBe(201);

    const items = await waitFor(
      'every stage',
      () => inbox('zhangzhenyu', created.body.id),
      (found) => found.length >= 3,
      {
        timeoutMs: 40_000,
      },
    );
    expect(items.map((item) => item.stage)).toEqual(['offset--PT10S', 'offset-PT0S', 'offset-PT3S']);
    const schedule = await call('zhangzhenyu', `/api/milestones/${created.body.id}/reminders`);
    for (const stage of schedule.body.items as { stage: string; fireAt: string; state: string }[]) {
      expect(stage.state).toBe('sent');
      const item = items.find((i) => i.stage === stage.stage)!;
      const lateness = new Date(item.createdAt).getTime() - new Date(stage.fireAt).getTime();
      expect(lateness).toBeGreaterThanOrEqual(0);
      expect(lateness).toBeLessThan(1000);
    }
    // Nothing more arrives after the last stage.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await inbox('zhangzhenyu', created.body.id)).toHaveLength(3);
  });

  it('delivers each exact stage once at its instant, escalates to the 组长 and the city, and completion cancels the rest', async () => {
    const project = await linxianProject();
    const officers = await call('linxian', `/api/projects/${project.id}/officers`);
    const liuXing = (officers.body as { id: string; username: string | null }[]).find((o) => o.username === 'linxian');
    expect(liuXing).toBeDefined();

    // The service has caught up with the stream (the demo's 936 history milestones) once a probe
    // milestone created now has its schedule: events of one stream are handled in order.
    const probe = await call('linxian', `/api/projects/${project.id}/milestones`, {
      method: 'POST',
      body: JSON.stringify({
        title: '探测节点',
        dueAt: new Date(Date.now() + 3_600_000).toISOString(),
        responsibleOfficerIds: [liuXing!.id],
        reminderPlan: ['-PT30M'],
      }),
    });
    await waitFor(
      'caught up',
      () => call('linxian', `/api/milestones/${probe.body.id}/reminders`),
      (r) => r.status === 200,
      {
        timeoutMs: 60_000,
        intervalMs: 200,
      },
    );

    const dueAt = new Date(Date.now() + 10_000);
    const add = (title: string, reminderPlan: string[]) =>
      call('linxian', `/api/projects/${project.id}/milestones`, {
        method: 'POST',
        body: JSON.stringify({ title, dueAt: dueAt.toISOString(), responsibleOfficerIds: [liuXing!.id], reminderPlan }),
      });
    const a = await add('场地挂牌', ['-PT4S', 'PT0S', 'PT2S']);
    const b = await add('设备进场', ['-PT7S', 'PT0S', 'PT2S']);
    expect([a.status, b.status]).toEqual([201, 201]);

    // B: its first stage arrives; it is then completed before its due time.
    await waitFor(
      'B first stage',
      () => inbox('linxian', b.body.id),
      (items) => items.length === 1,
      { timeoutMs: 15_000 },
    );
    const completed = await call('linxian', `/api/milestones/${b.body.id}/complete`, {
      method: 'POST',
      body: JSON.stringify({ evidence: { text: '设备已进场' } }),
    });
    expect(completed.status).toBe(200);
    expect(Date.now()).toBeLessThan(dueAt.getTime());
    const bSchedule = await waitFor(
      'B cancelled',
      () => call('linxian', `/api/milestones/${b.body.id}/reminders`),
      (answer) => answer.status === 200 && answer.body.status === 'done',
      { timeoutMs: 10_000 },
    );
    expect(bSchedule.body.items.map((s: { stage: string; state: string }) => [s.stage, s.state])).toEqual([
      ['offset--PT7S', 'sent'],
      ['offset-PT0S', 'cancelled'],
      ['offset-PT2S', 'cancelled'],
    ]);

    // A: each stage once in 刘星's inbox, within a second of its instant.
    const aItems = await waitFor(
      'A all stages',
      () => inbox('linxian', a.body.id),
      (items) => items.length === 3,
      {
        timeoutMs: 20_000,
      },
    );
    expect(aItems.map((item) => item.stage)).toEqual(['offset--PT4S', 'offset-PT0S', 'offset-PT2S']);
    const aSchedule = await call('linxian', `/api/milestones/${a.body.id}/reminders`);
    expect(aSchedule.status).toBe(200);
    for (const stage of aSchedule.body.items as { stage: string; fireAt: string; state: string }[]) {
      expect(stage.state).toBe('sent');
      const item = aItems.find((i) => i.stage === stage.stage)!;
      const lateness = new Date(item.createdAt).getTime() - new Date(stage.fireAt).getTime();
      expect(lateness).toBeGreaterThanOrEqual(0);
      expect(lateness).toBeLessThan(1000);
    }
    expect(aItems[2]?.title).toContain('临县「场地挂牌」已逾期2秒');

    // The last stage after the due instant is the escalation: the 组长 and the city officer (by role) get it.
    expect((await inbox('zhangzhenyu', a.body.id)).map((item) => item.stage)).toEqual(['offset-PT2S']);
    expect((await inbox('lvliang', a.body.id)).map((item) => item.stage)).toEqual(['offset-PT2S']);
    // B's cancelled stages, due at the same instants as A's, never arrived.
    expect((await inbox('linxian', b.body.id)).map((item) => item.stage)).toEqual(['offset--PT7S']);
    expect(await inbox('zhangzhenyu', b.body.id)).toEqual([]);

    // Read state is per person; someone else's notification is not found.
    const read = await call('linxian', `/api/me/notifications/${aItems[0]!.id}/read`, { method: 'POST' });
    expect(read.status).toBe(200);
    expect(read.body.readAt).not.toBeNull();
    expect((await call('zhangzhenyu', `/api/me/notifications/${aItems[0]!.id}/read`, { method: 'POST' })).status).toBe(
      404,
    );
    // Out of scope: 太原's officer cannot see 临县's schedule.
    expect((await call('taiyuan', `/api/milestones/${a.body.id}/reminders`)).status).toBe(404);
    expect((await call('linxian', '/api/milestones/not-a-uuid/reminders')).status).toBe(400);
  });
});
