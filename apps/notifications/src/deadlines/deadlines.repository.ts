import { modifiedRows, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { parseLocalDate } from '@duban/calendar';
import type { ReminderPolicy, Role } from '@duban/contracts';
import { v7 as uuidv7 } from 'uuid';
import { NOTIFICATION_COLUMNS, type WrittenInboxRow } from '../in-app/in-app.repository';
import type { Recipient } from '../recipients/recipient.rules';
import type { DeadlineFacts, DeadlineStatus } from './deadline.rules';
import type { MessageFacts, StageMessage } from './reminder-message.rules';
import { OVERDUE_STAGE_PREFIX, type PlannedStage, type SentStage } from './reminder-plan.rules';

/** A deadline as stored, with its identity and plan version. */
export interface StoredDeadline extends DeadlineFacts, PlanState {}

/** What the deadline's current plan is: its version, the event it follows, the years it guessed. */
export interface PlanState {
  readonly id: string;
  readonly planVersion: number;
  readonly lastEventId: string | null;
  /** Years of the current plan without a holiday table (planned on Monday–Friday); empty as a rule. */
  readonly assumedCalendarYears: readonly number[];
}

/**
 * What an instant's claim reads of a claimed reminder's deadline: its id and what the reminder's words
 * (`reminderMessage`) and link (`deadlineLink`) need.
 */
export type FiringDeadline = MessageFacts &
  Pick<DeadlineFacts, 'subjectId' | 'projectId' | 'regionCode'> & { readonly id: string };

/** A reminder an instant's chunk claimed and left to the caller (`claimDueAt`), with what its words need. */
export interface ClaimedReminder {
  readonly reminder: ReminderRow;
  readonly deadline: FiringDeadline;
  /** The words and link its planner wrote for its instant; null if it was planned without them. */
  readonly message: StageMessage | null;
  /** Its in-app rows were written with the claim: the caller delivers it only on the other channels. */
  readonly inboxed: boolean;
}

/** What one chunk of an instant claimed (`claimDueAt`). */
export interface ClaimedChunk {
  /** Reminders taken with their deadline (0: nothing is left that no one else holds). */
  readonly locked: number;
  readonly cancelled: number;
  /** Reminders marked sent: those in `claimed` and those whose in-app rows alone were all there was to do. */
  readonly sent: number;
  readonly claimed: ClaimedReminder[];
  /** The in-app rows written with the claim (see `claimDueAt`'s `inbox`). */
  readonly inboxed: WrittenInboxRow[];
}

/** A deadline's identity: its publishing service and that service's id for it. */
export type DeadlineIdentity = Pick<DeadlineFacts, 'source' | 'sourceId'>;

/** A clearing that arrived before the deadline was ever set: the latest one per deadline. */
export interface Tombstone {
  readonly status: Exclude<DeadlineStatus, 'open'>;
  readonly eventId: string;
}

export interface ReminderRow {
  readonly id: string;
  readonly deadlineId: string;
  readonly version: number;
  readonly stage: string;
  readonly fireAt: Date;
  readonly recipients: Recipient[];
  readonly state: 'planned' | 'sent' | 'cancelled' | 'skipped';
  readonly sentAt: Date | null;
}

/** A timer to arm: one planned reminder row at one version. */
export interface TimerRef {
  readonly id: string;
  readonly version: number;
  readonly fireAt: Date;
}

interface DeadlineRecord {
  id: string;
  source: string;
  source_id: string;
  subject_type: string;
  subject_id: string;
  title: string;
  programme_id: string;
  project_id: string;
  project_name: string | null;
  region_code: string;
  region_name: string;
  city_region_code: string | null;
  due_date: string | null;
  due_at: Date;
  responsible: Recipient[];
  county_leader: Recipient | null;
  city_officer: Recipient | null;
  policy: ReminderPolicy;
  plan: string[] | null;
  history: boolean;
  status: DeadlineStatus;
  plan_version: number;
  last_event_id: string | null;
  assumed_calendar_years: number[];
}

interface ReminderRecord {
  id: string;
  deadline_id: string;
  version: number;
  stage: string;
  fire_at: Date;
  recipients: Recipient[];
  state: ReminderRow['state'];
  sent_at: Date | null;
}

const DEADLINE_COLUMNS = `id, source, source_id, subject_type, subject_id, title, programme_id, project_id, project_name,
  region_code, region_name, city_region_code, to_char(due_date, 'YYYY-MM-DD') AS due_date, due_at, responsible,
  county_leader, city_officer, policy, plan, history, status, plan_version, last_event_id, assumed_calendar_years`;

/**
 * The `deadline` and `reminder` tables: deadlines and their reminder rows (their only owner). Every method runs
 * on the caller's transaction.
 */
@Injectable()
export class DeadlinesRepository {
  /**
   * Makes every event of one deadline (by its source's id) wait for the others in flight, also before the
   * deadline's row exists: a `deadline.cleared` that finds no row and a `deadline.set` that creates it take
   * turns here, so the later of the two always sees what the earlier committed.
   */
  async lockIdentity(tx: Tx, source: string, sourceId: string): Promise<void> {
    await this.lockIdentities(tx, [{ source, sourceId }]);
  }

  /**
   * `lockIdentity` for several deadlines in one statement, in the order given: callers sort them, so two
   * transactions taking several never wait on each other in a circle. (The one place the lock's key is made.)
   */
  async lockIdentities(tx: Tx, identities: readonly DeadlineIdentity[]): Promise<void> {
    if (identities.length === 0) return;
    // The function's rows come in the arrays' order, so the locks are taken in it.
    await tx.query(
      `SELECT pg_advisory_xact_lock(hashtext('duban:notifications:deadline:' || source || ':' || source_id))
         FROM unnest($1::text[], $2::text[]) AS i (source, source_id)`,
      [identities.map((i) => i.source), identities.map((i) => i.sourceId)],
    );
  }

  async lockById(tx: Tx, id: string): Promise<StoredDeadline | null> {
    const rows: DeadlineRecord[] = await tx.query(
      `SELECT ${DEADLINE_COLUMNS} FROM notifications.deadline WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] ? toDeadline(rows[0]) : null;
  }

  async lockBySource(tx: Tx, source: string, sourceId: string): Promise<StoredDeadline | null> {
    const rows: DeadlineRecord[] = await tx.query(
      `SELECT ${DEADLINE_COLUMNS} FROM notifications.deadline WHERE source = $1 AND source_id = $2 FOR UPDATE`,
      [source, sourceId],
    );
    return rows[0] ? toDeadline(rows[0]) : null;
  }

  /** `lockBySource` for several deadlines in one statement, in id order (as `lockMany`); those not set are left out. */
  async lockManyBySource(tx: Tx, identities: readonly DeadlineIdentity[]): Promise<StoredDeadline[]> {
    if (identities.length === 0) return [];
    const rows: DeadlineRecord[] = await tx.query(
      `SELECT ${DEADLINE_COLUMNS} FROM notifications.deadline
        WHERE (source, source_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
        ORDER BY id FOR UPDATE`,
      [identities.map((i) => i.source), identities.map((i) => i.sourceId)],
    );
    return rows.map(toDeadline);
  }

  /**
   * Locks several deadline rows in one statement, in id order (the order every multi-row lock takes, so
   * two of them never deadlock). With `skipLocked`, rows another transaction holds are left out.
   */
  async lockMany(tx: Tx, ids: readonly string[], skipLocked = false): Promise<StoredDeadline[]> {
    if (ids.length === 0) return [];
    const rows: DeadlineRecord[] = await tx.query(
      `SELECT ${DEADLINE_COLUMNS} FROM notifications.deadline WHERE id = ANY($1::uuid[]) ORDER BY id
       FOR UPDATE${skipLocked ? ' SKIP LOCKED' : ''}`,
      [ids],
    );
    return rows.map(toDeadline);
  }

  async findBySubject(tx: Tx, source: string, sourceId: string): Promise<StoredDeadline | null> {
    const rows: DeadlineRecord[] = await tx.query(
      `SELECT ${DEADLINE_COLUMNS} FROM notifications.deadline WHERE source = $1 AND source_id = $2`,
      [source, sourceId],
    );
    return rows[0] ? toDeadline(rows[0]) : null;
  }

  /**
   * Inserts the deadline if no row exists yet, else does nothing; either way, returns the row locked. Two
   * first events for one deadline handled at once (two consumers) meet here and take turns.
   */
  async insertOrLock(tx: Tx, facts: DeadlineFacts, at: Date): Promise<{ deadline: StoredDeadline; created: boolean }> {
    const inserted: DeadlineRecord[] = await tx.query(
      `INSERT INTO notifications.deadline
         (id, source, source_id, subject_type, subject_id, title, programme_id, project_id, project_name, region_code,
          region_name, city_region_code, due_date, due_at, responsible, county_leader, city_officer, policy, plan, history,
          status, plan_version, created_at, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,0,$22,$22)
       ON CONFLICT (source, source_id) DO NOTHING
       RETURNING ${DEADLINE_COLUMNS}`,
      [uuidv7(), facts.source, facts.sourceId, ...factValues(facts), at],
    );
    if (inserted[0]) return { deadline: toDeadline(inserted[0]), created: true };
    const existing = await this.lockBySource(tx, facts.source, facts.sourceId);
    if (!existing) throw new Error(`Deadline ${facts.source}/${facts.sourceId} vanished`);
    return { deadline: existing, created: false };
  }

  /** Writes the deadline's facts and its plan state (`plan.id` names the row). */
  async update(tx: Tx, facts: DeadlineFacts, plan: PlanState, at: Date): Promise<void> {
    await tx.query(
      `UPDATE notifications.deadline SET subject_type = $2, subject_id = $3, title = $4, programme_id = $5, project_id = $6,
         project_name = $7, region_code = $8, region_name = $9, city_region_code = $10, due_date = $11, due_at = $12,
         responsible = $13, county_leader = $14, city_officer = $15, policy = $16, plan = $17, history = $18, status = $19,
         plan_version = $20, last_event_id = $21, assumed_calendar_years = $22, updated_at = $23
       WHERE id = $1`,
      [plan.id, ...factValues(facts), plan.planVersion, plan.lastEventId, [...plan.assumedCalendarYears], at],
    );
  }

  /** `update` for several deadlines in one statement: each one's facts and plan state as given. */
  async updateMany(tx: Tx, deadlines: readonly StoredDeadline[], at: Date): Promise<void> {
    if (deadlines.length === 0) return;
    const rows = deadlines.map((d) => ({
      id: d.id,
      subject_type: d.subjectType,
      subject_id: d.subjectId,
      title: d.title,
      programme_id: d.programmeId,
      project_id: d.projectId,
      project_name: d.projectName,
      region_code: d.regionCode,
      region_name: d.regionName,
      city_region_code: d.cityRegionCode,
      due_date: d.dueDate,
      due_at: d.dueAt.toISOString(),
      responsible: d.responsible,
      county_leader: d.countyLeader,
      city_officer: d.cityOfficer,
      policy: d.policy,
      plan: d.plan,
      history: d.history,
      status: d.status,
      plan_version: d.planVersion,
      last_event_id: d.lastEventId,
      assumed_calendar_years: d.assumedCalendarYears,
    }));
    // One JSON document for all the rows: one parameter to send, parsed once by the server.
    await tx.query(
      `UPDATE notifications.deadline d SET subject_type = u.subject_type, subject_id = u.subject_id, title = u.title,
         programme_id = u.programme_id, project_id = u.project_id, project_name = u.project_name,
         region_code = u.region_code, region_name = u.region_name, city_region_code = u.city_region_code,
         due_date = u.due_date, due_at = u.due_at, responsible = u.responsible, county_leader = u.county_leader,
         city_officer = u.city_officer, policy = u.policy, plan = u.plan, history = u.history, status = u.status,
         plan_version = u.plan_version, last_event_id = u.last_event_id,
         assumed_calendar_years = u.assumed_calendar_years, updated_at = $2
         FROM jsonb_to_recordset($1::jsonb) AS u (id uuid, subject_type text, subject_id text, title text,
           programme_id uuid, project_id uuid, project_name text, region_code text, region_name text,
           city_region_code text, due_date date, due_at timestamptz, responsible jsonb, county_leader jsonb,
           city_officer jsonb, policy jsonb, plan jsonb, history boolean, status text, plan_version integer,
           last_event_id uuid, assumed_calendar_years integer[])
        WHERE d.id = u.id`,
      [JSON.stringify(rows), at],
    );
  }

  /** Adds years to those the current plan assumed (its next overdue alert reached one without a table). */
  async addAssumedYears(tx: Tx, id: string, years: readonly number[]): Promise<void> {
    if (years.length === 0) return;
    await tx.query(
      `UPDATE notifications.deadline SET assumed_calendar_years = (
         SELECT array_agg(DISTINCT y ORDER BY y) FROM unnest(assumed_calendar_years || $2::int[]) AS y)
       WHERE id = $1`,
      [id, [...years]],
    );
  }

  /** The identities of a programme's open deadlines, whatever service set them (its closing cancels them). */
  async openOfProgramme(tx: Tx, programmeId: string): Promise<{ source: string; sourceId: string }[]> {
    return tx.query(
      `SELECT source, source_id AS "sourceId" FROM notifications.deadline
        WHERE programme_id = $1 AND status = 'open' ORDER BY id`,
      [programmeId],
    );
  }

  /**
   * Locks the next `limit` deadlines (in id order, after `afterId`) that a programme's new reminder policy
   * re-plans: open, of the programme, from `source` about `subjectType`, following the policy (no exact plan of
   * their own), under another policy than `policy`, and told nothing newer than the event `eventId`.
   */
  async lockToFollowPolicy(
    tx: Tx,
    query: {
      readonly programmeId: string;
      readonly source: string;
      readonly subjectType: string;
      readonly policy: ReminderPolicy;
      readonly eventId: string;
      readonly afterId: string | null;
      readonly limit: number;
    },
  ): Promise<StoredDeadline[]> {
    const rows: DeadlineRecord[] = await tx.query(
      `SELECT ${DEADLINE_COLUMNS} FROM notifications.deadline
        WHERE programme_id = $1 AND status = 'open' AND source = $2 AND subject_type = $3 AND plan IS NULL
          AND policy <> $4::jsonb AND (last_event_id IS NULL OR last_event_id < $5::uuid)
          AND ($6::uuid IS NULL OR id > $6::uuid)
        ORDER BY id LIMIT $7 FOR UPDATE`,
      [
        query.programmeId,
        query.source,
        query.subjectType,
        JSON.stringify(query.policy),
        query.eventId,
        query.afterId,
        query.limit,
      ],
    );
    return rows.map(toDeadline);
  }

  /** Cancels every planned stage of these deadlines in one statement; returns them, so their timers can be removed. */
  async cancelPlannedOfMany(tx: Tx, deadlineIds: readonly string[]): Promise<void> {
    if (deadlineIds.length === 0) return;
    // Nothing returned: an instant's timer is shared and wakes to find a cancelled reminder no longer planned.
    await tx.query(
      `UPDATE notifications.reminder SET state = 'cancelled' WHERE deadline_id = ANY($1::uuid[]) AND state = 'planned'`,
      [[...deadlineIds]],
    );
  }

  /**
   * Moves several deadlines to their next plan version under a new `policy`, in one statement: the policy, the
   * version, the years it assumed, and the event it now follows.
   */
  async setPlans(
    tx: Tx,
    plans: readonly PlanState[],
    policy: ReminderPolicy,
    eventId: string,
    at: Date,
  ): Promise<void> {
    if (plans.length === 0) return;
    await tx.query(
      `UPDATE notifications.deadline d
          SET policy = $4::jsonb, plan_version = p.plan_version, assumed_calendar_years = p.years::int[],
              last_event_id = $5, updated_at = $6
         FROM unnest($1::uuid[], $2::int[], $3::text[]) AS p (id, plan_version, years)
        WHERE d.id = p.id`,
      [
        plans.map((plan) => plan.id),
        plans.map((plan) => plan.planVersion),
        // Each deadline's years as an array literal: unnest cannot hand out an array per row.
        plans.map((plan) => `{${plan.assumedCalendarYears.join(',')}}`),
        JSON.stringify(policy),
        eventId,
        at,
      ],
    );
  }

  /**
   * Inserts the stages of several deadlines' plans in one statement (a stage that exists at its version is left
   * alone); returns the distinct instants of the planned ones, for their timers (one per instant).
   */
  async insertPlans(
    tx: Tx,
    plans: readonly {
      readonly deadlineId: string;
      readonly version: number;
      readonly stages: readonly PlannedStage[];
    }[],
  ): Promise<Date[]> {
    const rows = plans.flatMap((plan) =>
      plan.stages.map((stage) => ({ deadlineId: plan.deadlineId, version: plan.version, stage })),
    );
    if (rows.length === 0) return [];
    // A programme's stages name the same few recipient lists again and again: each distinct list is sent and
    // parsed once, and every row points at its own.
    const lists = new Map<string, number>();
    // The lists themselves are new arrays per stage, but of the same few recipient objects (the deadline's):
    // each object is written as JSON once, and a list is its members' JSON joined (what JSON.stringify gives).
    const members = new WeakMap<Recipient, string>();
    const jsonOf = (recipient: Recipient): string => {
      let json = members.get(recipient);
      if (json === undefined) {
        json = JSON.stringify(recipient);
        members.set(recipient, json);
      }
      return json;
    };
    const listOf = (recipients: readonly Recipient[]): number => {
      const json = `[${recipients.map(jsonOf).join(',')}]`;
      let index = lists.get(json);
      if (index === undefined) {
        index = lists.size + 1;
        lists.set(json, index);
      }
      return index;
    };
    const listIndexes = rows.map((row) => listOf(row.stage.recipients));
    const instants: { fire_at: Date }[] = await tx.query(
      `WITH s AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::timestamptz[], $7::int[], $8::text[],
                              $9::timestamptz[], $10::text[], $11::text[], $12::text[])
           AS s (id, deadline_id, version, stage, fire_at, list, state, sent_at, title, body, link)),
       inserted AS (
         INSERT INTO notifications.reminder (id, deadline_id, version, stage, fire_at, recipients, state, sent_at)
         SELECT s.id, s.deadline_id, s.version, s.stage, s.fire_at, ($6::jsonb[])[s.list], s.state, s.sent_at FROM s
         ON CONFLICT (deadline_id, version, stage) DO NOTHING
         RETURNING id, fire_at, state),
       ${WORDS_OF_INSERTED}
       SELECT DISTINCT fire_at FROM inserted WHERE state = 'planned'`,
      // Array literals built here: a re-plan sends a million elements, which node-postgres would each convert,
      // escape and quote on its own.
      [
        plainArray(rows.map(() => uuidv7())),
        plainArray(rows.map((row) => row.deadlineId)),
        plainArray(rows.map((row) => row.version)),
        textArray(rows.map((row) => row.stage.stage)),
        instantArray(rows.map((row) => row.stage.fireAt)),
        [...lists.keys()],
        plainArray(listIndexes),
        textArray(rows.map((row) => row.stage.state)),
        instantArray(rows.map((row) => row.stage.sentAt ?? null)),
        textArray(rows.map((row) => row.stage.message?.title ?? null)),
        textArray(rows.map((row) => row.stage.message?.body ?? null)),
        textArray(rows.map((row) => row.stage.message?.link ?? null)),
      ],
    );
    return instants.map((row) => row.fire_at);
  }

  /** Open deadlines whose plan assumed one of `years` (their table has arrived since): to re-plan. */
  async openOnAssumedYears(tx: Tx, years: readonly number[]): Promise<string[]> {
    if (years.length === 0) return [];
    const rows: { id: string }[] = await tx.query(
      `SELECT id FROM notifications.deadline
        WHERE status = 'open' AND cardinality(assumed_calendar_years) > 0 AND assumed_calendar_years && $1::int[]
        ORDER BY id`,
      [[...years]],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Open live deadlines a holiday table of `years` may change: due in one of them, with a stage still planned
   * in one of them, or planned on Monday–Friday for one of them (local years in Asia/Shanghai, the zone
   * every policy uses). History deadlines plan nothing and are left out.
   */
  async openTouchingYears(tx: Tx, years: readonly number[]): Promise<string[]> {
    if (years.length === 0) return [];
    const rows: { id: string }[] = await tx.query(
      `SELECT d.id FROM notifications.deadline d
        WHERE d.status = 'open' AND NOT d.history AND (
          d.assumed_calendar_years && $1::int[]
          OR extract(year FROM coalesce(d.due_date::timestamp, d.due_at AT TIME ZONE 'Asia/Shanghai'))::int = ANY($1)
          OR EXISTS (SELECT 1 FROM notifications.reminder r
                      WHERE r.deadline_id = d.id AND r.state = 'planned'
                        AND extract(year FROM r.fire_at AT TIME ZONE 'Asia/Shanghai')::int = ANY($1)))
        ORDER BY d.id`,
      [[...years]],
    );
    return rows.map((row) => row.id);
  }

  /** The years open deadlines' plans assumed, each with how many deadlines: what the health check reports. */
  async assumedYearsOfOpen(tx: Tx): Promise<{ year: number; deadlines: number }[]> {
    const rows: { year: number; deadlines: number }[] = await tx.query(
      `SELECT y AS year, count(*)::int AS deadlines
         FROM notifications.deadline, unnest(assumed_calendar_years) AS y
        WHERE status = 'open' AND cardinality(assumed_calendar_years) > 0
        GROUP BY y ORDER BY y`,
    );
    return rows;
  }

  /** The clearing recorded for a deadline never set, if any. */
  async tombstoneOf(tx: Tx, source: string, sourceId: string): Promise<Tombstone | null> {
    const rows: { status: Tombstone['status']; event_id: string }[] = await tx.query(
      `SELECT status, event_id FROM notifications.deadline_tombstone WHERE source = $1 AND source_id = $2`,
      [source, sourceId],
    );
    return rows[0] ? { status: rows[0].status, eventId: rows[0].event_id } : null;
  }

  /** Records a clearing of a deadline not (yet) set; an older clearing never replaces a newer one. */
  async recordTombstone(tx: Tx, source: string, sourceId: string, tombstone: Tombstone, at: Date): Promise<void> {
    await tx.query(
      `INSERT INTO notifications.deadline_tombstone (source, source_id, status, event_id, cleared_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (source, source_id) DO UPDATE
         SET status = EXCLUDED.status, event_id = EXCLUDED.event_id, cleared_at = EXCLUDED.cleared_at
         WHERE notifications.deadline_tombstone.event_id < EXCLUDED.event_id`,
      [source, sourceId, tombstone.status, tombstone.eventId, at],
    );
  }

  /** Once the deadline's row exists it carries the latest event id itself: the tombstone has done its work. */
  async dropTombstone(tx: Tx, source: string, sourceId: string): Promise<void> {
    await tx.query(`DELETE FROM notifications.deadline_tombstone WHERE source = $1 AND source_id = $2`, [
      source,
      sourceId,
    ]);
  }

  /** Cancels every planned stage; returns them, so their timers can be removed. */
  async cancelPlanned(tx: Tx, deadlineId: string): Promise<TimerRef[]> {
    const rows = await modifiedRows<ReminderRecord>(
      tx,
      `UPDATE notifications.reminder SET state = 'cancelled' WHERE deadline_id = $1 AND state = 'planned'
       RETURNING id, version, fire_at`,
      [deadlineId],
    );
    return rows.map((row) => ({ id: row.id, version: row.version, fireAt: row.fire_at }));
  }

  /**
   * Inserts stages of one plan version (an existing stage of that version is left alone); returns the planned
   * ones. A stage carried over as sent keeps the instant the earlier plan sent it at.
   */
  async insertStages(
    tx: Tx,
    deadlineId: string,
    version: number,
    stages: readonly PlannedStage[],
  ): Promise<TimerRef[]> {
    if (stages.length === 0) return [];
    // One statement for the whole plan: planning 936 history milestones at start stays quick.
    const rows: ReminderRecord[] = await tx.query(
      `WITH s AS (
         SELECT * FROM unnest($3::uuid[], $4::text[], $5::timestamptz[], $6::jsonb[], $7::text[], $8::timestamptz[],
                              $9::text[], $10::text[], $11::text[])
           AS s (id, stage, fire_at, recipients, state, sent_at, title, body, link)),
       inserted AS (
         INSERT INTO notifications.reminder (id, deadline_id, version, stage, fire_at, recipients, state, sent_at)
         SELECT id, $1, $2, stage, fire_at, recipients, state, sent_at FROM s
         ON CONFLICT (deadline_id, version, stage) DO NOTHING
         RETURNING id, version, fire_at, state),
       ${WORDS_OF_INSERTED}
       SELECT id, version, fire_at, state FROM inserted`,
      [
        deadlineId,
        version,
        stages.map(() => uuidv7()),
        stages.map((stage) => stage.stage),
        stages.map((stage) => stage.fireAt),
        stages.map((stage) => JSON.stringify(stage.recipients)),
        stages.map((stage) => stage.state),
        stages.map((stage) => stage.sentAt ?? null),
        stages.map((stage) => stage.message?.title ?? null),
        stages.map((stage) => stage.message?.body ?? null),
        stages.map((stage) => stage.message?.link ?? null),
      ],
    );
    const timers = rows
      .filter((row) => row.state === 'planned')
      .map((row) => ({ id: row.id, version: row.version, fireAt: row.fire_at }));
    return timers;
  }

  /** The stages every plan of these deadlines has sent, by deadline: whom each reminded, at which instant. */
  /**
   * Records a stage that goes out at once, not on a timer (a 催办 or 批示 notice): a reminder row already
   * `sent` at `at`, under the deadline's current plan version, so delivery logs it like any other stage.
   * Returns its id, or null when the deadline already has that stage (a redelivered event).
   */
  async insertSentStage(
    tx: Tx,
    deadline: Pick<PlanState, 'id' | 'planVersion'>,
    stage: string,
    recipients: readonly Recipient[],
    at: Date,
  ): Promise<string | null> {
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO notifications.reminder (id, deadline_id, version, stage, fire_at, recipients, state, sent_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, 'sent', $5)
       ON CONFLICT (deadline_id, version, stage) DO NOTHING RETURNING id`,
      [uuidv7(), deadline.id, deadline.planVersion, stage, at, JSON.stringify(recipients)],
    );
    return rows[0]?.id ?? null;
  }

  async sentStages(tx: Tx, deadlineIds: readonly string[]): Promise<Map<string, SentStage[]>> {
    const byDeadline = new Map<string, SentStage[]>();
    if (deadlineIds.length === 0) return byDeadline;
    const rows: ReminderRecord[] = await tx.query(
      `SELECT deadline_id, version, stage, fire_at, recipients, sent_at FROM notifications.reminder
        WHERE deadline_id = ANY($1::uuid[]) AND state = 'sent'`,
      [[...deadlineIds]],
    );
    for (const row of rows) {
      const list = byDeadline.get(row.deadline_id) ?? [];
      list.push({
        version: row.version,
        stage: row.stage,
        fireAt: new Date(row.fire_at),
        recipients: row.recipients,
        sentAt: row.sent_at ? new Date(row.sent_at) : null,
      });
      byDeadline.set(row.deadline_id, list);
    }
    return byDeadline;
  }

  async plannedOf(tx: Tx, deadlineId: string): Promise<ReminderRow[]> {
    const rows: ReminderRecord[] = await tx.query(
      `SELECT * FROM notifications.reminder WHERE deadline_id = $1 AND state = 'planned'`,
      [deadlineId],
    );
    return rows.map(toReminder);
  }

  /**
   * A planned stage's addressees and words (null: none written yet, see `withMessages`) after its deadline changed
   * in what it names, not when it falls due.
   */
  async setRecipientsAndMessage(
    tx: Tx,
    reminderId: string,
    recipients: readonly Recipient[],
    message: StageMessage | null,
  ): Promise<void> {
    await tx.query(`UPDATE notifications.reminder SET recipients = $2 WHERE id = $1`, [
      reminderId,
      JSON.stringify(recipients),
    ]);
    if (message) await this.insertMessages(tx, [{ reminderId, message }], { replace: true });
  }

  /**
   * Writes planned reminders' words; one that has words already keeps them, unless `replace` (its deadline was
   * renamed).
   */
  async insertMessages(
    tx: Tx,
    messages: readonly { readonly reminderId: string; readonly message: StageMessage }[],
    options: { readonly replace?: boolean } = {},
  ): Promise<void> {
    if (messages.length === 0) return;
    await tx.query(
      `INSERT INTO notifications.reminder_message (reminder_id, title, body, link)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[])
       ON CONFLICT (reminder_id) DO ${options.replace ? 'UPDATE SET title = excluded.title, body = excluded.body, link = excluded.link' : 'NOTHING'}`,
      [
        messages.map((m) => m.reminderId),
        messages.map((m) => m.message.title),
        messages.map((m) => m.message.body),
        messages.map((m) => m.message.link),
      ],
    );
  }

  /**
   * Planned reminders due in (`after`, `until`] that have no words yet (planned before their instant came near),
   * soonest first, up to `limit`, with what their words need. Asked again once those have words, it gives the next.
   */
  async unworded(
    tx: Tx,
    after: Date,
    until: Date,
    limit: number,
  ): Promise<{ reminder: Pick<ReminderRow, 'id' | 'stage' | 'fireAt'>; deadline: FiringDeadline }[]> {
    const rows: (FiringDeadlineRecord & { reminder_id: string; stage: string; fire_at: Date })[] = await tx.query(
      `SELECT r.id AS reminder_id, r.stage, r.fire_at, d.id, d.subject_type, d.subject_id, d.title, d.project_id,
              d.project_name, d.region_code, d.region_name, to_char(d.due_date, 'YYYY-MM-DD') AS due_date,
              extract(epoch FROM d.due_at)::float8 * 1000 AS due_ms, d.policy ->> 'timeZone' AS time_zone
         FROM notifications.reminder r JOIN notifications.deadline d ON d.id = r.deadline_id
        WHERE r.state = 'planned' AND r.fire_at > $1 AND r.fire_at <= $2
          AND NOT EXISTS (SELECT 1 FROM notifications.reminder_message m WHERE m.reminder_id = r.id)
        ORDER BY r.fire_at LIMIT $3`,
      [after, until, limit],
    );
    return rows.map((row) => ({
      reminder: { id: row.reminder_id, stage: row.stage, fireAt: row.fire_at },
      deadline: toFiringDeadline(row),
    }));
  }

  /**
   * Of these reminders (being fired), those a later stage of the same plan already due by `now` supersedes: a
   * stage planned or sent, of the same deadline and plan version, whose instant is after theirs and not after
   * `now`, for everyone they are for. Overdue alerts are never superseded (each plans the next).
   */
  async supersededOf(tx: Tx, ids: readonly string[], now: Date): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await tx.query(
      `SELECT r.id FROM notifications.reminder r
        WHERE r.id = ANY($1::uuid[]) AND r.stage NOT LIKE 'overdue-%'
          AND EXISTS (SELECT 1 FROM notifications.reminder later
                       WHERE later.deadline_id = r.deadline_id AND later.version = r.version
                         AND later.state IN ('planned', 'sent')
                         AND later.fire_at > r.fire_at AND later.fire_at <= $2 AND later.recipients @> r.recipients)`,
      [[...ids], now],
    );
    return new Set(rows.map((row) => row.id));
  }

  /** Reads several reminder rows (with `forUpdate`, locks them in id order). */
  async findReminders(tx: Tx, ids: readonly string[], forUpdate = false): Promise<ReminderRow[]> {
    if (ids.length === 0) return [];
    const rows: ReminderRecord[] = await tx.query(
      `SELECT * FROM notifications.reminder WHERE id = ANY($1::uuid[])${forUpdate ? ' ORDER BY id FOR UPDATE' : ''}`,
      [ids],
    );
    return rows.map(toReminder);
  }

  async setRemindersState(
    tx: Tx,
    ids: readonly string[],
    state: ReminderRow['state'],
    sentAt: Date | null,
  ): Promise<void> {
    if (ids.length === 0) return;
    await tx.query(`UPDATE notifications.reminder SET state = $2, sent_at = $3 WHERE id = ANY($1::uuid[])`, [
      ids,
      state,
      sentAt,
    ]);
  }

  /** Marks several reminders sent, each at its own instant. */
  async setRemindersSent(tx: Tx, sent: readonly { id: string; sentAt: Date }[]): Promise<void> {
    if (sent.length === 0) return;
    await tx.query(
      `UPDATE notifications.reminder r SET state = 'sent', sent_at = s.sent_at
         FROM unnest($1::uuid[], $2::timestamptz[]) AS s (id, sent_at) WHERE r.id = s.id`,
      [sent.map((row) => row.id), sent.map((row) => row.sentAt)],
    );
  }

  /** The stages of the deadline's current plan, in firing order. */
  async currentPlan(tx: Tx, deadline: StoredDeadline): Promise<ReminderRow[]> {
    const rows: ReminderRecord[] = await tx.query(
      `SELECT * FROM notifications.reminder WHERE deadline_id = $1 AND version = $2 ORDER BY fire_at, stage`,
      [deadline.id, deadline.planVersion],
    );
    return rows.map(toReminder);
  }

  /** Every region a deadline lies in (a few hundred counties at most): the deliveries route filters by them. */
  async regionCodes(tx: Tx): Promise<string[]> {
    const rows: { region_code: string }[] = await tx.query(
      `SELECT DISTINCT region_code FROM notifications.deadline ORDER BY region_code`,
    );
    return rows.map((row) => row.region_code);
  }

  /**
   * Claims up to `limit` reminders planned at exactly `at` (one instant's timer firing them set-wise), in one
   * statement: locks them and their deadlines (deadline first, SKIP LOCKED: what a completion or another
   * chunk of the instant holds is left for later, and no one waits, so no deadlock), cancels those whose
   * deadline is no longer open or was re-planned, and marks the others sent at `sentAt`. Deadlines of
   * `heldSources` (their events still coming in) are left planned. `locked` is how many reminders the statement
   * took with their deadline: 0 means nothing is left that no one else holds (or what is left waits for a
   * deadline someone else holds).
   *
   * With `inbox` (a firing on time, see `wordsInstant`), the same statement writes the in-app rows of every claimed
   * reminder whose words were planned (issue 17, G2), from the rows themselves, and returns those rows
   * (`inboxed`: what the `inbox.delivered` events announce). Left to the caller, and returned with what their
   * words and link need: the claimed reminders it did not write (no planned words, or an earlier plan of the
   * deadline sent stages, so some may have been reminded already), overdue alerts (the caller plans the next),
   * and those naming someone with a contact channel (e-mail, webhooks, SMS: the caller delivers them there).
   * The in-app rows are plain inserts: a claimed stage was never delivered, its row being planned until now, so a
   * row already there is a fault, and the chunk rolls back (its reminders are then fired one by one).
   */
  async claimDueAt(
    tx: Tx,
    at: Date,
    heldSources: readonly string[],
    limit: number,
    sentAt: Date,
    options: { readonly inbox: boolean } = { inbox: false },
  ): Promise<ClaimedChunk> {
    // Every step reaches rows by index (the planned rows' partial index, then primary keys through arrays),
    // never by hashing every reminder of the instant: a chunk costs the same at the first chunk of 100,000 as
    // at the last. Reminders are locked before their deadlines here, the other way round from a completion,
    // which is safe only because this statement never waits (SKIP LOCKED at both steps). A reminder whose
    // deadline another transaction holds is locked but neither cancelled nor claimed: it stays planned.
    // The reminders are updated by id, not by their row's address (ctid), though a TID scan costs less (46 against
    // 67 ms for 5,000, measured): a row changed and committed between the statement's snapshot and its lock (a
    // re-plan's new recipients) is locked in its new version, which a TID scan under the statement's snapshot
    // does not see, and the chunk would roll back into firing one by one; by id, the UPDATE follows the row to
    // the version this transaction holds.
    // Only what the reminder's words and link need comes back (not the deadline's policy, people and plan),
    // instants as epoch milliseconds: reading 2,000 wide rows was the largest part of a chunk's node time.
    const rows: ({
      locked: number;
      cancelled: number;
      claimed: number;
      fired: number;
      /** The in-app rows written, as [id, kind, username, role, region code]: on the first row only. */
      inbox: [string, 'user' | 'role', string | null, string | null, string | null][] | null;
      reminder_id: string | null;
      reminder_version: number;
      stage: string;
      recipients: Recipient[];
      message_title: string | null;
      message_body: string | null;
      message_link: string | null;
      inboxed: boolean;
    } & FiringDeadlineRecord)[] = await tx.query(
      `WITH picked AS MATERIALIZED (
         SELECT r.id AS reminder_id, r.deadline_id, r.version AS reminder_version, r.stage, r.recipients
           FROM notifications.reminder r
          WHERE r.state = 'planned' AND r.fire_at = $1
            ${heldSources.length > 0 ? 'AND (SELECT source FROM notifications.deadline WHERE id = r.deadline_id) <> ALL($2::text[])' : 'AND cardinality($2::text[]) = 0'}
          LIMIT $3 FOR UPDATE SKIP LOCKED),
       locked AS MATERIALIZED (
         SELECT id, subject_type, subject_id, title, project_id, project_name, region_code, region_name,
                to_char(due_date, 'YYYY-MM-DD') AS due_date, due_at, policy ->> 'timeZone' AS time_zone, status,
                plan_version
           FROM notifications.deadline
          WHERE id = ANY(ARRAY(SELECT deadline_id FROM picked)) FOR UPDATE SKIP LOCKED),
       words AS MATERIALIZED (
         SELECT reminder_id, title, body, link FROM notifications.reminder_message
          WHERE reminder_id = ANY(ARRAY(SELECT reminder_id FROM picked))),
       due AS MATERIALIZED (
         SELECT picked.reminder_id, picked.reminder_version, picked.stage, picked.recipients, m.title AS message_title,
                m.body AS message_body, m.link AS message_link, locked.*
           FROM picked JOIN locked ON locked.id = picked.deadline_id
           LEFT JOIN words m ON m.reminder_id = picked.reminder_id),
       cancelled AS (
         UPDATE notifications.reminder r SET state = 'cancelled'
          WHERE r.id = ANY(ARRAY(SELECT reminder_id FROM due
                                  WHERE status <> 'open' OR plan_version <> reminder_version))
          RETURNING r.id),
       claimed AS (
         UPDATE notifications.reminder r SET state = 'sent', sent_at = $4
          WHERE r.id = ANY(ARRAY(SELECT reminder_id FROM due WHERE status = 'open' AND plan_version = reminder_version))
          RETURNING r.id),
       -- The claimed rows are exactly the due ones on an open deadline's current plan: this transaction holds
       -- their locks, so the UPDATE takes every one. Read from \`due\` by that same condition (a semi-join with
       -- \`claimed\` is planned as a nested loop over both CTEs: quadratic in the chunk), and the count of
       -- \`claimed\` comes back beside it, for the caller to check they agree.
       fired AS MATERIALIZED (
         SELECT due.*,
                $5::boolean AND message_title IS NOT NULL
                  AND NOT (reminder_version > 1 AND EXISTS (
                    SELECT 1 FROM notifications.reminder s
                     WHERE s.deadline_id = due.id AND s.state = 'sent' AND s.version <> due.reminder_version))
                  AS inboxed
           FROM due WHERE status = 'open' AND plan_version = reminder_version),
       inbox AS (
         INSERT INTO notifications.notification ${NOTIFICATION_COLUMNS}
         SELECT notifications.uuid_v7(), ${recipientKeyOf('e')}, e ->> 'kind',
                CASE WHEN e ->> 'kind' = 'user' THEN e ->> 'username' END,
                CASE WHEN e ->> 'kind' = 'role' THEN e ->> 'role' END,
                CASE WHEN e ->> 'kind' = 'role' THEN e ->> 'regionCode' END,
                ${REMINDER_SOURCE_KEY_OF_FIRED}, f.subject_type, f.subject_id, f.project_id, f.region_code, f.stage,
                f.message_title, f.message_body, f.message_link, $4
           FROM fired f CROSS JOIN LATERAL jsonb_array_elements(f.recipients) AS e
          WHERE f.inboxed AND (e ->> 'kind' = 'role' OR coalesce(e ->> 'username', '') <> '')
         RETURNING id, recipient_kind, recipient_username, recipient_role, recipient_region_code),
       counts AS (
         SELECT (SELECT count(*) FROM due)::int AS locked, (SELECT count(*) FROM cancelled)::int AS cancelled,
                (SELECT count(*) FROM claimed)::int AS claimed, (SELECT count(*) FROM fired)::int AS fired,
                (SELECT json_agg(json_build_array(id, recipient_kind, recipient_username, recipient_role,
                                                  recipient_region_code))
                   FROM inbox) AS inbox)
       SELECT counts.locked, counts.cancelled, counts.claimed, counts.fired,
              CASE WHEN sent.n IS NULL OR sent.n = 1 THEN counts.inbox END AS inbox, sent.*
         FROM counts
         LEFT JOIN (SELECT row_number() OVER () AS n, reminder_id, reminder_version, stage, recipients, message_title,
                           message_body, message_link, inboxed, id, subject_type, subject_id, title, project_id,
                           project_name, region_code, region_name, due_date,
                           extract(epoch FROM due_at)::float8 * 1000 AS due_ms, time_zone
                      FROM fired
                     WHERE NOT inboxed OR stage LIKE $6
                        OR EXISTS (SELECT 1 FROM jsonb_array_elements(recipients) AS e
                                     JOIN notifications.contact_channel c
                                       ON c.addressee_key = ${recipientKeyOf('e')} AND c.enabled)) sent ON true`,
      [at, [...heldSources], limit, sentAt, options.inbox, `${OVERDUE_STAGE_PREFIX}%`],
    );
    const claimed: ClaimedReminder[] = [];
    for (const row of rows) {
      if (row.reminder_id === null) continue;
      claimed.push({
        reminder: {
          id: row.reminder_id,
          deadlineId: row.id,
          version: row.reminder_version,
          stage: row.stage,
          // Every claimed row's instant is `at` (the statement picks no other): not read back, not parsed.
          fireAt: at,
          recipients: row.recipients,
          state: 'sent',
          sentAt,
        },
        deadline: toFiringDeadline(row),
        message:
          row.message_title === null || row.message_body === null
            ? null
            : { title: row.message_title, body: row.message_body, link: row.message_link },
        inboxed: row.inboxed,
      });
    }
    const first = rows[0];
    const count = first?.claimed ?? 0;
    if (count !== (first?.fired ?? 0) || (!options.inbox && claimed.length !== count)) {
      // Cannot happen while the locks hold (see above); if it ever did, roll the chunk back rather than
      // deliver what was not claimed or claim what is not delivered.
      throw new Error(`Claimed ${count} reminder(s) due at ${at.toISOString()} but read ${first?.fired ?? 0}`);
    }
    const inboxed: WrittenInboxRow[] = (first?.inbox ?? []).map(
      ([notificationId, kind, username, role, regionCode]) => ({
        notificationId,
        addressee:
          kind === 'user'
            ? { kind, username: username as string }
            : { kind, role: role as Role, regionCode: regionCode as string },
        createdAt: sentAt,
      }),
    );
    return { locked: first?.locked ?? 0, cancelled: first?.cancelled ?? 0, claimed, sent: count, inboxed };
  }

  /** The reminders still planned at exactly `at`, up to `limit` (the fallback fires them one by one). */
  async plannedAt(tx: Tx, at: Date, limit: number): Promise<TimerRef[]> {
    const rows: ReminderRecord[] = await tx.query(
      `SELECT id, version, fire_at FROM notifications.reminder WHERE state = 'planned' AND fire_at = $1 ORDER BY id LIMIT $2`,
      [at, limit],
    );
    return rows.map((row) => ({ id: row.id, version: row.version, fireAt: row.fire_at }));
  }

  /** How many reminders are still planned at exactly `at`, all and those of `sources`. */
  async countPlannedAt(tx: Tx, at: Date, sources: readonly string[]): Promise<{ all: number; ofSources: number }> {
    const [row]: { all: number; of_sources: number }[] = await tx.query(
      `SELECT count(*)::int AS all, (count(*) FILTER (WHERE d.source = ANY($2::text[])))::int AS of_sources
         FROM notifications.reminder r JOIN notifications.deadline d ON d.id = r.deadline_id
        WHERE r.state = 'planned' AND r.fire_at = $1`,
      [at, [...sources]],
    );
    return { all: row?.all ?? 0, ofSources: row?.of_sources ?? 0 };
  }

  /** The distinct instants of planned rows due before `before` (missed timers), oldest first. */
  async plannedDueInstants(tx: Tx, before: Date, limit: number): Promise<Date[]> {
    const rows: { fire_at: Date }[] = await tx.query(
      `SELECT DISTINCT fire_at FROM notifications.reminder WHERE state = 'planned' AND fire_at <= $1
       ORDER BY fire_at LIMIT $2`,
      [before, limit],
    );
    return rows.map((row) => new Date(row.fire_at));
  }

  /** The instants of planned rows falling due in (from, to]: the timers that should be armed in Redis. */
  async plannedInstantsBetween(tx: Tx, from: Date, to: Date): Promise<Date[]> {
    const rows: { fire_at: Date }[] = await tx.query(
      `SELECT DISTINCT fire_at FROM notifications.reminder WHERE state = 'planned' AND fire_at > $1 AND fire_at <= $2
       ORDER BY fire_at`,
      [from, to],
    );
    return rows.map((row) => new Date(row.fire_at));
  }
}

