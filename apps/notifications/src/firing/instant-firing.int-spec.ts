import type { INestMicroservice } from '@nestjs/common';
import { DEFAULT_REMINDER_POLICY, MilestoneScheduled } from '@duban/contracts';
import { waitFor } from '@duban/testing';
import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import {
  milestoneFacts,
  startNotificationsSandbox,
  type InProcessSandbox,
} from '../__fixtures__/notifications-sandbox';
import { ReminderFiring, type InstantOutcome } from './reminder-firing.service';
import { ReminderReconciler } from '../timers/reminder-reconciler.service';

/**
 * One instant's reminders fired set-wise (issue 17, G2), driven by hand (no BullMQ worker, no reconciler:
 * DUBAN_REMINDER_WORKER is false): 2,000 reminders due at one instant, some of them on deadlines completed,
 * cancelled (a closed programme) or re-planned, some held for their source's events. Each counted: every
 * reminder that must go out gives exactly one in-app row per recipient with an inbox, the others none, when
 * two instances fire the instant at once and when a chunk fails half-way and the instant is fired again.
 * Both ways a reminder's in-app rows are written: by node from words it makes (a reminder planned without its
 * words), and by the claim itself from the words its planner wrote (planned-words.int-spec compares the two).
 */
describe.each([
  ['words made at firing', false],
  ['words written by the planner', true],
])('firing an instant set-wise, %s (real Postgres, Redis, NATS)', (_, planned) => {
  let sandbox: InProcessSandbox;
  let second: INestMicroservice;

  beforeAll(async () => {
    sandbox = await startNotificationsSandbox('instant', { DUBAN_REMINDER_WORKER: 'false' });
    second = await sandbox.startInstance();
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  const fire = (app: INestMicroservice, at: Date, chunk = 150): Promise<InstantOutcome> =>
    app.get(ReminderFiring).fireInstant(at, { chunk, parallel: 2 });

  type Kind = 'open' | 'done' | 'cancelled' | 'replanned' | 'held';

  /**
   * `count` deadlines, each with one stage at `at`, straight into the schema (with its words when `planned`): the
   * i-th is of `kindOf(i)`;
   * an open one names user u<i mod 40>, every 10th also the city officer's role, every 25th also a person
   * without an account (no inbox). Held ones come from the projects service, whose consumer the test holds up.
   */
  async function seed(at: Date, count: number, kindOf: (i: number) => Kind): Promise<{ tag: string }> {
    const tag = uuidv7().slice(-8);
    const kinds = Array.from({ length: count }, (_, i) => kindOf(i));
    const recipients = kinds.map((_, i) =>
      JSON.stringify([
        { kind: 'user', username: `u${i % 40}`, name: `officer ${i % 40}` },
        ...(i % 10 === 0 ? [{ kind: 'role', role: 'city_officer', regionCode: '141100' }] : []),
        ...(i % 25 === 0 ? [{ kind: 'user', username: null, name: '无账号' }] : []),
      ]),
    );
    await sandbox.db.query(
      `WITH d AS (
         INSERT INTO notifications.deadline (id, source, source_id, subject_type, subject_id, title, programme_id,
           project_id, project_name, region_code, region_name, city_region_code, due_at, responsible, policy, plan,
           history, status, plan_version)
         SELECT gen_random_uuid(), CASE WHEN k = 'held' THEN 'projects' ELSE 'evaluation' END, $2 || '-' || i,
                'rectification', $2 || '-' || i, '整改事项' || i, gen_random_uuid(), gen_random_uuid(), '临县公益性零工市场',
                '141124', '临县', '141100', $1, r, $5::jsonb, '["PT0S"]'::jsonb, false,
                CASE k WHEN 'done' THEN 'done' WHEN 'cancelled' THEN 'cancelled' ELSE 'open' END,
                CASE WHEN k = 'replanned' THEN 2 ELSE 1 END
           FROM unnest($3::text[], $4::jsonb[]) WITH ORDINALITY AS s (k, r, i)
         RETURNING id, subject_id, responsible),
       r AS (
         INSERT INTO notifications.reminder (id, deadline_id, version, stage, fire_at, recipients, state)
         SELECT gen_random_uuid(), d.id, 1, 'offset-PT0S', $1, d.responsible, 'planned' FROM d
         RETURNING id, deadline_id)
       INSERT INTO notifications.reminder_message (reminder_id, title, body, link)
       SELECT r.id, '【到期提醒】' || d.subject_id, '到期', NULL FROM r JOIN d ON d.id = r.deadline_id WHERE $6`,
      [at, tag, kinds, recipients, JSON.stringify(DEFAULT_REMINDER_POLICY), planned],
    );
    return { tag };
  }

  /** What each seeded deadline got: its kind's reminder state, and its in-app rows. */
  async function outcomeOf(tag: string) {
    const [row] = await sandbox.db.query<{
      planned: number;
      sent: number;
      cancelled: number;
      rows: number;
      duplicated: number;
      wrong: number;
      /** The delivery log's in-app rows: none, the in-app row is its own once-guard. */
      logged: number;
    }>(
      `SELECT
         (SELECT count(*)::int FROM notifications.reminder r JOIN notifications.deadline d ON d.id = r.deadline_id
           WHERE d.subject_id LIKE $1 AND r.state = 'planned') AS planned,
         (SELECT count(*)::int FROM notifications.reminder r JOIN notifications.deadline d ON d.id = r.deadline_id
           WHERE d.subject_id LIKE $1 AND r.state = 'sent') AS sent,
         (SELECT count(*)::int FROM notifications.reminder r JOIN notifications.deadline d ON d.id = r.deadline_id
           WHERE d.subject_id LIKE $1 AND r.state = 'cancelled') AS cancelled,
         (SELECT count(*)::int FROM notifications.notification WHERE subject_id LIKE $1) AS rows,
         (SELECT count(*)::int FROM (SELECT 1 FROM notifications.notification WHERE subject_id LIKE $1
           GROUP BY subject_id, stage, recipient_key HAVING count(*) > 1) x) AS duplicated,
         (SELECT count(*)::int FROM notifications.notification n JOIN notifications.deadline d ON d.subject_id = n.subject_id
           WHERE n.subject_id LIKE $1 AND (d.status <> 'open' OR d.plan_version <> 1
             OR NOT d.responsible @> jsonb_build_array(CASE n.recipient_kind
               WHEN 'user' THEN jsonb_build_object('kind', 'user', 'username', n.recipient_username)
               ELSE jsonb_build_object('kind', 'role', 'role', n.recipient_role, 'regionCode', n.recipient_region_code) END))
         ) AS wrong,
         (SELECT count(*)::int FROM notifications.delivery l JOIN notifications.deadline d ON d.id = l.deadline_id
           WHERE d.subject_id LIKE $1 AND l.channel = 'inbox') AS logged`,
      [`${tag}-%`],
    );
    if (!row) throw new Error('no counts');
    return row;
  }

  /** In-app rows expected for the open deadlines among the first `count` of `kindOf`. */
  function expectedRows(count: number, kindOf: (i: number) => Kind, include: Kind[] = ['open']): number {
    let rows = 0;
    for (let i = 0; i < count; i++) if (include.includes(kindOf(i))) rows += 1 + (i % 10 === 0 ? 1 : 0);
    return rows;
  }

  /** The counts once all `count` reminders, every one open, went out once. */
  function sentOnce(count: number, kindOf: (i: number) => Kind) {
    return {
      planned: 0,
      sent: count,
      cancelled: 0,
      rows: expectedRows(count, kindOf),
      duplicated: 0,
      wrong: 0,
      logged: 0,
    };
  }

  it('2,000 due at one instant, fired by two instances at once: one in-app row per recipient, none for closed or held ones', async () => {
    const count = 2_000;
    const kindOf = (i: number): Kind =>
      i % 97 === 1 ? 'done' : i % 97 === 2 ? 'cancelled' : i % 97 === 3 ? 'replanned' : i % 97 === 4 ? 'held' : 'open';
    const closed = Array.from({ length: count }, (_, i) => kindOf(i)).filter((k) => k !== 'open' && k !== 'held');
    const held = Array.from({ length: count }, (_, i) => kindOf(i)).filter((k) => k === 'held').length;
    const at = new Date(Date.now() - 1000);
    const { tag } = await seed(at, count, kindOf);

    // The projects consumer is stuck (its inbox table locked) with an event it cannot apply yet: a completion
    // may be in it, so the reminders of projects' deadlines are held.
    const blocker = new Client({ connectionString: sandbox.env.DUBAN_DATABASE_URL });
    await blocker.connect();
    let outcomes: InstantOutcome[];
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE notifications.inbox IN SHARE MODE');
      const future = new Date(Date.now() + 30 * 24 * 3_600_000).toISOString();
      await sandbox.publish(
        MilestoneScheduled,
        { ...milestoneFacts({ dueAt: future }), history: false },
        { id: uuidv7() },
      );
      await waitFor(
        'the projects consumer behind',
        () => sandbox.app.get(ReminderFiring).fireInstant(new Date(Date.now() + 60_000), { chunk: 1, parallel: 1 }),
        () => true,
      );
      outcomes = await Promise.all([fire(sandbox.app, at), fire(second, at)]);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }

    const sent = outcomes.reduce((n, o) => n + (o.kind === 'fired' ? o.sent : 0), 0);
    const cancelled = outcomes.reduce((n, o) => n + (o.kind === 'fired' ? o.cancelled : 0), 0);
    expect(sent).toBe(count - closed.length - held);
    expect(cancelled).toBe(closed.length);
    // Both come back for the held ones (`remaining` may count what the other was firing at that moment).
    expect(outcomes.every((o) => o.kind === 'fired' && o.heldUntil !== null)).toBe(true);
    expect(await outcomeOf(tag)).toEqual({
      planned: held,
      sent: count - closed.length - held,
      cancelled: closed.length,
      rows: expectedRows(count, kindOf),
      duplicated: 0,
      wrong: 0,
      logged: 0,
    });

    // Once the consumer caught up, the held ones go (once), and firing again does nothing more.
    await waitFor(
      'the held ones fired',
      () => fire(second, at),
      (o) => o.kind === 'fired' && o.heldUntil === null && o.remaining === 0,
      { timeoutMs: 15_000 },
    );
    await fire(sandbox.app, at);
    expect(await outcomeOf(tag)).toEqual({
      planned: 0,
      sent: count - closed.length,
      cancelled: closed.length,
      rows: expectedRows(count, kindOf, ['open', 'held']),
      duplicated: 0,
      wrong: 0,
      logged: 0,
    });
    // Each row says what its reminder's planner wrote, when it wrote something.
    const [words] = await sandbox.db.query<{ planners: number }>(
      `SELECT count(*)::int AS planners FROM notifications.notification
        WHERE subject_id LIKE $1 AND title = '【到期提醒】' || subject_id`,
      [`${tag}-%`],
    );
    expect(words?.planners).toBe(planned ? expectedRows(count, kindOf, ['open', 'held']) : 0);
  });

  it('a chunk failing half-way rolls back alone; the reminder that fails stays planned and goes once when fired again', async () => {
    const count = 2_000;
    const kindOf = (i: number): Kind => (i % 50 === 7 ? 'done' : 'open');
    const at = new Date(Date.now() - 1000);
    const { tag } = await seed(at, count, kindOf);
    // One reminder's in-app row cannot be written (a failing constraint, a crash in the middle of its chunk).
    const [victim] = await sandbox.db.query<{ subject_id: string }>(
      `SELECT subject_id FROM notifications.deadline WHERE subject_id = $1`,
      [`${tag}-1234`],
    );
    await sandbox.db.query(`
      CREATE OR REPLACE FUNCTION notifications.fail_notification() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'injected failure'; END $$`);
    await sandbox.db.query(`
      CREATE TRIGGER fail_one BEFORE INSERT ON notifications.notification FOR EACH ROW
        WHEN (NEW.subject_id = '${victim?.subject_id}') EXECUTE FUNCTION notifications.fail_notification()`);
    let first: InstantOutcome;
    try {
      first = await fire(sandbox.app, at, 300);
    } finally {
      await sandbox.db.query(`DROP TRIGGER fail_one ON notifications.notification`);
    }
    const closed = Array.from({ length: count }, (_, i) => kindOf(i)).filter((k) => k !== 'open').length;
    expect(first).toMatchObject({ kind: 'fired', sent: count - closed - 1, remaining: 1 });
    expect(await outcomeOf(tag)).toMatchObject({ planned: 1, duplicated: 0, wrong: 0 });

    // The retry (the timer's, or the reconciler's), twice at once: the one left goes, nothing twice.
    const retried = await Promise.all([fire(sandbox.app, at), fire(second, at)]);
    expect(retried.reduce((n, o) => n + (o.kind === 'fired' ? o.sent : 0), 0)).toBe(1);
    expect(await outcomeOf(tag)).toEqual({
      planned: 0,
      sent: count - closed,
      cancelled: closed,
      rows: expectedRows(count, kindOf),
      duplicated: 0,
      wrong: 0,
      logged: 0,
    });
  });

  it('an instant asked for twice at once in one process (its timer and the reconciler) is fired once, both told the same', async () => {
    const count = 600;
    const kindOf = (): Kind => 'open';
    const at = new Date(Date.now() - 1000);
    const { tag } = await seed(at, count, kindOf);
    const [first, second_] = await Promise.all([fire(sandbox.app, at), fire(sandbox.app, at)]);
    expect(second_).toBe(first);
    expect(first).toMatchObject({ kind: 'fired', sent: count, remaining: 0 });
    // Once done, the instant is fired anew when asked again (nothing is left).
    expect(await fire(sandbox.app, at)).toMatchObject({ kind: 'fired', sent: 0, remaining: 0 });
    expect(await outcomeOf(tag)).toEqual(sentOnce(count, kindOf));
  });

  it('the reconciler leaves an instant this process is firing to that firing, and reports none of it as missed', async () => {
    const count = 3000;
    const kindOf = (): Kind => 'open';
    // Past the reconciler's grace: it counts the instant as missed while its firing is under way.
    const at = new Date(Date.now() - 5000);
    const { tag } = await seed(at, count, kindOf);
    const firing = fire(sandbox.app, at);
    const pass = await sandbox.app.get(ReminderReconciler).tick();

    expect(await firing).toMatchObject({ kind: 'fired', sent: count, remaining: 0 });
    expect(pass).toMatchObject({ fired: 0 });
    expect(await outcomeOf(tag)).toEqual(sentOnce(count, kindOf));
  });

  it('the in-app row is its own once-guard: reminders fired again (set back to planned) reach no one twice, set-wise or one by one', async () => {
    const count = 300;
    const kindOf = (): Kind => 'open';
    const at = new Date(Date.now() - 1000);
    const { tag } = await seed(at, count, kindOf);
    expect(await fire(sandbox.app, at)).toMatchObject({ kind: 'fired', sent: count, remaining: 0 });
    const once = sentOnce(count, kindOf);
    expect(await outcomeOf(tag)).toEqual(once);

    // As if the claims were lost (a restore, a bug): every reminder planned again. The delivery log holds no
    // in-app row to stop them; the in-app rows' key does.
    const replan = () =>
      sandbox.db.query<{ id: string; version: number }>(
        `UPDATE notifications.reminder r SET state = 'planned', sent_at = NULL FROM notifications.deadline d
          WHERE d.id = r.deadline_id AND d.subject_id LIKE $1 RETURNING r.id, r.version`,
        [`${tag}-%`],
      );
    await replan();
    const [again] = await Promise.all([fire(sandbox.app, at), fire(second, at)]);
    expect(again?.kind).toBe('fired');
    expect(await outcomeOf(tag)).toEqual(once);

    // One by one (`fireMany`, the timers' and the reconciler's path): sent, with no delivery.
    const refs = await replan();
    const { outcomes } = await sandbox.app.get(ReminderFiring).fireMany(refs, { skipLocked: true });
    expect(outcomes.every((o) => o.kind === 'sent' && o.deliveries === 0)).toBe(true);
    expect(await outcomeOf(tag)).toEqual(once);
  });
});
