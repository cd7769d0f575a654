import { MilestoneCompleted, MilestoneReopened, MilestoneScheduled, type MilestoneFacts } from '@duban/contracts';
import { Transactions } from '@duban/platform';
import { waitFor } from '@duban/testing';
import { v7 as uuidv7 } from 'uuid';
import {
  COUNTY_ACTOR,
  eventsApplied,
  milestoneFacts,
  startNotificationsSandbox,
  type InProcessSandbox,
} from '../__fixtures__/notifications-sandbox';
import { deadlineFromMilestone } from '../deadlines/deadline.rules';
import { DeadlinePlanning } from './deadline-planning.service';

/**
 * Completions are applied set-wise (a consumer's run of them in one transaction, `closeMany`), with the same
 * outcome as one at a time: each deadline done with its latest facts, its planned stages cancelled, an event
 * older than the deadline's last one ignored, a deadline first heard of by its completion recorded done.
 */
describe('milestone completions applied set-wise (real Postgres, Redis, NATS)', () => {
  let sandbox: InProcessSandbox;

  beforeAll(async () => {
    sandbox = await startNotificationsSandbox('completions');
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  const applied = (eventIds: string[]) => eventsApplied(sandbox.db, eventIds);

  /** Each milestone's deadline: status, title, last event, and its stages by state. */
  async function stateOf(milestoneIds: string[]) {
    const rows = await sandbox.db.query<{
      source_id: string;
      status: string;
      title: string;
      last_event_id: string | null;
      planned: number;
      cancelled: number;
    }>(
      `SELECT d.source_id, d.status, d.title, d.last_event_id,
              (SELECT count(*)::int FROM notifications.reminder r WHERE r.deadline_id = d.id AND r.state = 'planned') AS planned,
              (SELECT count(*)::int FROM notifications.reminder r WHERE r.deadline_id = d.id AND r.state = 'cancelled') AS cancelled
         FROM notifications.deadline d WHERE d.source = 'projects' AND d.source_id = ANY($1)`,
      [milestoneIds],
    );
    return new Map(rows.map((row) => [row.source_id, row]));
  }

  /** A milestone due tomorrow with two exact stages still ahead, scheduled and applied. */
  async function scheduled(): Promise<MilestoneFacts> {
    const facts = milestoneFacts({
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
      reminderPlan: ['-PT2H', 'PT0S'],
    });
    const event = await sandbox.publish(MilestoneScheduled, { ...facts, history: false }, { id: uuidv7() });
    await waitFor(
      'scheduled',
      () => applied([event.id]),
      (n) => n === 1,
    );
    return facts;
  }

  const completion = (facts: MilestoneFacts) => ({
    ...facts,
    status: 'done' as const,
    completedAt: new Date().toISOString(),
    completedBy: COUNTY_ACTOR,
  });

  it('closes many deadlines in one transaction: the latest facts of each, nothing left planned', async () => {
    const a1 = await scheduled();
    const b1 = await scheduled();
    const c1 = await scheduled();
    // Never scheduled here (its scheduling event is late): its completion records it, done.
    const unknown = milestoneFacts({ dueAt: new Date(Date.now() + 86_400_000).toISOString(), reminderPlan: ['PT0S'] });
    const done = (facts: MilestoneFacts) => ({ ...deadlineFromMilestone(facts, false), status: 'done' as const });
    const [older, newer] = [uuidv7(), uuidv7()];
    const events = [
      { facts: done(b1), eventId: uuidv7() },
      { facts: done(a1), eventId: older },
      { facts: done(unknown), eventId: uuidv7() },
      // The same deadline again, later and with a new title: the later facts are what stays.
      { facts: done({ ...a1, title: '改名后' }), eventId: newer },
      { facts: done(c1), eventId: uuidv7() },
    ];
    const planning = sandbox.app.get(DeadlinePlanning);
    await sandbox.app.get(Transactions).run((tx) => planning.closeMany(tx, events));

    const state = await stateOf([a1.milestoneId, b1.milestoneId, c1.milestoneId, unknown.milestoneId]);
    for (const facts of [a1, b1, c1]) {
      expect(state.get(facts.milestoneId)).toMatchObject({ status: 'done', planned: 0, cancelled: 2 });
    }
    expect(state.get(a1.milestoneId)).toMatchObject({ title: '改名后', last_event_id: newer });
    expect(state.get(unknown.milestoneId)).toMatchObject({ status: 'done', planned: 0, cancelled: 0 });

    // Again, older than what each deadline heard last (a redelivery under another id cannot be: ids are
    // time-ordered): nothing changes.
    await sandbox.app.get(Transactions).run((tx) => planning.closeMany(tx, [{ facts: done(a1), eventId: older }]));
    expect((await stateOf([a1.milestoneId])).get(a1.milestoneId)).toMatchObject({
      title: '改名后',
      last_event_id: newer,
    });
  });

  it('a burst of completions through the consumer, with a reopening among them: each ends as its last event says', async () => {
    const milestones: MilestoneFacts[] = [];
    for (let i = 0; i < 12; i++) milestones.push(await scheduled());
    const reopened = milestones[5] as MilestoneFacts;
    const ids: string[] = [];
    for (const facts of milestones) {
      ids.push((await sandbox.publish(MilestoneCompleted, completion(facts), { id: uuidv7() })).id);
    }
    // Completed, then open again: the runs of completions around it are applied before and after it, in order.
    ids.push(
      (
        await sandbox.publish(
          MilestoneReopened,
          {
            ...reopened,
            status: 'in_progress',
            reason: '佐证材料不全',
            reopenedAt: new Date().toISOString(),
            reopenedBy: COUNTY_ACTOR,
          },
          { id: uuidv7() },
        )
      ).id,
    );
    await waitFor(
      'every event applied',
      () => applied(ids),
      (n) => n === ids.length,
    );

    const state = await stateOf(milestones.map((facts) => facts.milestoneId));
    for (const facts of milestones) {
      if (facts === reopened) {
        expect(state.get(facts.milestoneId)).toMatchObject({ status: 'open', planned: 2 });
      } else {
        expect(state.get(facts.milestoneId)).toMatchObject({ status: 'done', planned: 0 });
      }
    }
  });
});