function factValues(facts: DeadlineFacts): unknown[] {
  return [
    facts.subjectType,
    facts.subjectId,
    facts.title,
    facts.programmeId,
    facts.projectId,
    facts.projectName,
    facts.regionCode,
    facts.regionName,
    facts.cityRegionCode,
    facts.dueDate,
    facts.dueAt,
    JSON.stringify(facts.responsible),
    facts.countyLeader ? JSON.stringify(facts.countyLeader) : null,
    facts.cityOfficer ? JSON.stringify(facts.cityOfficer) : null,
    JSON.stringify(facts.policy),
    facts.plan ? JSON.stringify(facts.plan) : null,
    facts.history,
    facts.status,
  ];
}

function toDeadline(row: DeadlineRecord): StoredDeadline {
  return {
    id: row.id,
    source: row.source,
    sourceId: row.source_id,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    title: row.title,
    programmeId: row.programme_id,
    projectId: row.project_id,
    projectName: row.project_name,
    regionCode: row.region_code,
    regionName: row.region_name,
    cityRegionCode: row.city_region_code,
    dueDate: row.due_date ? parseLocalDate(row.due_date) : null,
    dueAt: new Date(row.due_at),
    responsible: row.responsible,
    countyLeader: row.county_leader,
    cityOfficer: row.city_officer,
    policy: row.policy,
    plan: row.plan,
    history: row.history,
    status: row.status,
    planVersion: row.plan_version,
    lastEventId: row.last_event_id,
    assumedCalendarYears: row.assumed_calendar_years ?? [],
  };
}

