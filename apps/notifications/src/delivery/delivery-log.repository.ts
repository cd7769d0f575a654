import { Injectable } from '@nestjs/common';
import type { Tx } from '@duban/platform';
import type { Recipient } from '../recipients/recipient.rules';
import type { DigestItem } from './digest.rules';

/** One delivery to log: a reminder stage, to one recipient, on one channel and endpoint. */
export interface NewDelivery {
  readonly deadlineId: string;
  readonly planVersion: number;
  readonly stage: string;
  /** The recipient's key (`recipientKey`). */
  readonly recipient: string;
  readonly channel: string;
  readonly endpoint: string;
  readonly reminderId: string;
  readonly title: string;
  readonly body: string;
  readonly link: string | null;
  readonly createdAt: Date;
}

/** One delivery of a notice to log: to one recipient, on one channel and endpoint. */
export interface NewNoticeDelivery {
  readonly noticeId: string;
  readonly stage: string;
  readonly recipient: string;
  readonly channel: string;
  readonly endpoint: string;
  readonly title: string;
  readonly body: string;
  readonly link: string | null;
  readonly createdAt: Date;
}

/** One fired reminder's in-app part, for `insertInboxReminders`. */
export interface InboxReminder {
  readonly deadlineId: string;
  readonly planVersion: number;
  readonly stage: string;
  readonly reminderId: string;
  /** Everyone it goes to; those without an inbox are left out by the statement. */
  readonly recipients: readonly Recipient[];
  readonly title: string;
  readonly body: string;
  readonly link: string | null;
  readonly createdAt: Date;
}

/** An in-app row `insertInboxReminders` wrote: its id, and whom it is for (its instant is its reminder's `createdAt`). */
export interface WrittenInboxRow {
  readonly notificationId: string;
  readonly kind: 'user' | 'role';
  readonly username: string | null;
  readonly role: string | null;
  readonly regionCode: string | null;
}

/** A notice's delivery the log took: its id, and its unique key. */
export interface LoggedNoticeDelivery {
  readonly id: string;
  readonly noticeId: string;
  readonly recipient: string;
  readonly channel: string;
  readonly endpoint: string;
}

/**
 * What a delivery row is about, for the items of a message: the deadline (a reminder) or the notice. The
 * notice's columns stand in for the deadline's.
 */
export const DELIVERY_SUBJECT = `notifications.delivery d
  LEFT JOIN notifications.deadline dl ON dl.id = d.deadline_id
  LEFT JOIN notifications.notice n ON n.id = d.notice_id`;

/** Up to this many reminders, `insertInboxReminders` stays below Postgres's JIT threshold by itself. */
const JIT_FREE_UP_TO = 50;

/** A delivery the log took: its id, and its unique key. */
export interface LoggedDelivery {
  readonly id: string;
  readonly deadlineId: string;
  readonly planVersion: number;
  readonly stage: string;
  readonly recipient: string;
  readonly channel: string;
  readonly endpoint: string;
}

/**
 * The delivery log (`delivery`), its only writer. Its unique key (deadline, plan version, stage, recipient,
 * channel, endpoint) is DESIGN rule 5: whatever fires a reminder twice (a retried job, two workers, the
 * reconciler) gets no second row, so it delivers nothing twice.
 */
