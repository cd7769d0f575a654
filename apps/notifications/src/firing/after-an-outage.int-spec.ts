import { DEFAULT_REMINDER_POLICY } from '@duban/contracts';
import { v7 as uuidv7 } from 'uuid';
import { startNotificationsSandbox, type InProcessSandbox } from '../__fixtures__/notifications-sandbox';
import { ReminderFiring, SUPERSEDED } from './reminder-firing.service';

const LATE_GRACE_SECONDS = 30;
const MINUTE = 60_000;

const officer = { kind: 'user', username: 'liuxing', name: '刘星' };
const leader = { kind: 'user', username: 'zhangzhenyu', name: '张振玉' };
const city = { kind: 'role', role: 'city_officer', regionCode: '141100' };

interface Stage {
  readonly stage: string;
  readonly minutesAgo: number;
  readonly recipients: readonly object[];
}

/**
 * Stages missed while the service was down (fired more than DUBAN_REMINDER_LATE_GRACE_SECONDS late): when a
 * later stage of the same plan is due too and reaches the same people, only the latest goes out, so an outage
 * ends in one alert per person rather than every stage missed, each saying the same. Driven by hand (no
 * BullMQ worker, no reconciler), through both firing paths: an instant's timer (set-wise) and a batch of
 * reminders (one by one).
 */