function toReminder(row: ReminderRecord): ReminderRow {
  return {
    id: row.id,
    deadlineId: row.deadline_id,
    version: row.version,
    stage: row.stage,
    fireAt: new Date(row.fire_at),
    recipients: row.recipients,
    state: row.state,
    sentAt: row.sent_at ? new Date(row.sent_at) : null,
  };
}

/** What of a deadline a firing reads (`FiringDeadline`), as the statements name it: instants in epoch ms. */
interface FiringDeadlineRecord {
  id: string;
  subject_type: string;
  subject_id: string;
  title: string;
  project_id: string;
  project_name: string | null;
  region_code: string;
  region_name: string;
  due_date: string | null;
  due_ms: number;
  time_zone: string;
}

function toFiringDeadline(row: FiringDeadlineRecord): FiringDeadline {
  return {
    id: row.id,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    title: row.title,
    projectId: row.project_id,
    projectName: row.project_name,
    regionCode: row.region_code,
    regionName: row.region_name,
    dueDate: row.due_date ? parseLocalDate(row.due_date) : null,
    dueAt: new Date(row.due_ms),
    policy: { timeZone: row.time_zone },
  };
}

/**
 * `recipientKey` (recipient.rules) of the recipient JSON `e`, in SQL: an instant's firing writes in-app rows and
 * finds contact channels by it without the recipients coming to node. The firing's spec holds the two to the same
 * keys.
 */