@Injectable()
export class DeliveryLogRepository {
  /**
   * Logs a firing batch's deliveries in one statement; returns those never logged before (a delivery made
   * before is left out, and must not be made again).
   */
  async insertNew(tx: Tx, deliveries: readonly NewDelivery[]): Promise<LoggedDelivery[]> {
    if (deliveries.length === 0) return [];
    const column = <T>(pick: (d: NewDelivery) => T): T[] => deliveries.map(pick);
    const rows: {
      id: string;
      deadline_id: string;
      plan_version: number;
      stage: string;
      recipient: string;
      channel: string;
      endpoint: string;
    }[] = await tx.query(
      `INSERT INTO notifications.delivery
         (deadline_id, plan_version, stage, recipient, channel, endpoint, reminder_id, title, body, link, created_at)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::uuid[],
                            $8::text[], $9::text[], $10::text[], $11::timestamptz[])
       ON CONFLICT (deadline_id, plan_version, stage, recipient, channel, endpoint) DO NOTHING
       RETURNING id, deadline_id, plan_version, stage, recipient, channel, endpoint`,
      [
        column((d) => d.deadlineId),
        column((d) => d.planVersion),
        column((d) => d.stage),
        column((d) => d.recipient),
        column((d) => d.channel),
        column((d) => d.endpoint),
        column((d) => d.reminderId),
        column((d) => d.title),
        column((d) => d.body),
        column((d) => d.link),
        column((d) => d.createdAt),
      ],
    );
    return rows.map((row) => ({
      id: String(row.id),
      deadlineId: row.deadline_id,
      planVersion: row.plan_version,
      stage: row.stage,
      recipient: row.recipient,
      channel: row.channel,
      endpoint: row.endpoint,
    }));
  }

  /**
   * The in-app part of a chunk of fired reminders, set-wise (issue 17, G2): one row per reminder goes in
   * (its recipients as JSON, its words; its subject is its deadline's), and one statement expands the recipients that have an inbox (a role,
   * or a person with an account), logs each delivery (channel `inbox`) and writes the in-app row of every
   * delivery the log took, linked to it. The delivery log's unique key is the guard, as for `insertNew`: a
   * delivery made before is left out, its in-app row too. The one place the in-app table is written beside
   * `InAppRepository`, so that the guard and the row are one statement; the caller (`InAppWriter.announce`)
   * tells the world. Returns the in-app rows written.
   */
  async insertInboxReminders(tx: Tx, reminders: readonly InboxReminder[]): Promise<WrittenInboxRow[]> {
    if (reminders.length === 0) return [];
    if (reminders.length > JIT_FREE_UP_TO) {
      // The planner guesses 100 recipients per reminder (any set-returning function's default) and prices the
      // statement past \`jit_above_cost\` from a few hundred reminders on: Postgres would then spend most of a
      // chunk's time compiling it (0.6–0.8 s of 1 s for 2,000 reminders, measured), to save microseconds.
      // For this transaction only (the chunk's).
      await tx.query(`SET LOCAL jit = off`);
    }
    const rows: WrittenInboxRow[] = await tx.query(
      // The chunk goes in as one JSON array (one JSON.stringify), not as nine arrays: node-pg escapes array
      // elements one by one in JavaScript, which was a fifth of a chunk's node time.
      `WITH src AS (
         SELECT s.*,
                CASE WHEN e.value ->> 'kind' = 'role' THEN 'role:' || (e.value ->> 'role') || '@' || (e.value ->> 'regionCode')
                     ELSE 'user:' || (e.value ->> 'username') END AS recipient_key
           FROM json_to_recordset($1::json)
                  AS s (deadline_id uuid, plan_version int, stage text, reminder_id uuid, recipients jsonb, title text,
                        body text, link text, created_at timestamptz)
           CROSS JOIN LATERAL jsonb_array_elements(s.recipients) AS e (value)
          WHERE e.value ->> 'kind' = 'role' OR e.value ->> 'username' IS NOT NULL),
       logged AS (
         INSERT INTO notifications.delivery
           (deadline_id, plan_version, stage, recipient, channel, endpoint, reminder_id, title, body, link, created_at,
            notification_id)
         SELECT deadline_id, plan_version, stage, recipient_key, 'inbox', '', reminder_id, title, body, link, created_at,
                -- A UUID version 7 (time-ordered, as uuidv7() in JavaScript) at the row's instant.
                encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) PLACING
                  substring(int8send((extract(epoch FROM created_at) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1),
                  'hex')::uuid
           FROM src
         ON CONFLICT (deadline_id, plan_version, stage, recipient, channel, endpoint) DO NOTHING
         RETURNING deadline_id, plan_version, stage, recipient, title, body, link, created_at, notification_id)
       -- What the in-app row needs beyond the log's row comes from the deadline (as the message's subject
       -- does); the source key is the message's (reminder:<deadline>:v<version>:<stage>).
       INSERT INTO notifications.notification
         (id, recipient_key, recipient_kind, recipient_username, recipient_role, recipient_region_code, source_key,
          subject_type, subject_id, project_id, region_code, stage, title, body, link, created_at)
       SELECT l.notification_id, l.recipient, split_part(l.recipient, ':', 1),
              CASE WHEN l.recipient LIKE 'user:%' THEN substr(l.recipient, 6) END,
              CASE WHEN l.recipient LIKE 'role:%' THEN split_part(substr(l.recipient, 6), '@', 1) END,
              CASE WHEN l.recipient LIKE 'role:%' THEN split_part(substr(l.recipient, 6), '@', 2) END,
              'reminder:' || l.deadline_id || ':v' || l.plan_version || ':' || l.stage,
              d.subject_type, d.subject_id, d.project_id, d.region_code, l.stage, l.title, l.body, l.link, l.created_at
         FROM logged l
         -- By primary key, row by row (OFFSET 0 keeps the planner from hashing the whole deadline table).
         CROSS JOIN LATERAL (SELECT subject_type, subject_id, project_id, region_code FROM notifications.deadline
                              WHERE id = l.deadline_id OFFSET 0) d
       RETURNING id AS "notificationId", recipient_kind AS kind, recipient_username AS username, recipient_role AS role,
                 recipient_region_code AS "regionCode"`,
      [
        JSON.stringify(
          reminders.map((r) => ({
            deadline_id: r.deadlineId,
            plan_version: r.planVersion,
            stage: r.stage,
            reminder_id: r.reminderId,
            recipients: r.recipients,
            title: r.title,
            body: r.body,
            link: r.link,
            created_at: r.createdAt,
          })),
        ),
      ],
    );
    return rows;
  }