describe('reminders missed during an outage (real Postgres, Redis, NATS)', () => {
  let sandbox: InProcessSandbox;

  beforeAll(async () => {
    sandbox = await startNotificationsSandbox('outage', {
      DUBAN_REMINDER_WORKER: 'false',
      DUBAN_REMINDER_LATE_GRACE_SECONDS: String(LATE_GRACE_SECONDS),
    });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  const firing = () => sandbox.app.get(ReminderFiring);

  /** One open deadline with these planned stages, straight into the schema; their ids and instants by stage. */
  async function seed(
    stages: readonly Stage[],
  ): Promise<{ subject: string; at: Map<string, Date>; id: Map<string, string> }> {
    const subject = `outage-${uuidv7().slice(-12)}`;
    const now = Date.now();
    const [deadline] = await sandbox.db.query<{ id: string }>(
      `INSERT INTO notifications.deadline (id, source, source_id, subject_type, subject_id, title, programme_id,
         project_id, project_name, region_code, region_name, city_region_code, due_at, responsible, policy, plan,
         history, status, plan_version)
       VALUES (gen_random_uuid(), 'evaluation', $1, 'rectification', $1, '整改事项', gen_random_uuid(), gen_random_uuid(),
               '临县公益性零工市场', '141124', '临县', '141100', $2, $3::jsonb, $4::jsonb, '["PT0S"]'::jsonb, false, 'open', 1)
       RETURNING id`,
      [subject, new Date(now), JSON.stringify([officer, leader]), JSON.stringify(DEFAULT_REMINDER_POLICY)],
    );
    const at = new Map<string, Date>();
    const id = new Map<string, string>();
    for (const stage of stages) {
      const fireAt = new Date(now - stage.minutesAgo * MINUTE);
      const [row] = await sandbox.db.query<{ id: string }>(
        `INSERT INTO notifications.reminder (id, deadline_id, version, stage, fire_at, recipients, state)
         VALUES (gen_random_uuid(), $1, 1, $2, $3, $4::jsonb, 'planned') RETURNING id`,
        [deadline!.id, stage.stage, fireAt, JSON.stringify(stage.recipients)],
      );
      at.set(stage.stage, fireAt);
      id.set(stage.stage, row!.id);
    }
    return { subject, at, id };
  }

  /** Each stage's state, and who got which stage in the inbox. */
  async function outcomeOf(subject: string) {
    const states = await sandbox.db.query<{ stage: string; state: string }>(
      `SELECT r.stage, r.state FROM notifications.reminder r JOIN notifications.deadline d ON d.id = r.deadline_id
        WHERE d.subject_id = $1 ORDER BY r.fire_at`,
      [subject],
    );
    const inbox = await sandbox.db.query<{ stage: string; recipient_key: string }>(
      `SELECT stage, recipient_key FROM notifications.notification WHERE subject_id = $1 ORDER BY stage, recipient_key`,
      [subject],
    );
    return {
      states: Object.fromEntries(states.map((row) => [row.stage, row.state])),
      inbox: inbox.map((row) => `${row.stage} → ${row.recipient_key}`),
    };
  }

  const fireInOrder = async (at: Map<string, Date>) => {
    const outcomes = [];
    for (const instant of [...at.values()].sort((a, b) => a.getTime() - b.getTime())) {
      outcomes.push(await firing().fireInstant(instant, { chunk: 100, parallel: 1 }));
    }
    return outcomes;
  };

  it('sends only the latest of the stages missed for the same people; one for other people still goes', async () => {
    const { subject, at } = await seed([
      { stage: 'offset--PT3M', minutesAgo: 5, recipients: [officer, leader] },
      { stage: 'offset--PT1M', minutesAgo: 3, recipients: [officer, leader] },
      { stage: 'offset-PT0S', minutesAgo: 2, recipients: [officer, leader] },
      // The city alone: it reaches someone the earlier stages did not, so it does not stand in for them.
      { stage: 'escalation', minutesAgo: 1, recipients: [city] },
    ]);

    const outcomes = await fireInOrder(at);

    expect(outcomes.map((o) => (o.kind === 'fired' ? [o.sent, o.superseded] : o.kind))).toEqual([
      [0, 1],
      [0, 1],
      [1, 0],
      [1, 0],
    ]);
    expect(await outcomeOf(subject)).toEqual({
      states: { 'offset--PT3M': 'skipped', 'offset--PT1M': 'skipped', 'offset-PT0S': 'sent', escalation: 'sent' },
      inbox: ['escalation → role:city_officer@141100', 'offset-PT0S → user:liuxing', 'offset-PT0S → user:zhangzhenyu'],
    });
  });

  it('still sends a late stage whose later stage reaches fewer people, and every stage fired within the late grace', async () => {
    const late = await seed([
      { stage: 'offset--PT3M', minutesAgo: 4, recipients: [officer, leader] },
      // Later, but for the officer alone: 张振玉 would get nothing of the earlier stage.
      { stage: 'offset--PT1M', minutesAgo: 2, recipients: [officer] },
    ]);
    // Both within the grace (30 s): on time as far as firing goes, however close together.
    const onTime = await seed([
      { stage: 'offset--PT10S', minutesAgo: 20 / 60, recipients: [officer] },
      { stage: 'offset-PT0S', minutesAgo: 10 / 60, recipients: [officer] },
    ]);

    await fireInOrder(late.at);
    await fireInOrder(onTime.at);

    expect((await outcomeOf(late.subject)).states).toEqual({ 'offset--PT3M': 'sent', 'offset--PT1M': 'sent' });
    expect((await outcomeOf(onTime.subject)).states).toEqual({ 'offset--PT10S': 'sent', 'offset-PT0S': 'sent' });
  });

  it('skips a missed stage whose later stage went out first (timers waking out of order), and says why when fired one by one', async () => {
    const { subject, at, id } = await seed([
      { stage: 'offset--PT3M', minutesAgo: 5, recipients: [officer] },
      { stage: 'offset-PT0S', minutesAgo: 3, recipients: [officer] },
    ]);
    await firing().fireInstant(at.get('offset-PT0S')!, { chunk: 100, parallel: 1 });

    const { outcomes } = await firing().fireMany([{ id: id.get('offset--PT3M')!, version: 1 }]);

    expect(outcomes).toEqual([{ kind: 'skipped', reason: SUPERSEDED }]);
    expect(await outcomeOf(subject)).toEqual({
      states: { 'offset--PT3M': 'skipped', 'offset-PT0S': 'sent' },
      inbox: ['offset-PT0S → user:liuxing'],
    });
  });

  it('never skips an overdue alert: it plans the next one', async () => {
    const { subject, at } = await seed([
      { stage: 'overdue-1', minutesAgo: 5, recipients: [officer] },
      { stage: 'escalation', minutesAgo: 3, recipients: [officer, city] },
    ]);

    await fireInOrder(at);

    expect((await outcomeOf(subject)).states).toMatchObject({ 'overdue-1': 'sent', escalation: 'sent' });
  });
});
