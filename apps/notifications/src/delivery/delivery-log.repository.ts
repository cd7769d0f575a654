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
 * reconciler) gets no second row, so it delivers nothing twice. It logs the external channels (e-mail,
 * webhooks, SMS); an in-app delivery is its in-app row (`notification`), whose own unique key (source,
 * recipient) guards it the same way. Rows of channel `inbox` are from before (issue 17, G2): read, never
 * written.
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
   * order of sending. Read for 超时倒查 (the reminders an overrun had been given). The in-app deliveries are
   * the in-app rows of the reminder's source key (`reminder:<deadline>:v<version>:<stage>`, unique per
   * reminder row), found on their key's index; the others (and in-app ones from before) are in the log.
   */
  async sentAbout(tx: Tx, source: string, sourceIds: readonly string[]): Promise<SentAbout[]> {
    if (sourceIds.length === 0) return [];
    return tx.query(
      `WITH sent AS (
         SELECT d.reminder_id, d.created_at, d.channel
           FROM notifications.deadline dl JOIN notifications.delivery d ON d.deadline_id = dl.id
          WHERE dl.source = $1 AND dl.source_id = ANY($2::text[]) AND d.reminder_id IS NOT NULL
         UNION ALL
         SELECT r.id, n.created_at, 'inbox'
           FROM notifications.deadline dl JOIN notifications.reminder r ON r.deadline_id = dl.id AND r.state = 'sent'
           JOIN notifications.notification n
             ON n.source_key = 'reminder:' || dl.id || ':v' || r.version || ':' || r.stage
          WHERE dl.source = $1 AND dl.source_id = ANY($2::text[]))
       SELECT dl.source_id AS "sourceId", dl.region_code AS "regionCode", dl.city_region_code AS "cityRegionCode",
              r.stage, min(s.created_at) AS "sentAt", r.recipients,
              array_agg(DISTINCT s.channel ORDER BY s.channel) AS channels
         FROM sent s
         JOIN notifications.reminder r ON r.id = s.reminder_id
         JOIN notifications.deadline dl ON dl.id = r.deadline_id
        GROUP BY dl.id, r.id
        ORDER BY dl.source_id, min(s.created_at), r.stage`,
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