  /**
   * Logs a notice's deliveries in one statement; returns those never logged before (once per notice,
   * recipient, channel and endpoint, whatever redelivers the event).
   */
  async insertNewNotices(tx: Tx, deliveries: readonly NewNoticeDelivery[]): Promise<LoggedNoticeDelivery[]> {
    if (deliveries.length === 0) return [];
    const column = <T>(pick: (d: NewNoticeDelivery) => T): T[] => deliveries.map(pick);
    const rows: { id: string; notice_id: string; recipient: string; channel: string; endpoint: string }[] =
      await tx.query(
        `INSERT INTO notifications.delivery (notice_id, stage, recipient, channel, endpoint, title, body, link, created_at)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                              $8::text[], $9::timestamptz[])
         ON CONFLICT (notice_id, recipient, channel, endpoint) WHERE notice_id IS NOT NULL DO NOTHING
         RETURNING id, notice_id, recipient, channel, endpoint`,
        [
          column((d) => d.noticeId),
          column((d) => d.stage),
          column((d) => d.recipient),
          column((d) => d.channel),
          column((d) => d.endpoint),
          column((d) => d.title),
          column((d) => d.body),
          column((d) => d.link),
          column((d) => d.createdAt),
        ],
      );
    return rows.map((row) => ({
      id: String(row.id),
      noticeId: row.notice_id,
      recipient: row.recipient,
      channel: row.channel,
      endpoint: row.endpoint,
    }));
  }

  /** Records which in-app notification each delivery wrote. */
  async linkNotifications(tx: Tx, links: readonly { deliveryId: string; notificationId: string }[]): Promise<void> {
    if (links.length === 0) return;
    await tx.query(
      `UPDATE notifications.delivery d SET notification_id = l.notification_id
         FROM unnest($1::bigint[], $2::uuid[]) AS l (id, notification_id) WHERE d.id = l.id`,
      [links.map((l) => l.deliveryId), links.map((l) => l.notificationId)],
    );
  }