function recipientKeyOf(e: string): string {
  return `CASE WHEN ${e} ->> 'kind' = 'role' THEN 'role:' || (${e} ->> 'role') || '@' || (${e} ->> 'regionCode')
               WHEN coalesce(${e} ->> 'username', '') <> '' THEN 'user:' || (${e} ->> 'username')
               WHEN coalesce(${e} ->> 'officerId', '') <> '' THEN 'officer:' || (${e} ->> 'officerId')
               ELSE 'name:' || (${e} ->> 'name') END`;
}

/** A fired reminder's in-app source key in SQL (of `fired f`): what `reminderSourceKey` makes in node. */
const REMINDER_SOURCE_KEY_OF_FIRED = `'reminder:' || f.id || ':v' || f.reminder_version || ':' || f.stage`;

/**
 * The words of the stages a plan's statement inserted (those it skipped as already there keep theirs), as a CTE
 * after `s` (the stages, with their `title`, `body` and `link`, null for a stage without words) and `inserted`.
 */
const WORDS_OF_INSERTED = `worded AS (
         INSERT INTO notifications.reminder_message (reminder_id, title, body, link)
         SELECT s.id, s.title, s.body, s.link FROM s JOIN inserted ON inserted.id = s.id WHERE s.title IS NOT NULL)`;

/** A Postgres array literal of values that never need quoting: uuids as Postgres or uuidv7 writes them, integers. */
function plainArray(values: readonly (string | number)[]): string {
  return `{${values.join(',')}}`;
}

/** A Postgres array literal of texts, each quoted (a null is NULL). */
function textArray(values: readonly (string | null)[]): string {
  return `{${values.map((value) => (value === null ? 'NULL' : `"${value.replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;
}

/** A Postgres array literal of instants, in ISO 8601 UTC to the millisecond (a null is NULL). */
function instantArray(values: readonly (Date | null)[]): string {
  return `{${values.map((value) => (value === null ? 'NULL' : value.toISOString())).join(',')}}`;
}
