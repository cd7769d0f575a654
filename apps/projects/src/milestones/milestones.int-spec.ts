import {
  CompleteMilestoneRpc,
  CreateMilestoneRpc,
  DomainError,
  ListMilestonesRpc,
  ListProjectsRpc,
  MilestoneCompleted,
  MilestoneReopened,
  MilestoneRescheduled,
  MilestoneScheduled,
  MilestoneUpdated,
  ListOfficersRpc,
  ReopenMilestoneRpc,
  UpdateMilestoneRpc,
  type MilestoneView,
} from '@duban/contracts';
import { AuditChain } from '@duban/platform';
import { demoActors as actors, LINXIAN } from '@duban/testing';
import { startProjectsSandbox, type ProjectsSandbox } from '../__fixtures__/projects-sandbox';

const MILESTONE_EVENTS = [
  MilestoneScheduled,
  MilestoneRescheduled,
  MilestoneUpdated,
  MilestoneCompleted,
  MilestoneReopened,
];

describe('milestones over RPC (real Postgres and NATS, demo data)', () => {
  let sandbox: ProjectsSandbox;
  let projectId: string;
  let byKey: Map<string, MilestoneView>;

  beforeAll(async () => {
    sandbox = await startProjectsSandbox('milestones');
    const [linxian] = await sandbox.rpc.call(ListProjectsRpc, { actor: actors.linxian, region: LINXIAN });
    projectId = linxian?.id as string;
    byKey = await milestonesByKey();
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  async function milestonesByKey(): Promise<Map<string, MilestoneView>> {
    const milestones = await sandbox.rpc.call(ListMilestonesRpc, { actor: actors.linxian, projectId });
    return new Map(milestones.map((milestone) => [milestone.key ?? milestone.id, milestone]));
  }

  function id(key: string): string {
    return byKey.get(key)?.id as string;
  }

  /** Events of every milestone type for one milestone, by subject. */
  async function eventCounts(milestoneId: string): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const event of MILESTONE_EVENTS) counts[event.type] = await sandbox.outboxCount(event.type, milestoneId);
    return counts;
  }

  const evidence = {
    text: '县委县政府已审批同意建设方案，临人社发〔2023〕5号已报市局',
    attachments: [{ name: '方案批复.pdf', ref: 'upload/plan-approval' }],
  };

  it('lists 临县’s eight 2023 milestones in the template’s order, all overdue now', async () => {
    const milestones = [...byKey.values()];
    expect(milestones.map((m) => m.key)).toEqual([
      'plan',
      'site',
      'push',
      'build',
      'built',
      'trial',
      'accept',
      'finish',
    ]);
    expect(milestones.map((m) => m.dueDate)).toEqual([
      '2023-03-31',
      '2023-03-31',
      '2023-04-30',
      '2023-05-31',
      '2023-07-31',
      '2023-08-31',
      '2023-10-31',
      '2023-12-31',
    ]);
    expect(milestones.every((m) => m.status === 'pending' && m.light === 'red' && m.dueAt === null)).toBe(true);
    expect(byKey.get('push')?.after.sort()).toEqual([id('plan'), id('site')].sort());
  });

  it('refuses to complete 全面进入建设推进阶段 before its prerequisites, naming them, and writes nothing', async () => {
    const auditBefore = (await sandbox.auditRows({ outcome: 'done' })).length;
    const error = await sandbox.rpc
      .call(CompleteMilestoneRpc, { actor: actors.linxian, milestoneId: id('push'), evidence })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'conflict' });
    expect((error as Error).message).toBe(
      '请先完成前置节点：「出台建设方案（报县委县政府审批同意后发文报市局）」、「完成选址」',
    );
    expect(await eventCounts(id('push'))).toEqual({
      [MilestoneScheduled.type]: 1,
      [MilestoneRescheduled.type]: 0,
      [MilestoneUpdated.type]: 0,
      [MilestoneCompleted.type]: 0,
      [MilestoneReopened.type]: 0,
    });
    expect((await milestonesByKey()).get('push')).toMatchObject({
      status: 'pending',
      completedAt: null,
      evidence: null,
    });
    expect((await sandbox.auditRows({ outcome: 'done' })).length).toBe(auditBefore);
  });

  it('completes a milestone with evidence: exactly one completed event and an audit row with before and after', async () => {
    sandbox.clock.setNow(new Date('2023-03-30T02:00:00Z'));
    try {
      const done = await sandbox.rpc.call(CompleteMilestoneRpc, {
        actor: actors.linxian,
        milestoneId: id('plan'),
        evidence,
      });
      expect(done).toMatchObject({
        status: 'done',
        light: 'done',
        completedAt: '2023-03-30T02:00:00.000Z',
        completedBy: 'linxian',
        completedByName: '刘星',
        evidence,
      });
    } finally {
      sandbox.clock.setNow(null);
    }
    expect(await eventCounts(id('plan'))).toEqual({
      [MilestoneScheduled.type]: 1,
      [MilestoneRescheduled.type]: 0,
      [MilestoneUpdated.type]: 0,
      [MilestoneCompleted.type]: 1,
      [MilestoneReopened.type]: 0,
    });
    const [event] = await sandbox.outboxEnvelopes(MilestoneCompleted.type, id('plan'));
    expect(event?.data).toMatchObject({
      projectId,
      regionCode: LINXIAN,
      regionName: '临县',
      cityRegionCode: '141100',
      key: 'plan',
      dueDate: '2023-03-31',
      status: 'done',
      countyLeader: { name: '张振玉', username: 'zhangzhenyu' },
      completedBy: { username: 'linxian', role: 'county_officer' },
    });
    const audit = await sandbox.auditRows({ action: 'milestone.complete', targetId: id('plan'), outcome: 'done' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor_username: 'linxian',
      before: { status: 'pending', completedAt: null, evidence: null },
      after: { status: 'done', completedBy: 'linxian', evidence: { text: evidence.text } },
    });
    // Completing it again is refused and changes nothing.
    await expect(
      sandbox.rpc.call(CompleteMilestoneRpc, { actor: actors.linxian, milestoneId: id('plan'), evidence }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(await sandbox.outboxCount(MilestoneCompleted.type, id('plan'))).toBe(1);
  });

  it('lets the 组长 complete a milestone he is responsible for, and nobody read-only complete one', async () => {
    // 完成选址: 张振玉 and 刘星 are responsible (the demo's decision).
    const done = await sandbox.rpc.call(CompleteMilestoneRpc, {
      actor: actors.zhangzhenyu,
      milestoneId: id('site'),
      evidence: { text: '选址确定：临县城庄镇人力资源市场一层' },
    });
    expect(done).toMatchObject({ status: 'done', completedBy: 'zhangzhenyu' });
    // 全面施工建设: 张振玉 is not responsible for it.
    await expect(
      sandbox.rpc.call(CompleteMilestoneRpc, { actor: actors.zhangzhenyu, milestoneId: id('build'), evidence }),
    ).rejects.toMatchObject({ code: 'forbidden', message: '领导小组成员只能完成本人负责的节点' });
    await expect(
      sandbox.rpc.call(CompleteMilestoneRpc, { actor: actors.inspector, milestoneId: id('push'), evidence }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect(
      await sandbox.auditRows({ action: 'milestone.complete', targetId: id('build'), outcome: 'denied' }),
    ).toHaveLength(1);
    expect(
      await sandbox.auditRows({ action: 'milestone.complete', targetId: id('push'), outcome: 'denied' }),
    ).toHaveLength(1);
    expect(await sandbox.outboxCount(MilestoneCompleted.type, id('build'))).toBe(0);
  });

  it('never completes 迎接市局验收检查 by hand: it completes when the acceptance is signed', async () => {
    const error = await sandbox.rpc
      .call(CompleteMilestoneRpc, { actor: actors.province, milestoneId: id('accept'), evidence })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'conflict',
      message: '「迎接市局验收检查（验收签字后自动完成）」在验收签字后自动完成，不能手动完成',
    });
    expect(await sandbox.outboxCount(MilestoneCompleted.type, id('accept'))).toBe(0);
  });

  it('reopens a done milestone with a reason: one reopened event, history kept, audit before and after', async () => {
    const reopened = await sandbox.rpc.call(ReopenMilestoneRpc, {
      actor: actors.lvliang,
      milestoneId: id('plan'),
      reason: '方案未附县政府批复文件，请补充后重新提交',
    });
    expect(reopened).toMatchObject({
      status: 'in_progress',
      completedAt: null,
      completedBy: null,
      evidence: null,
      light: 'red',
    });
    expect(reopened.reopenings).toEqual([
      {
        reason: '方案未附县政府批复文件，请补充后重新提交',
        reopenedAt: expect.any(String),
        reopenedBy: 'lvliang',
        reopenedByName: '吕梁市人社局',
      },
    ]);
    // A reopening recorded before names were kept is named by its username.
    await sandbox.db.query(
      `UPDATE projects.milestone SET reopen_history = jsonb_build_array((reopen_history -> 0) - 'reopenedByName') WHERE id = $1`,
      [id('plan')],
    );
    const listed = await sandbox.rpc.call(ListMilestonesRpc, { actor: actors.linxian, projectId });
    expect(listed.find((m) => m.id === id('plan'))?.reopenings).toEqual([
      expect.objectContaining({ reopenedBy: 'lvliang', reopenedByName: 'lvliang' }),
    ]);
    expect(await sandbox.outboxCount(MilestoneReopened.type, id('plan'))).toBe(1);
    const [event] = await sandbox.outboxEnvelopes(MilestoneReopened.type, id('plan'));
    expect(event?.data).toMatchObject({ reason: '方案未附县政府批复文件，请补充后重新提交', status: 'in_progress' });
    const [audit] = await sandbox.auditRows({ action: 'milestone.reopen', targetId: id('plan'), outcome: 'done' });
    expect(audit).toMatchObject({ before: { status: 'done' }, after: { status: 'in_progress' } });
    // Not done: nothing to reopen.
    await expect(
      sandbox.rpc.call(ReopenMilestoneRpc, { actor: actors.linxian, milestoneId: id('build'), reason: '无' }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(await sandbox.outboxCount(MilestoneReopened.type, id('build'))).toBe(0);
  });

  it('reschedules a template milestone (city): one rescheduled event with the previous date; the county may not', async () => {
    await expect(
      sandbox.rpc.call(UpdateMilestoneRpc, {
        actor: actors.linxian,
        milestoneId: id('build'),
        changes: { dueDate: '2023-06-30' },
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const moved = await sandbox.rpc.call(UpdateMilestoneRpc, {
      actor: actors.lvliang,
      milestoneId: id('build'),
      changes: { dueDate: '2023-06-30' },
    });
    expect(moved).toMatchObject({ dueDate: '2023-06-30', dueAt: null });
    expect(await sandbox.outboxCount(MilestoneRescheduled.type, id('build'))).toBe(1);
    const [event] = await sandbox.outboxEnvelopes(MilestoneRescheduled.type, id('build'));
    expect(event?.data).toMatchObject({ dueDate: '2023-06-30', previousDueDate: '2023-05-31', previousDueAt: null });
    const [audit] = await sandbox.auditRows({ action: 'milestone.reschedule', targetId: id('build') });
    expect(audit).toMatchObject({ before: { dueDate: '2023-05-31' }, after: { dueDate: '2023-06-30' } });
  });

  it('writes nothing for a PATCH that changes nothing', async () => {
    const before = await eventCounts(id('build'));
    const auditBefore = (await sandbox.auditRows({ targetId: id('build'), outcome: 'done' })).length;
    const current = (await milestonesByKey()).get('build') as MilestoneView;
    const same = await sandbox.rpc.call(UpdateMilestoneRpc, {
      actor: actors.lvliang,
      milestoneId: id('build'),
      changes: {
        dueDate: current.dueDate as string,
        title: current.title,
        responsibleOfficerIds: [...current.responsibleOfficerIds].reverse(),
      },
    });
    expect(same.version).toBe(current.version);
    expect(await eventCounts(id('build'))).toEqual(before);
    expect((await sandbox.auditRows({ targetId: id('build'), outcome: 'done' })).length).toBe(auditBefore);
  });

  it('marks a milestone started and reassigns it (one updated event each); refuses a stale version', async () => {
    const officers = await sandbox.rpc.call(ListOfficersRpc, { actor: actors.linxian, projectId });
    const liuXiaolong = officers.find((officer) => officer.name === '刘晓龙')?.id as string;
    const started = await sandbox.rpc.call(UpdateMilestoneRpc, {
      actor: actors.linxian,
      milestoneId: id('built'),
      changes: { status: 'in_progress' },
    });
    expect(started.status).toBe('in_progress');
    const reassigned = await sandbox.rpc.call(UpdateMilestoneRpc, {
      actor: actors.linxian,
      milestoneId: id('built'),
      changes: { responsibleOfficerIds: [liuXiaolong], version: started.version },
    });
    expect(reassigned.responsibleOfficerIds).toEqual([liuXiaolong]);
    const events = await sandbox.outboxEnvelopes(MilestoneUpdated.type, id('built'));
    expect(events.map((event) => event.data.changed)).toEqual([['status'], ['responsibleOfficers']]);
    expect(events[1]?.data.responsibleOfficers).toEqual([{ id: liuXiaolong, name: '刘晓龙', username: null }]);
    await expect(
      sandbox.rpc.call(UpdateMilestoneRpc, {
        actor: actors.linxian,
        milestoneId: id('built'),
        changes: { title: '基本建成（主体）', version: started.version },
      }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('adds an extra milestone due at an exact instant with its own reminder plan, announced as scheduled (not history)', async () => {
    const officers = await sandbox.rpc.call(ListOfficersRpc, { actor: actors.linxian, projectId });
    const liuXing = officers.find((officer) => officer.username === 'linxian')?.id as string;
    const extra = await sandbox.rpc.call(CreateMilestoneRpc, {
      actor: actors.linxian,
      projectId,
      milestone: {
        title: '零工市场挂牌仪式',
        dueAt: '2030-05-20T01:30:00Z',
        responsibleOfficerIds: [liuXing],
        reminderPlan: ['-PT10S', 'PT0S', 'PT5S'],
        after: [id('trial')],
      },
    });
    expect(extra).toMatchObject({
      key: null,
      title: '零工市场挂牌仪式',
      dueDate: null,
      dueAt: '2030-05-20T01:30:00.000Z',
      status: 'pending',
      light: 'green',
      after: [id('trial')],
      reminderPlan: ['-PT10S', 'PT0S', 'PT5S'],
    });
    const [event] = await sandbox.outboxEnvelopes(MilestoneScheduled.type, extra.id);
    expect(event?.data).toMatchObject({
      history: false,
      dueAt: '2030-05-20T01:30:00.000Z',
      dueDate: null,
      reminderPlan: ['-PT10S', 'PT0S', 'PT5S'],
      responsibleOfficers: [{ id: liuXing, name: '刘星', username: 'linxian' }],
    });
    expect(await milestonesByKey()).toHaveProperty('size', 9);
    // Its prerequisite (试运行) is not done: it cannot be completed yet.
    await expect(
      sandbox.rpc.call(CompleteMilestoneRpc, {
        actor: actors.linxian,
        milestoneId: extra.id,
        evidence: { text: '已挂牌' },
      }),
    ).rejects.toMatchObject({ code: 'conflict', message: '请先完成前置节点：「试运行」' });
  });

  it('refuses an extra milestone whose responsible officers are not of this project, naming the field', async () => {
    const error = await sandbox.rpc
      .call(CreateMilestoneRpc, {
        actor: actors.linxian,
        projectId,
        milestone: {
          title: '额外节点',
          dueAt: '2030-05-20T01:30:00Z',
          responsibleOfficerIds: ['5d0f3f0e-4a57-4c36-9d6b-2b0c8f1d2e3f'],
          reminderPlan: ['PT0S'],
        },
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'responsibleOfficerIds.0', message: '不是本项目领导小组的成员' }],
    });
    expect(await milestonesByKey()).toHaveProperty('size', 9);
  });

  it('completes milestones of many counties sent at once, applied together: each as if alone', async () => {
    // One completable milestone in each of twelve other counties (open, not completed by an acceptance, its
    // prerequisites done), the first of them sent twice: the second is refused, and changes nothing for the rest.
    const open = await sandbox.db.query<{ id: string }>(
      `SELECT DISTINCT ON (p.id) m.id FROM projects.milestone m JOIN projects.county_project p ON p.id = m.project_id
        WHERE p.id <> $1 AND m.status <> 'done' AND m.key IS DISTINCT FROM 'accept'
          AND NOT EXISTS (SELECT 1 FROM projects.milestone d WHERE d.id = ANY(m.after_ids) AND d.status <> 'done')
        ORDER BY p.id, m.sort LIMIT 12`,
      [projectId],
    );
    const ids = open.map((row) => row.id);
    expect(ids).toHaveLength(12);
    const sent = [...ids.slice(0, 6), ids[0] as string, ...ids.slice(6)];
    const auditBefore = await sandbox.auditRows({ action: 'milestone.complete', outcome: 'done' });

    const answers = await Promise.allSettled(
      sent.map((milestoneId) =>
        sandbox.rpc.call(CompleteMilestoneRpc, { actor: actors.province, milestoneId, evidence }),
      ),
    );

    const refused = answers.flatMap((answer) => (answer.status === 'rejected' ? [answer.reason] : []));
    expect(refused).toEqual([expect.objectContaining({ code: 'conflict', message: expect.stringMatching(/已完成$/) })]);
    const completed = answers.flatMap((answer) => (answer.status === 'fulfilled' ? [answer.value] : []));
    expect(completed.map((view) => view.id).sort()).toEqual([...ids].sort());
    for (const view of completed) expect(view).toMatchObject({ status: 'done', completedBy: 'province' });
    for (const milestoneId of ids) expect(await sandbox.outboxCount(MilestoneCompleted.type, milestoneId)).toBe(1);
    const audit = await sandbox.auditRows({ action: 'milestone.complete', outcome: 'done' });
    expect(audit.length - auditBefore.length).toBe(12);
    await expect(sandbox.app.get(AuditChain).verify()).resolves.toMatchObject({ ok: true });
    // Applied together: fewer transactions than completions (an audit row, never updated, names the one it was
    // written in), each in its own request's context (its audit row and its event share its correlation id).
    const rows = await sandbox.db.query<{ tx: string; correlation: string; eventCorrelation: string }>(
      `SELECT a.xmin::text AS tx, a.correlation_id AS correlation, o.envelope ->> 'correlationId' AS "eventCorrelation"
         FROM projects.audit_log a JOIN projects.outbox o ON o.aggregate_id = a.target_id AND o.subject = $2
        WHERE a.action = 'milestone.complete' AND a.outcome = 'done' AND a.target_id = ANY($1::text[])`,
      [ids, MilestoneCompleted.type],
    );
    expect(rows).toHaveLength(12);
    expect(new Set(rows.map((row) => row.tx)).size).toBeLessThan(12);
    expect(new Set(rows.map((row) => row.correlation)).size).toBe(12);
    for (const row of rows) expect(row.eventCorrelation).toBe(row.correlation);
  });
});
