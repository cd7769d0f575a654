import {
  DEFAULT_REMINDER_POLICY,
  ListMyNotificationsRpc,
  MilestoneCompleted,
  MilestoneScheduled,
  MilestoneUpdated,
  ProgrammeRulesChanged,
  type MilestoneScheduledData,
  type ReminderPolicy,
} from '@duban/contracts';
import { demoActors, waitFor } from '@duban/testing';
import { v7 as uuidv7 } from 'uuid';
import { startNotificationsSandbox, type InProcessSandbox } from '../__fixtures__/notifications-sandbox';

/**
 * A programme's new reminder policy (issue 17, G6): one ProgrammeRulesChanged re-plans every open milestone of
 * the programme that follows the policy, set-wise, exactly as the per-deadline path (one MilestoneUpdated per
 * milestone) plans them: a twin programme re-planned that way is the reference. A stage already sent at the
 * same instant stays sent, a milestone with its own plan, a done one and another programme's stay as they
 * were, and the new plan's timers are armed (a stage falling due seconds later goes out).
 */
// The default batch re-plans the programme in one; batches of one deadline each overlap their statements as a
// national programme's 2,000-deadline batches do, down to the last full batch and the empty lock after it.
describe.each(['2000', '1'])(
  're-planning a programme on its new reminder policy in batches of %s (real Postgres, Redis, NATS)',
  (batch) => {
    let sandbox: InProcessSandbox;
    const changedBy = {
      userId: 'u-province',
      username: 'province',
      displayName: '省人社厅',
      role: 'province_admin',
    } as const;
    const officer = { id: uuidv7(), name: '刘星', username: 'linxian' };
    const leader = { id: uuidv7(), name: '张振玉', username: 'zhangzhenyu' };
    /** 7 and 2 working days before instead of 7, 3, 1; escalation at the due instant (as monthly reports). */
    const policy: ReminderPolicy = {
      ...DEFAULT_REMINDER_POLICY,
      beforeDue: { ...DEFAULT_REMINDER_POLICY.beforeDue, workingDaysBefore: [7, 2] },
      escalation: { ...DEFAULT_REMINDER_POLICY.escalation, afterWorkingDaysOverdue: 0 },
    };

    /** Event ids time-ordered (UUIDv7) as the outbox makes them: the service ignores an event older than the last. */
    const publish: InProcessSandbox['publish'] = (event, data) => sandbox.publish(event, data, { id: uuidv7() });

    /** The programme's rules changed to `policy` (one event for the programme: the set-wise path). */
    const publishNewPolicy = (programmeId: string) =>
      publish(ProgrammeRulesChanged, {
        programmeId,
        programmeCode: `gig-${programmeId.slice(-4)}`,
        templateCode: 'gig-markets',
        templateVersion: 2,
        acceptance: { passMark: 60, rubricCode: null },
        fundingSources: [],
        reminderPolicy: policy,
        changedBy,
      });

    function pick(programme: ReadonlyMap<Kind, MilestoneScheduledData>, kind: Kind): MilestoneScheduledData {
      const facts = programme.get(kind);
      if (!facts) throw new Error(`no ${kind} milestone`);
      return facts;
    }

    beforeAll(async () => {
      sandbox = await startNotificationsSandbox(`policy-${batch}`, { DUBAN_REMINDER_REPLAN_BATCH: batch });
    });

    afterAll(async () => {
      await sandbox?.close();
    });

    type Kind = 'dated' | 'sent' | 'instant' | 'own-plan' | 'done';

    function milestone(programmeId: string, kind: Kind, dueSoon: Date): MilestoneScheduledData {
      const dated = kind === 'dated' || kind === 'sent' || kind === 'done';
      return {
        programmeId,
        programmeCode: `gig-${programmeId.slice(-4)}`,
        projectId: uuidv7(),
        projectName: '临县公益性零工市场',
        regionCode: '141124',
        regionName: '临县',
        cityRegionCode: '141100',
        milestoneId: uuidv7(),
        key: dated ? 'build' : null,
        title: `节点 ${kind}`,
        dueDate: kind === 'sent' ? '2027-05-31' : dated ? '2027-04-30' : null,
        dueAt: dated
          ? null
          : kind === 'own-plan'
            ? new Date(dueSoon.getTime() + 86_400_000).toISOString()
            : dueSoon.toISOString(),
        status: 'pending',
        responsibleOfficers: [officer],
        countyLeader: leader,
        reminderPlan: kind === 'own-plan' ? ['-PT1H', 'PT0S'] : null,
        reminderPolicy: DEFAULT_REMINDER_POLICY,
        history: false,
      };
    }

    interface Row {
      stage: string;
      fire_at: Date;
      state: string;
      sent_at: Date | null;
      recipients: unknown;
      version: number;
    }

    const deadlineOf = async (milestoneId: string) =>
      (
        await sandbox.db.query<{ id: string; plan_version: number; policy: ReminderPolicy; status: string }>(
          `SELECT id, plan_version, policy, status FROM notifications.deadline WHERE source = 'projects' AND source_id = $1`,
          [milestoneId],
        )
      )[0];

    const rowsOf = async (milestoneId: string, which: 'current' | 'all') =>
      sandbox.db.query<Row>(
        `SELECT r.stage, r.fire_at, r.state, r.sent_at, r.recipients, r.version FROM notifications.reminder r
         JOIN notifications.deadline d ON d.id = r.deadline_id
        WHERE d.source_id = $1 ${which === 'current' ? 'AND r.version = d.plan_version' : ''}
        ORDER BY r.version, r.fire_at, r.stage`,
        [milestoneId],
      );

    /** What a plan says, without the row's own identity: to compare two deadlines' plans. */
    const shape = (rows: Row[]) =>
      rows.map((row) => [
        row.stage,
        row.fire_at.toISOString(),
        row.state,
        row.sent_at?.toISOString() ?? null,
        row.recipients,
      ]);

    it('re-plans the open milestones that follow the policy as the per-deadline planner does, nothing resent, the others untouched', async () => {
      const dueSoon = new Date(Date.now() + 15_000);
      const [setWise, perDeadline, other] = [uuidv7(), uuidv7(), uuidv7()];
      const kinds: Kind[] = ['dated', 'sent', 'instant', 'own-plan', 'done'];
      const of = (programmeId: string) => new Map(kinds.map((kind) => [kind, milestone(programmeId, kind, dueSoon)]));
      const twins = { setWise: of(setWise), perDeadline: of(perDeadline), other: of(other) };
      for (const programme of Object.values(twins)) {
        for (const facts of programme.values()) await publish(MilestoneScheduled, facts);
      }
      const all = Object.values(twins).flatMap((programme) => [...programme.values()]);
      await waitFor(
        'every milestone planned',
        async () => Promise.all(all.map((facts) => deadlineOf(facts.milestoneId))),
        (deadlines) => deadlines.every((deadline) => deadline?.plan_version === 1),
        { timeoutMs: 30_000 },
      );
      for (const programme of Object.values(twins)) {
        const done = pick(programme, 'done');
        await publish(MilestoneCompleted, {
          ...done,
          status: 'done',
          completedAt: new Date().toISOString(),
          completedBy: changedBy,
        });
        // A stage the current plan already sent (as firing records it): the new plan keeps it at that instant.
        await sandbox.db.query(
          `UPDATE notifications.reminder r SET state = 'sent', sent_at = '2027-05-20T01:00:00Z'
           FROM notifications.deadline d
          WHERE d.id = r.deadline_id AND d.source_id = $1 AND r.stage = 'before-7wd'`,
          [pick(programme, 'sent').milestoneId],
        );
      }
      await waitFor(
        'done recorded',
        async () =>
          Promise.all(Object.values(twins).map((programme) => deadlineOf(pick(programme, 'done').milestoneId))),
        (deadlines) => deadlines.every((deadline) => deadline?.status === 'done'),
        { timeoutMs: 30_000 },
      );
      const before = new Map(
        await Promise.all(
          all.map(
            async (facts) =>
              [
                facts.milestoneId,
                { deadline: await deadlineOf(facts.milestoneId), rows: await rowsOf(facts.milestoneId, 'all') },
              ] as const,
          ),
        ),
      );

      // The reference: the per-deadline path, one MilestoneUpdated per milestone (as the projects service did).
      const followers: Kind[] = ['dated', 'sent', 'instant'];
      for (const kind of followers) {
        await publish(MilestoneUpdated, {
          ...pick(twins.perDeadline, kind),
          reminderPolicy: policy,
          changed: ['reminderPolicy'],
          changedBy,
        });
      }
      // The set-wise path: one event for the programme.
      await publishNewPolicy(setWise);
      await waitFor(
        'both programmes re-planned',
        async () =>
          Promise.all(
            [twins.setWise, twins.perDeadline].flatMap((programme) =>
              followers.map((kind) => deadlineOf(pick(programme, kind).milestoneId)),
            ),
          ),
        (deadlines) => deadlines.every((deadline) => deadline?.plan_version === 2),
        { timeoutMs: 30_000 },
      );

      for (const kind of followers) {
        const setWiseId = pick(twins.setWise, kind).milestoneId;
        const current = await rowsOf(setWiseId, 'current');
        // Exactly what the per-deadline planner made of its twin.
        expect(shape(current)).toEqual(shape(await rowsOf(pick(twins.perDeadline, kind).milestoneId, 'current')));
        expect((await deadlineOf(setWiseId))?.policy).toEqual(policy);
        // The earlier plan's planned stages are cancelled, none left planned.
        expect(
          (await rowsOf(setWiseId, 'all')).filter((row) => row.version === 1).map((row) => row.state),
        ).not.toContain('planned');
      }
      const dated = (await rowsOf(pick(twins.setWise, 'dated').milestoneId, 'current')).map(
        (row) => `${row.stage} ${row.state}`,
      );
      expect(dated).toEqual([
        'before-7wd planned',
        'before-2wd planned',
        'due-day planned',
        'escalation planned',
        'overdue-1 planned',
      ]);
      // Sent before at the same instant: recorded as sent, with the time it went out; not planned again.
      const sent = await rowsOf(pick(twins.setWise, 'sent').milestoneId, 'current');
      expect(sent.find((row) => row.stage === 'before-7wd')).toMatchObject({
        state: 'sent',
        sent_at: new Date('2027-05-20T01:00:00Z'),
      });
      expect(sent.filter((row) => row.state === 'planned').map((row) => row.stage)).toEqual([
        'before-2wd',
        'due-day',
        'escalation',
        'overdue-1',
      ]);

      // Its own plan, done, another programme: exactly as before.
      for (const [programme, kinds] of [
        [twins.setWise, ['own-plan', 'done']],
        [twins.other, ['dated', 'sent', 'instant', 'own-plan', 'done']],
      ] as const) {
        for (const kind of kinds) {
          const id = pick(programme, kind).milestoneId;
          expect({ deadline: await deadlineOf(id), rows: await rowsOf(id, 'all') }).toEqual(before.get(id));
        }
      }

      // The new plan's timers are armed: the instant milestone now escalates at its due instant, seconds away.
      const instant = pick(twins.setWise, 'instant').milestoneId;
      const inbox = await waitFor(
        'the city reminded at the due instant',
        () => sandbox.rpc.call(ListMyNotificationsRpc, { actor: demoActors.lvliang }),
        (list) => list.items.some((item) => item.subjectId === instant && item.stage === 'escalation'),
        { timeoutMs: 40_000 },
      );
      expect(inbox.items.filter((item) => item.subjectId === instant)).toHaveLength(1);
    }, 120_000);

    it('writes nothing when a statement fails mid-way, and re-plans in full when the event comes back', async () => {
      const programmeId = uuidv7();
      const kinds: Kind[] = ['dated', 'sent', 'instant'];
      const facts = kinds.map((kind) => milestone(programmeId, kind, new Date(Date.now() + 3_600_000)));
      for (const each of facts) await publish(MilestoneScheduled, each);
      await waitFor(
        'every milestone planned',
        async () => Promise.all(facts.map((each) => deadlineOf(each.milestoneId))),
        (deadlines) => deadlines.every((deadline) => deadline?.plan_version === 1),
        { timeoutMs: 30_000 },
      );
      const before = await Promise.all(facts.map((each) => rowsOf(each.milestoneId, 'all')));
      // The second deadline in the re-plan's order cannot have its stages cancelled: with one deadline a batch,
      // the statements sent ahead of it (the first batch's insert, the third's lock) are in flight when it fails.
      const [, middle] = await sandbox.db.query<{ id: string }>(
        `SELECT id FROM notifications.deadline WHERE programme_id = $1 ORDER BY id`,
        [programmeId],
      );
      await sandbox.db.query(`CREATE SEQUENCE notifications.replan_attempts`);
      await sandbox.db.query(`
        CREATE FUNCTION notifications.fail_replan() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN PERFORM nextval('notifications.replan_attempts'); RAISE EXCEPTION 'injected failure'; END $$`);
      await sandbox.db.query(`
        CREATE TRIGGER fail_replan BEFORE UPDATE ON notifications.reminder FOR EACH ROW
          WHEN (NEW.deadline_id = '${middle?.id}' AND NEW.state = 'cancelled') EXECUTE FUNCTION notifications.fail_replan()`);
      try {
        await publishNewPolicy(programmeId);
        // Two deliveries failed: the first and its redelivery.
        await waitFor(
          'the re-plan tried twice',
          async () =>
            (
              await sandbox.db.query<{ n: string }>(
                `SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS n FROM notifications.replan_attempts`,
              )
            )[0]?.n,
          (n) => Number(n) >= 2,
          { timeoutMs: 30_000 },
        );
        // Nothing of either attempt stayed: every deadline and every stage as before.
        for (const [index, each] of facts.entries()) {
          expect((await deadlineOf(each.milestoneId))?.plan_version).toBe(1);
          expect(await rowsOf(each.milestoneId, 'all')).toEqual(before[index]);
        }
      } finally {
        await sandbox.db.query(`DROP TRIGGER fail_replan ON notifications.reminder`);
      }
      await waitFor(
        'the event redelivered and the programme re-planned',
        async () => Promise.all(facts.map((each) => deadlineOf(each.milestoneId))),
        (deadlines) => deadlines.every((deadline) => deadline?.plan_version === 2),
        { timeoutMs: 30_000 },
      );
      for (const each of facts) {
        const rows = await rowsOf(each.milestoneId, 'all');
        // The first plan's stages all cancelled or sent, the second's planned once each.
        expect(rows.filter((row) => row.version === 1 && row.state === 'planned')).toEqual([]);
        const current = rows.filter((row) => row.version === 2).map((row) => row.stage);
        expect(new Set(current).size).toBe(current.length);
      }
      expect(
        (await rowsOf(facts[0]?.milestoneId as string, 'current')).map((row) => `${row.stage} ${row.state}`),
      ).toEqual([
        'before-7wd planned',
        'before-2wd planned',
        'due-day planned',
        'escalation planned',
        'overdue-1 planned',
      ]);
    }, 90_000);
  },
);
