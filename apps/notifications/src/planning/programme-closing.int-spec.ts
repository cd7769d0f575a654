import {
  DEFAULT_REMINDER_POLICY,
  MilestoneScheduled,
  MilestoneUpdated,
  ProgrammeClosed,
  ProjectDeadlines,
  type Deadline,
  type MilestoneScheduledData,
} from '@duban/contracts';
import { waitFor } from '@duban/testing';
import { v7 as uuidv7 } from 'uuid';
import { startNotificationsSandbox, type InProcessSandbox } from '../__fixtures__/notifications-sandbox';

/**
 * Closing a programme stops everything that chases it (issue 13): ProgrammeClosed cancels the open deadlines
 * of its projects (milestones and monthly reports), with their planned stages, so no reminder goes out after;
 * an event still in flight about one of them plans nothing. A second programme with the same timing is
 * reminded as usual: the test waits for its reminders, so it would see any of the closed one's.
 */
describe('closing a programme (real Postgres, Redis, NATS)', () => {
  let sandbox: InProcessSandbox;
  const changedBy = {
    userId: 'u-province',
    username: 'province',
    displayName: '省人社厅',
    role: 'province_admin',
  } as const;

  beforeAll(async () => {
    sandbox = await startNotificationsSandbox('closing');
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  function programme() {
    return { programmeId: uuidv7(), projectId: uuidv7() };
  }

  function milestone(
    of: { programmeId: string; projectId: string },
    dueAt: Date,
    title: string,
  ): MilestoneScheduledData {
    return {
      ...of,
      programmeCode: `gig-markets-2027-${of.programmeId.slice(-4)}`,
      projectName: '临县公益性零工市场',
      regionCode: '141124',
      regionName: '临县',
      cityRegionCode: '141100',
      milestoneId: uuidv7(),
      key: null,
      title,
      dueDate: null,
      dueAt: dueAt.toISOString(),
      status: 'pending',
      responsibleOfficers: [{ id: uuidv7(), name: '刘星', username: 'linxian' }],
      countyLeader: null,
      // Two stages each: at the due instant and two seconds after.
      reminderPlan: ['PT0S', 'PT2S'],
      reminderPolicy: DEFAULT_REMINDER_POLICY,
      history: false,
    };
  }

  function monthlyReport(of: { programmeId: string; projectId: string }, dueAt: Date): Deadline {
    return {
      deadlineId: `report:${of.projectId}:2027-03`,
      subjectType: 'report',
      subjectId: `${of.projectId}:2027-03`,
      title: '临县 2027年3月 月报',
      programmeId: of.programmeId,
      projectId: of.projectId,
      regionCode: '141124',
      regionName: '临县',
      cityRegionCode: '141100',
      due: { at: dueAt.toISOString() },
      responsible: [{ kind: 'user', username: 'linxian', name: '刘星' }],
      countyLeader: null,
      cityOfficer: null,
      policy: DEFAULT_REMINDER_POLICY,
      plan: ['PT0S'],
      history: false,
    };
  }

  async function reminderStates(programmeId: string): Promise<Record<string, number>> {
    const rows = await sandbox.db.query<{ state: string; n: number }>(
      `SELECT r.state, count(*)::int AS n FROM notifications.reminder r
         JOIN notifications.deadline d ON d.id = r.deadline_id
        WHERE d.programme_id = $1 GROUP BY r.state ORDER BY r.state`,
      [programmeId],
    );
    return Object.fromEntries(rows.map((row) => [row.state, row.n]));
  }

  /** Deliveries on every channel: the delivery log's (external) and the in-app rows. */
  async function deliveries(programmeId: string): Promise<number> {
    const [row] = await sandbox.db.query<{ n: number }>(
      `SELECT (SELECT count(*)::int FROM notifications.delivery x
                 JOIN notifications.deadline d ON d.id = x.deadline_id WHERE d.programme_id = $1)
            + (SELECT count(*)::int FROM notifications.notification n
                 JOIN notifications.deadline d ON d.subject_type = n.subject_type AND d.subject_id = n.subject_id
                WHERE d.programme_id = $1) AS n`,
      [programmeId],
    );
    return row?.n ?? 0;
  }

  it('cancels the open milestones and monthly reports of a closed programme; none of their reminders is sent', async () => {
    const closed = programme();
    const running = programme();
    // Due in 6 s: enough to plan and close before the first stage, soon enough to wait for.
    const dueAt = new Date(Date.now() + 6_000);
    const plan = milestone(closed, dueAt, '出台建设方案');
    const closedMilestones = [plan, milestone(closed, dueAt, '完成选址')];
    for (const facts of closedMilestones) await sandbox.publish(MilestoneScheduled, facts);
    await sandbox.publish(ProjectDeadlines.DeadlineSet, monthlyReport(closed, dueAt));
    const control = milestone(running, dueAt, '出台建设方案');
    await sandbox.publish(MilestoneScheduled, control);
    await sandbox.publish(ProjectDeadlines.DeadlineSet, monthlyReport(running, dueAt));

    // 2 milestones × 2 stages + 1 report stage, all planned.
    await waitFor(
      'planned',
      () => reminderStates(closed.programmeId),
      (states) => states.planned === 5,
      {
        timeoutMs: 15_000,
      },
    );
    await sandbox.publish(ProgrammeClosed, {
      programmeId: closed.programmeId,
      programmeCode: plan.programmeCode,
      name: '公益性零工市场县县全覆盖',
      year: 2027,
      status: 'closed',
      closedAt: new Date().toISOString(),
      closedBy: changedBy,
    });
    const record = await waitFor(
      'the closing',
      () =>
        sandbox.db.query<{ status: string; cancelled_deadlines: number }>(
          `SELECT status, cancelled_deadlines FROM notifications.closed_programme WHERE programme_id = $1`,
          [closed.programmeId],
        ),
      (rows) => rows.length === 1,
      { timeoutMs: 15_000 },
    );
    expect(record).toEqual([{ status: 'closed', cancelled_deadlines: 3 }]);
    expect(await reminderStates(closed.programmeId)).toEqual({ cancelled: 5 });
    const deadlines = await sandbox.db.query<{ source_id: string; status: string }>(
      `SELECT source_id, status FROM notifications.deadline WHERE programme_id = $1 ORDER BY source_id`,
      [closed.programmeId],
    );
    expect(deadlines.map((row) => row.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(deadlines.map((row) => row.source_id)).toContain(`report:${closed.projectId}:2027-03`);

    // An update still in flight (published before the closing took effect) plans nothing.
    const stray = await sandbox.publish(MilestoneUpdated, {
      ...plan,
      changed: ['responsibleOfficers'],
      changedBy,
    });

    // The running programme's three stages go out at the same instants as the closed one's would have.
    await waitFor(
      'the running programme reminded',
      () => reminderStates(running.programmeId),
      (states) => states.sent === 3,
      { timeoutMs: 30_000 },
    );
    expect(await deliveries(running.programmeId)).toBeGreaterThanOrEqual(3);
    await waitFor(
      'the stray update handled',
      () => sandbox.db.query(`SELECT 1 FROM notifications.inbox WHERE event_id = $1`, [stray.id]),
      (rows) => rows.length === 1,
      { timeoutMs: 15_000 },
    );
    expect(await deliveries(closed.programmeId)).toBe(0);
    expect(await reminderStates(closed.programmeId)).toEqual({ cancelled: 5 });
    const inbox = await sandbox.db.query<{ subject_id: string }>(
      `SELECT subject_id FROM notifications.notification WHERE subject_id = ANY($1)`,
      [closedMilestones.map((facts) => facts.milestoneId)],
    );
    expect(inbox).toEqual([]);
  }, 90_000);
});
