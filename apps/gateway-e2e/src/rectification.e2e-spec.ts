import { waitFor } from '@duban/testing';
import { System, type HttpAnswer } from './system';

const LINXIAN = '141124';

interface InboxItem {
  id: string;
  subjectType: string;
  subjectId: string;
  stage: string;
  title: string;
  body: string;
  createdAt: string;
}

/**
 * A failed item becomes a tracked rectification, through the five apps as processes: the inspector scores
 * 临县 with item 6 below its maximum, both sides sign; the city sets a rectification on item 6 for 刘星
 * (linxian) due at an exact instant a few seconds ahead with its own reminder instants; the evaluation
 * service announces the deadline, the real notifications service fires each stage once into 刘星's inbox;
 * a re-inspection scores only item 6, and its countersignature closes the rectification, clearing the
 * deadline: the stage still planned after that never arrives.
 */
describe('rectification of a failed item, reminders and re-inspection, end to end', () => {
  let system: System;
  const tokens = new Map<string, string>();

  async function call(username: string, method: string, path: string, body?: unknown): Promise<HttpAnswer> {
    let token = tokens.get(username);
    if (!token) {
      const login = await system.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'duban-demo' }),
      });
      if (login.status !== 200) throw new Error(`login ${username}: ${login.status}`);
      token = login.body.accessToken as string;
      tokens.set(username, token);
    }
    return system.request(path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async function inbox(username: string, subjectId: string): Promise<InboxItem[]> {
    const answer = await call(username, 'GET', '/api/me/notifications?limit=200');
    if (answer.status !== 200) throw new Error(`inbox ${username}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return (answer.body.items as InboxItem[])
      .filter((item) => item.subjectId === subjectId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  beforeAll(async () => {
    system = await System.start('rectification', { DUBAN_DEMO: 'true', DUBAN_REMINDER_RECONCILE_MS: '1000' });
  });

  afterAll(async () => {
    // E2E_DUMP=1 prints the apps' last output (with DUBAN_TEST_LOG_LEVEL for more of it).
    if (process.env.E2E_DUMP)
      for (const app of system.apps.values()) console.log(app.name, app.output.join('').slice(-6000));
    await system?.stop();
  });

  it('reminds 刘星 once per stage naming item 6; the signed re-inspection closes it and nothing more arrives', async () => {
    // 临县's project, once the projects service has loaded the demo and evaluation has heard of it.
    const projects = await waitFor(
      '临县’s project',
      () => call('linxian', 'GET', `/api/projects?region=${LINXIAN}`),
      (answer) => answer.status === 200 && answer.body.length === 1,
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    const projectId: string = projects.body[0].id;
    await waitFor(
      'evaluation to know 临县',
      () => call('lvliang', 'GET', `/api/projects/${projectId}/inspections`),
      (answer) => answer.status === 200,
      { timeoutMs: 30_000, intervalMs: 250 },
    );

    // The inspection: every item at its maximum except item 6 (the sign), 2 points short.
    const opened = await call('lvliang', 'POST', `/api/projects/${projectId}/inspections`, {
      date: '2023-10-20',
      inspectors: ['inspector'],
    });
    expect(opened.status).toBe(201);
    const first = opened.body;
    const item6 = first.items.find((item: { number: number }) => item.number === 6);
    const scored = await call('inspector', 'PUT', `/api/inspections/${first.id}/scores`, {
      scores: first.items.map((item: { id: string; number: number; maxPoints: number }) => ({
        itemId: item.id,
        score: item.number === 6 ? item.maxPoints - 2 : item.maxPoints,
        note: item.number === 6 ? '标识名称不规范' : '',
      })),
    });
    expect(scored.status).toBe(200);
    expect(scored.body.total).toBe(98);
    expect((await call('inspector', 'POST', `/api/inspections/${first.id}/sign`, { name: '王验收' })).status).toBe(200);
    const countersigned = await call('linxian', 'POST', `/api/inspections/${first.id}/sign`, { name: '刘星' });
    expect(countersigned.body).toMatchObject({ status: 'signed', passed: true, total: 98 });

    // Refusals first: the county may not set it; a full-score item needs none; a plan needs an exact instant.
    const item1 = first.items.find((item: { number: number }) => item.number === 1);
    const dueAt = new Date(Date.now() + 6_000);
    const rectification = {
      itemId: item6.id,
      what: '按统一标识更换“临县零工市场”牌匾',
      responsibleUsername: 'linxian',
      responsibleName: '刘星',
      dueAt: dueAt.toISOString(),
      reminderPlan: ['-PT3S', 'PT0S', 'PT6S'],
    };
    const byCounty = await call('linxian', 'POST', `/api/inspections/${first.id}/rectifications`, rectification);
    expect(byCounty.status).toBe(403);
    const fullItem = await call('lvliang', 'POST', `/api/inspections/${first.id}/rectifications`, {
      ...rectification,
      itemId: item1.id,
    });
    expect(fullItem.status).toBe(400);
    expect(fullItem.body.errors).toEqual([{ field: 'itemId', message: '第 1 项得满分，无需整改' }]);
    const planWithDate = await call('lvliang', 'POST', `/api/inspections/${first.id}/rectifications`, {
      ...rectification,
      dueAt: undefined,
      dueDate: '2023-11-30',
    });
    expect(planWithDate.status).toBe(400);
    expect(planWithDate.body.errors.map((error: { field: string }) => error.field)).toEqual(['reminderPlan']);

    // The city sets it, due at an exact instant with its own reminder instants.
    const created = await call('lvliang', 'POST', `/api/inspections/${first.id}/rectifications`, rectification);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      itemNumber: 6,
      status: 'open',
      responsibleUsername: 'linxian',
      dueAt: dueAt.toISOString(),
      reminderPlan: ['-PT3S', 'PT0S', 'PT6S'],
    });
    const rectificationId: string = created.body.id;

    // Both stages up to the due instant reach 刘星, once each, naming item 6 and 临县.
    const reminded = await waitFor(
      'two stages in 刘星’s inbox',
      () => inbox('linxian', rectificationId),
      (items) => items.length >= 2,
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    expect(reminded.map((item) => item.stage)).toEqual(['offset--PT3S', 'offset-PT0S']);
    for (const item of reminded) {
      expect(item.subjectType).toBe('rectification');
      expect(item.title).toContain('临县');
      expect(item.title).toContain('整改：第 6 项');
    }
    expect(reminded[0]?.title).toContain('还有3秒到期');
    expect(reminded[1]?.title).toContain('已到期');
    // Offsets up to the due instant go to the responsible officer only.
    expect(await inbox('zhangzhenyu', rectificationId)).toEqual([]);
    expect(await inbox('lvliang', rectificationId)).toEqual([]);

    // The re-inspection scores item 6 only, carrying the other scores over from the first.
    const re = await call('lvliang', 'POST', `/api/projects/${projectId}/inspections`, {
      date: '2023-11-20',
      inspectors: ['inspector'],
      reinspectionOf: first.id,
    });
    expect(re.status).toBe(201);
    expect(re.body).toMatchObject({
      reinspectionOf: first.id,
      toScoreCount: 1,
      scoredCount: 0,
      total: 100 - item6.maxPoints,
    });
    const toScore = (re.body.items as { number: number; scored: boolean }[]).filter((item) => item.scored);
    expect(toScore.map((item) => item.number)).toEqual([6]);
    const closedItem = await call('inspector', 'PUT', `/api/inspections/${re.body.id}/scores`, {
      scores: [{ itemId: item1.id, score: 5 }],
    });
    expect(closedItem.status).toBe(400);
    const rescored = await call('inspector', 'PUT', `/api/inspections/${re.body.id}/scores`, {
      scores: [{ itemId: item6.id, score: item6.maxPoints, note: '已更换' }],
    });
    expect(rescored.body.total).toBe(100);
    expect((await call('inspector', 'POST', `/api/inspections/${re.body.id}/sign`, { name: '王验收' })).status).toBe(
      200,
    );
    const reSigned = await call('linxian', 'POST', `/api/inspections/${re.body.id}/sign`, { name: '刘星' });
    expect(reSigned.body).toMatchObject({ status: 'signed', total: 100 });
    expect(Date.now()).toBeLessThan(dueAt.getTime() + 6_000 - 1_500);

    // Signing it closed the rectification on the first inspection (and cleared its deadline).
    const firstAfter = await call('inspector', 'GET', `/api/inspections/${first.id}`);
    expect(firstAfter.body.rectifications).toEqual([
      expect.objectContaining({ id: rectificationId, status: 'closed', closedBy: 'linxian' }),
    ]);

    // The escalation stage (6 s after the due instant) never fires: wait past it, the reconciler included.
    const quietUntil = dueAt.getTime() + 6_000 + 2_500;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, quietUntil - Date.now())));
    expect((await inbox('linxian', rectificationId)).map((item) => item.stage)).toEqual([
      'offset--PT3S',
      'offset-PT0S',
    ]);
    expect(await inbox('zhangzhenyu', rectificationId)).toEqual([]);
    expect(await inbox('lvliang', rectificationId)).toEqual([]);
  });
});