  /** Records which e-mail or webhook message (digest) carries the delivery. */
  async joinOutbound(tx: Tx, deliveryId: string, outboundId: string): Promise<void> {
    await tx.query(`UPDATE notifications.delivery SET outbound_id = $2 WHERE id = $1`, [deliveryId, outboundId]);
  }

  /**
   * What a message carries that still stands: every notice, and reminders whose deadline is open, on the
   * same plan or on a later one that keeps the stage at the same instant (a re-plan that did not move it).
   * The later plan does not deliver that stage again (it was delivered: the delivery log holds it), so the
   * message is its one way out.
   */
  async itemsOfOutbound(
    tx: Tx,
    outboundId: string,
  ): Promise<{ items: DigestItem[]; recipients: string[]; dropped: number }> {
    const rows: {
      deadline_id: string;
      stage: string;
      recipient: string;
      title: string;
      body: string;
      link: string | null;
      subject_type: string;
      subject_id: string;
      project_id: string | null;
      region_code: string;
      live: boolean;
    }[] = await tx.query(
      `SELECT coalesce(d.deadline_id::text, 'notice:' || d.notice_id) AS deadline_id, d.stage, d.recipient, d.title,
              d.body, d.link, coalesce(dl.subject_type, n.subject_type) AS subject_type,
              coalesce(dl.subject_id, n.subject_id) AS subject_id, coalesce(dl.project_id, n.project_id) AS project_id,
              coalesce(dl.region_code, n.region_code) AS region_code,
              (d.notice_id IS NOT NULL OR (dl.status = 'open' AND (dl.plan_version = d.plan_version OR EXISTS (
                SELECT 1 FROM notifications.reminder now_planned JOIN notifications.reminder fired ON fired.id = d.reminder_id
                 WHERE now_planned.deadline_id = dl.id AND now_planned.version = dl.plan_version
                   AND now_planned.stage = d.stage AND now_planned.fire_at = fired.fire_at)))) AS live
         FROM ${DELIVERY_SUBJECT}
        WHERE d.outbound_id = $1
        ORDER BY coalesce(dl.due_at, n.created_at), coalesce(dl.region_code, n.region_code), d.id`,
      [outboundId],
    );
    const live = rows.filter((row) => row.live);
    return {
      items: live.map((row) => ({
        deadlineId: row.deadline_id,
        stage: row.stage,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        projectId: row.project_id,
        regionCode: row.region_code,
        title: row.title,
        body: row.body,
        link: row.link,
      })),
      recipients: [...new Set(live.map((row) => row.recipient))],
      dropped: rows.length - live.length,
    };
  }

  /**
   * What went out about these subjects of a source (e.g. milestones of `projects`): one row per reminder row
   * that delivered anything, with its first delivery's instant, its addressees and the channels used, in
   * order of sending. Read for 超时倒查 (the reminders an overrun had been given).
   */
  async sentAbout(tx: Tx, source: string, sourceIds: readonly string[]): Promise<SentAbout[]> {
    if (sourceIds.length === 0) return [];
    return tx.query(
      `SELECT dl.source_id AS "sourceId", dl.region_code AS "regionCode", dl.city_region_code AS "cityRegionCode",
              r.stage, min(d.created_at) AS "sentAt", r.recipients,
              array_agg(DISTINCT d.channel ORDER BY d.channel) AS channels
         FROM notifications.deadline dl
         JOIN notifications.delivery d ON d.deadline_id = dl.id
         JOIN notifications.reminder r ON r.id = d.reminder_id
        WHERE dl.source = $1 AND dl.source_id = ANY($2::text[])
        GROUP BY dl.id, r.id
        ORDER BY dl.source_id, min(d.created_at), r.stage`,
      [source, [...sourceIds]],
    );
  }
}

/** One reminder row that went out, as `sentAbout` reads it. */
export interface SentAbout {
  readonly sourceId: string;
  readonly regionCode: string;
  readonly cityRegionCode: string | null;
  readonly stage: string;
  readonly sentAt: Date;
  readonly recipients: Recipient[];
  readonly channels: string[];
}
