import { DEFAULT_REMINDER_POLICY, MilestoneScheduled } from '@duban/contracts';
import { waitFor } from '@duban/testing';
import { v7 as uuidv7 } from 'uuid';
import {
  milestoneFacts,
  startNotificationsSandbox,
  type InProcessSandbox,
} from '../__fixtures__/notifications-sandbox';
import { HolidayCalendar } from '../calendars/holiday-calendar.service';
import { plannedMessage } from '../deadlines/reminder-message.rules';
import { ReminderFiring } from './reminder-firing.service';
import { ReminderWords } from './reminder-words.service';

/**
 * A planned reminder's words (issue 17, G2): the planner writes them beside each planned stage for its instant,
 * keeps them in step with the deadline's names, and an instant's firing on time writes the in-app rows from them
 * in the claim's own statement. That statement and the one-by-one path (`fireMany`) write the same rows for every
 * kind of recipient, and someone with a contact channel is still reached there.
 */
describe('planned words and the in-app rows written from them (real Postgres, Redis, NATS)', () => {
  let sandbox: InProcessSandbox;

  beforeAll(async () => {
    sandbox = await startNotificationsSandbox('words', { DUBAN_REMINDER_WORKER: 'false' });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  /** The planned stages of a milestone's current plan, with their words. */
  async function plannedWords(milestoneId: string) {
    return sandbox.db.query<{ stage: string; version: number; title: string | null; body: string | null }>(
      `SELECT r.stage, r.version, m.title, m.body FROM notifications.reminder r
         JOIN notifications.deadline d ON d.id = r.deadline_id AND d.plan_version = r.version
         LEFT JOIN notifications.reminder_message m ON m.reminder_id = r.id
        WHERE d.subject_id = $1 AND r.state = 'planned' ORDER BY r.fire_at`,
      [milestoneId],
    );
  }

  it('the planner writes each planned stage’s words for its instant, and writes them again when the milestone is renamed or moved', async () => {
    // Within a timer's reach (48 hours): the planner words its stages at once.
    const dueAt = new Date(Date.now() + 24 * 3_600_000);
    const facts = milestoneFacts({
      dueAt: dueAt.toISOString(),
      reminderPlan: ['-PT1H', 'PT0S', 'PT2H'],
      title: '完成选址',
    });
    await sandbox.publish(MilestoneScheduled, { ...facts, history: false }, { id: uuidv7() });
    const first = await waitFor(
      'planned',
      () => plannedWords(facts.milestoneId),
      (rows) => rows.length === 3,
    );
    expect(first.map(({ stage, title }) => [stage, title])).toEqual([
      ['offset--PT1H', '【到期提醒】临县「完成选址」还有1小时到期'],
      ['offset-PT0S', '【到期提醒】临县「完成选址」已到期'],
      ['offset-PT2H', '【逾期提醒】临县「完成选址」已逾期2小时'],
    ]);
    expect(first[1]?.body).toMatch(
      /^临县公益性零工市场的「完成选址」的期限\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}已到，请立即完成并上传佐证材料。$/,
    );

    // Renamed, same schedule: the same rows, their words say the new name.
    await sandbox.publish(MilestoneScheduled, { ...facts, title: '完成选址并公示', history: false }, { id: uuidv7() });
    const renamed = await waitFor(
      'renamed',
      () => plannedWords(facts.milestoneId),
      (rows) => rows.every((row) => row.title?.includes('完成选址并公示')),
    );
    expect(renamed.map(({ stage, version }) => [stage, version])).toEqual(
      first.map(({ stage, version }) => [stage, version]),
    );
    expect(renamed[0]?.title).toBe('【到期提醒】临县「完成选址并公示」还有1小时到期');

    // Moved 12 hours on: a new plan, whose words name the new instant.
    const moved = new Date(dueAt.getTime() + 12 * 3_600_000);
    await sandbox.publish(
      MilestoneScheduled,
      { ...facts, title: '完成选址并公示', dueAt: moved.toISOString(), history: false },
      { id: uuidv7() },
    );
    const replanned = await waitFor(
      'moved',
      () => plannedWords(facts.milestoneId),
      (rows) => rows.length === 3 && rows.every((row) => row.version > (first[0]?.version ?? Infinity)),
    );
    const calendar = sandbox.app.get(HolidayCalendar).current;
    const expected = plannedMessage(
      {
        regionName: '临县',
        title: '完成选址并公示',
        projectName: facts.projectName,
        dueDate: null,
        dueAt: moved,
        subjectType: 'milestone',
        subjectId: facts.milestoneId,
        projectId: facts.projectId,
        regionCode: '141124',
        policy: DEFAULT_REMINDER_POLICY,
      },
      'offset-PT0S',
      moved,
      calendar,
    );
    expect(replanned[1]).toMatchObject({ title: expected.title, body: expected.body });
  });

  it('a stage planned beyond a timer’s reach gets its words when its instant comes within it', async () => {
    const far = milestoneFacts({
      dueAt: new Date(Date.now() + 5 * 24 * 3_600_000).toISOString(),
      reminderPlan: ['PT0S'],
      title: '完成招聘会',
    });
    await sandbox.publish(MilestoneScheduled, { ...far, history: false }, { id: uuidv7() });
    const [planned] = await waitFor(
      'planned',
      () => plannedWords(far.milestoneId),
      (rows) => rows.length === 1,
    );
    expect(planned).toMatchObject({ stage: 'offset-PT0S', title: null });
    // Its instant comes within reach (moved here by hand: the test cannot wait five days), and the pass words it,
    // once.
    const soon = new Date(Date.now() + 3_600_000);
    await sandbox.db.query(
      `UPDATE notifications.reminder r SET fire_at = $2 FROM notifications.deadline d
        WHERE d.id = r.deadline_id AND d.subject_id = $1`,
      [far.milestoneId, soon],
    );
    await sandbox.db.query(`UPDATE notifications.deadline SET due_at = $2 WHERE subject_id = $1`, [
      far.milestoneId,
      soon,
    ]);
    const words = sandbox.app.get(ReminderWords);
    expect(await words.writeAhead()).toBeGreaterThanOrEqual(1);
    const [worded] = await plannedWords(far.milestoneId);
    expect(worded?.title).toBe('【到期提醒】临县「完成招聘会」已到期');
    expect(await words.writeAhead()).toBe(0);
  });

  /**
   * `count` deadlines due at `at`, one stage each, as the planner leaves them (its words beside it): the i-th's
   * recipients are a person with an account, the city's officers (a role), a 组长 without an account (reached by
   * the leading group's contacts only) and a named person known by nothing; every 7th person has a webhook.
   */
  async function seed(at: Date, count: number, tag: string) {
    const calendar = sandbox.app.get(HolidayCalendar).current;
    const facts = Array.from({ length: count }, (_, i) => ({
      subjectId: `${tag}-${i}`,
      projectId: uuidv7(),
      title: `整改事项${i}`,
      username: `w${tag}${i}`,
    }));
    const words = facts.map((f) =>
      plannedMessage(
        {
          regionName: '临县',
          title: f.title,
          projectName: '临县公益性零工市场',
          dueDate: null,
          dueAt: at,
          subjectType: 'rectification',
          subjectId: f.subjectId,
          projectId: f.projectId,
          regionCode: '141124',
          policy: DEFAULT_REMINDER_POLICY,
        },
        'offset-PT0S',
        at,
        calendar,
      ),
    );
    const recipients = facts.map((f, i) =>
      JSON.stringify([
        { kind: 'user', username: f.username, name: `干部${i}` },
        { kind: 'role', role: 'city_officer', regionCode: '141100' },
        { kind: 'user', username: null, name: `组长${i}`, officerId: `officer-${tag}-${i}` },
        { kind: 'user', username: null, name: `群众${i}` },
      ]),
    );
    const ids = facts.map(() => uuidv7());
    await sandbox.db.query(
      `WITH s AS (SELECT * FROM unnest($2::uuid[], $3::text[], $4::uuid[], $5::text[], $6::jsonb[], $7::text[],
                                       $8::text[], $9::text[]) AS s (id, subject_id, project_id, title, r, wt, wb, wl)),
       d AS (
         INSERT INTO notifications.deadline (id, source, source_id, subject_type, subject_id, title, programme_id,
           project_id, project_name, region_code, region_name, city_region_code, due_at, responsible, policy, plan,
           history, status, plan_version)
         SELECT gen_random_uuid(), 'evaluation', subject_id, 'rectification', subject_id, title, gen_random_uuid(),
                project_id, '临县公益性零工市场', '141124', '临县', '141100', $1, r, $10::jsonb, '["PT0S"]'::jsonb, false,
                'open', 1
           FROM s RETURNING id, subject_id, responsible),
       r AS (
         INSERT INTO notifications.reminder (id, deadline_id, version, stage, fire_at, recipients, state)
         SELECT s.id, d.id, 1, 'offset-PT0S', $1, d.responsible, 'planned' FROM d JOIN s USING (subject_id))
       INSERT INTO notifications.reminder_message (reminder_id, title, body, link) SELECT id, wt, wb, wl FROM s`,
      [
        at,
        ids,
        facts.map((f) => f.subjectId),
        facts.map((f) => f.projectId),
        facts.map((f) => f.title),
        recipients,
        words.map((w) => w.title),
        words.map((w) => w.body),
        words.map((w) => w.link),
        JSON.stringify(DEFAULT_REMINDER_POLICY),
      ],
    );
    for (const [i, f] of facts.entries()) {
      if (i % 7 !== 0) continue;
      await sandbox.db.query(
        `INSERT INTO notifications.contact_channel (id, addressee_key, addressee, kind, target, format, enabled)
         VALUES (gen_random_uuid(), $1, $2::jsonb, 'webhook', 'http://127.0.0.1:9/hook', 'generic', true)`,
        [`user:${f.username}`, JSON.stringify({ kind: 'user', username: f.username, name: `干部${i}` })],
      );
    }
    return ids.map((id) => ({ id, version: 1 }));
  }

  /** The in-app rows of a seeding, each as a recipient sees it, by the deadline's number. */
  async function inboxOf(tag: string) {
    const rows = await sandbox.db.query<Record<string, string | null>>(
      `SELECT n.subject_id, n.recipient_key, n.recipient_kind, n.recipient_username, n.recipient_role,
              n.recipient_region_code, n.source_key = 'reminder:' || d.id || ':v1:offset-PT0S' AS keyed,
              n.subject_type, n.project_id, n.region_code, n.stage, n.title, n.body, n.link,
              n.created_at = r.sent_at AS at_firing, substring(n.id::text, 15, 1) AS version
         FROM notifications.notification n
         JOIN notifications.deadline d ON d.subject_id = n.subject_id
         JOIN notifications.reminder r ON r.deadline_id = d.id
        WHERE n.subject_id LIKE $1 ORDER BY n.subject_id, n.recipient_key`,
      [`${tag}-%`],
    );
    // The seedings differ in their tag, usernames and project ids only: read each without them.
    return rows.map((row) => {
      const plain = JSON.stringify(row).replaceAll(tag, 'TAG');
      return JSON.parse(
        plain.replace(/"project_id":"[^"]+"/, '"project_id":"P"').replace(/projects\/[^/"]+/g, 'projects/P'),
      );
    });
  }

  it('an instant fired on time writes, from the planned words, the very rows the one-by-one path writes', async () => {
    const count = 40;
    const at = new Date(Date.now() - 2000);
    const setWise = `sw${uuidv7().slice(-6)}`;
    const oneByOne = `ob${uuidv7().slice(-6)}`;
    const setWiseRefs = await seed(at, count, setWise);
    const refs = await seed(at, count, oneByOne);
    const firing = sandbox.app.get(ReminderFiring);

    // The second seeding first, one by one (`fireMany`, whose words node makes); then the instant, set-wise.
    const { outcomes } = await firing.fireMany(refs, { skipLocked: true });
    expect(outcomes.every((o) => o.kind === 'sent')).toBe(true);
    expect(await firing.fireInstant(at, { chunk: 1000, parallel: 1 })).toMatchObject({
      kind: 'fired',
      sent: count,
      remaining: 0,
    });
    const written = await inboxOf(setWise);
    // Two rows each: the person with an account and the city's role; the two without an inbox get none.
    expect(written).toHaveLength(2 * count);
    expect(written.every((row) => row.keyed === true && row.at_firing === true && row.version === '7')).toBe(true);
    expect(written[0]).toMatchObject({
      subject_id: 'TAG-0',
      recipient_key: 'role:city_officer@141100',
      recipient_kind: 'role',
      recipient_username: null,
      recipient_role: 'city_officer',
      recipient_region_code: '141100',
      subject_type: 'rectification',
      region_code: '141124',
      stage: 'offset-PT0S',
      title: '【到期提醒】临县「整改事项0」已到期',
      link: '/projects/P/inspections',
    });
    expect(written[1]).toMatchObject({
      recipient_key: 'user:wTAG0',
      recipient_kind: 'user',
      recipient_username: 'wTAG0',
    });
    expect(await inboxOf(oneByOne)).toEqual(written);

    // Fired again, either way: nothing more.
    expect((await firing.fireMany(setWiseRefs, { skipLocked: true })).outcomes.every((o) => o.kind === 'skipped')).toBe(
      true,
    );
    expect(await inboxOf(setWise)).toHaveLength(2 * count);

    // Each person with a webhook is reached there too, once, by both paths alike.
    const [hooks] = await sandbox.db.query<{ setWise: number; oneByOne: number }>(
      `SELECT count(*) FILTER (WHERE d.subject_id LIKE $1)::int AS "setWise",
              count(*) FILTER (WHERE d.subject_id LIKE $2)::int AS "oneByOne"
         FROM notifications.delivery l JOIN notifications.deadline d ON d.id = l.deadline_id
        WHERE l.channel = 'webhook'`,
      [`${setWise}-%`, `${oneByOne}-%`],
    );
    expect(hooks).toEqual({ setWise: Math.ceil(count / 7), oneByOne: Math.ceil(count / 7) });
  });

  it('an instant fired more than a minute late makes its words then: they say how late it is', async () => {
    const at = new Date(Date.now() - 5 * 60_000);
    const tag = `late${uuidv7().slice(-6)}`;
    await seed(at, 3, tag);
    expect(await sandbox.app.get(ReminderFiring).fireInstant(at, { chunk: 1000, parallel: 1 })).toMatchObject({
      kind: 'fired',
      sent: 3,
    });
    const written = await inboxOf(tag);
    expect(written).toHaveLength(6);
    expect(written.every((row) => /，已逾期5分钟(\d+秒)?，请立即完成并上传佐证材料。$/.test(String(row.body)))).toBe(
      true,
    );
  });
});
