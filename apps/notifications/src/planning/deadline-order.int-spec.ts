import { EvaluationDeadlines } from '@duban/contracts';
import { expectQuiet, waitFor } from '@duban/testing';
import { v7 as uuidv7 } from 'uuid';
import { exactDeadline, startNotificationsSandbox, type InProcessSandbox } from '../__fixtures__/notifications-sandbox';

/**
 * Events of one deadline may arrive out of order (several consumers, redeliveries): the latest one wins,
 * also when the latest is a `DeadlineCleared` that arrives before the `DeadlineSet` it clears (issue 12,
 * finding 10): the deadline stays cleared and nobody is reminded.
 */
describe('deadline events out of order (real Postgres, Redis, NATS)', () => {
  let sandbox: InProcessSandbox;

  beforeAll(async () => {
    sandbox = await startNotificationsSandbox('deadorder');
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  async function applied(eventIds: string[]): Promise<number> {
    const [row] = await sandbox.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM notifications.inbox WHERE event_id = ANY($1)`,
      [eventIds],
    );
    return row?.n ?? 0;
  }

  /** The deadline's status, its planned stages and the notifications about it, read in one snapshot. */
  async function stateOf(deadlineId: string) {
    const [row] = await sandbox.db.query<{ status: string; planned: number; delivered: number }>(
      `SELECT d.status,
              (SELECT count(*)::int FROM notifications.reminder r WHERE r.deadline_id = d.id AND r.state = 'planned') AS planned,
              (SELECT count(*)::int FROM notifications.notification n WHERE n.subject_id = d.subject_id) AS delivered
         FROM notifications.deadline d WHERE d.source = 'evaluation' AND d.source_id = $1`,
      [deadlineId],
    );
    return { status: row?.status ?? null, planned: row?.planned ?? 0, delivered: row?.delivered ?? 0 };
  }

  it('a DeadlineCleared that arrives before a retried, older DeadlineSet leaves the deadline cleared', async () => {
    const dueAt = new Date(Date.now() + 2000);
    const deadline = exactDeadline(dueAt, ['PT0S']);
    // The set happened first (its id is older), but its delivery is retried and arrives last.
    const setId = uuidv7();
    const clearedId = uuidv7();
    await sandbox.publish(
      EvaluationDeadlines.DeadlineCleared,
      { deadlineId: deadline.deadlineId, reason: 'done' },
      { id: clearedId },
    );
    await waitFor(
      'the clearing applied',
      () => applied([clearedId]),
      (n) => n === 1,
    );
    await sandbox.publishDeadline(deadline, setId);
    await waitFor(
      'the late set applied',
      () => applied([setId]),
      (n) => n === 1,
    );

    expect(await stateOf(deadline.deadlineId)).toEqual({ status: 'done', planned: 0, delivered: 0 });
    // Well past its instant, nobody was reminded of the cleared deadline.
    const quietFor = dueAt.getTime() + 2500 - Date.now();
    expect(await expectQuiet(Math.max(quietFor, 1000), () => stateOf(deadline.deadlineId))).toEqual({
      status: 'done',
      planned: 0,
      delivered: 0,
    });
  });

  it('a DeadlineSet newer than an earlier clearing opens the deadline again', async () => {
    const deadline = exactDeadline(new Date(Date.now() + 1500), ['PT0S'], { countyLeader: null });
    const clearedId = uuidv7();
    await sandbox.publish(
      EvaluationDeadlines.DeadlineCleared,
      { deadlineId: deadline.deadlineId, reason: 'cancelled' },
      { id: clearedId },
    );
    await waitFor(
      'the clearing applied',
      () => applied([clearedId]),
      (n) => n === 1,
    );
    // Set again afterwards (a re-inspection re-opened the item): a live deadline.
    await sandbox.publishDeadline(deadline, uuidv7());
    const state = await waitFor(
      'reminded',
      () => stateOf(deadline.deadlineId),
      (s) => s.delivered === 1,
      {
        timeoutMs: 15_000,
      },
    );
    expect(state).toEqual({ status: 'open', planned: 0, delivered: 1 });
  });
});
