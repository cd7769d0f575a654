import { Injectable } from '@nestjs/common';
import type { Actor, InboxAddressee } from '@duban/contracts';
import type { Tx } from '@duban/platform';
import { v7 as uuidv7 } from 'uuid';
import { inboxAddressee, recipientKey, type Recipient } from '../recipients/recipient.rules';

/** One in-app notification to write. */
export interface NewNotification {
  readonly recipient: Recipient;
  /** What this notification delivers (a reminder stage, a notice): unique per recipient. */
  readonly sourceKey: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly projectId: string | null;
  readonly regionCode: string | null;
  readonly stage: string;
  readonly title: string;
  readonly body: string;
  readonly link: string | null;
}

/**
 * One fired reminder's in-app part, for `insertReminders`: its message, to each of its recipients with an
 * inbox. The shape of the firing's own `ReminderToDeliver`, so a chunk is handed over as it is (no copy per
 * reminder: 100,000 of them at one instant).
 */
export interface InboxReminder {
  readonly message: Omit<NewNotification, 'recipient'>;
  /** Everyone it goes to; those without an inbox are left out by the statement. */
  readonly recipients: readonly Recipient[];
  /** The instant it fires at: the rows' `created_at`. */
  readonly at: Date;
}

/** An in-app row `insertReminders` wrote: its id, whose inbox it is in, and when. */
export interface WrittenInboxRow {
  readonly notificationId: string;
  readonly addressee: InboxAddressee;
  readonly createdAt: Date;
}

/**
 * The in-app table's columns in the order every insert writes them: `insertMany`, `insertReminders` and the
 * firing's claim (DeadlinesRepository.claimDueAt), which writes its rows in the same statement.
 */
export const NOTIFICATION_COLUMNS = `(id, recipient_key, recipient_kind, recipient_username, recipient_role,
  recipient_region_code, source_key, subject_type, subject_id, project_id, region_code, stage, title, body, link,
  created_at)`;

/** Up to this many reminders, `insertReminders` stays below Postgres's JIT threshold by itself. */
const JIT_FREE_UP_TO = 50;

/** A notification as one reader sees it: with their own read state. */
export interface NotificationRecord {
  readonly id: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly stage: string;
  readonly title: string;
  readonly body: string;
  readonly projectId: string | null;
  readonly regionCode: string | null;
  readonly link: string | null;
  readonly createdAt: Date;
  readonly readAt: Date | null;
}

interface NotificationRow {
  id: string;
  subject_type: string;
  subject_id: string;
  stage: string;
  title: string;
  body: string;
  project_id: string | null;
  region_code: string | null;
  link: string | null;
  created_at: Date;
  read_at: Date | null;
}

/**
 * What the actor may read: addressed to their username, or to their role in one of their regions. The same
 * rule as `isAddressedTo` in the contracts, which the gateway applies to live `inbox.delivered` events.
 */
const ADDRESSED_TO_ACTOR = `((n.recipient_kind = 'user' AND n.recipient_username = $1)
  OR (n.recipient_kind = 'role' AND n.recipient_role = $2 AND n.recipient_region_code = ANY($3::text[])))`;

/**
 * What the actor's inbox shows: what is addressed to them, once. A notice can reach a person both by name and
 * through their role (a 批示 goes to the responsible officer and to the county's officers): the copy addressed
 * to their role is then left out, so they read it once and mark it read once. An index probe on the
 * (source_key, recipient_key) key, so listing keeps its created_at order and limit.
 */
const SHOWN_TO_ACTOR = `${ADDRESSED_TO_ACTOR} AND NOT (n.recipient_kind = 'role' AND EXISTS (
  SELECT 1 FROM notifications.notification own
   WHERE own.source_key = n.source_key AND own.recipient_key = 'user:' || $1))`;

/** The `notification` and `notification_read` tables: the in-app inbox of every person and role. */
@Injectable()
export class InAppRepository {
  /**
   * Inserts notifications in one statement (one firing batch); returns each one's id, in order, or null
   * where that source already reached that recipient. Only `InAppWriter` calls it (it tells the world).
   */
  async insertMany(
    tx: Tx,
    notifications: readonly { notification: NewNotification; createdAt: Date }[],
  ): Promise<(string | null)[]> {
    if (notifications.length === 0) return [];
    const ids = notifications.map(() => uuidv7());
    const column = <T>(pick: (n: NewNotification) => T): T[] =>
      notifications.map(({ notification }) => pick(notification));
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO notifications.notification ${NOTIFICATION_COLUMNS}
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                            $8::text[], $9::text[], $10::uuid[], $11::text[], $12::text[], $13::text[], $14::text[],
                            $15::text[], $16::timestamptz[])
       ON CONFLICT (source_key, recipient_key) DO NOTHING RETURNING id`,
      [
        ids,
        column((n) => recipientKey(n.recipient)),
        column((n) => n.recipient.kind),
        column((n) => (n.recipient.kind === 'user' ? n.recipient.username : null)),
        column((n) => (n.recipient.kind === 'role' ? n.recipient.role : null)),
        column((n) => (n.recipient.kind === 'role' ? n.recipient.regionCode : null)),
        column((n) => n.sourceKey),
        column((n) => n.subjectType),
        column((n) => n.subjectId),
        column((n) => n.projectId),
        column((n) => n.regionCode),
        column((n) => n.stage),
        column((n) => n.title),
        column((n) => n.body),
        column((n) => n.link),
        notifications.map(({ createdAt }) => createdAt),
      ],
    );
    const written = new Set(rows.map((row) => row.id));
    return ids.map((id) => (written.has(id) ? id : null));
  }

  /**
   * The in-app part of a chunk of fired reminders, set-wise (issue 17, G2), in one statement: one in-app row
   * per reminder and recipient with an inbox (a role, or a person with an account). The row is its own
   * exactly-once guard: its key (source, recipient) lets no reminder stage reach a recipient twice, whatever
   * fires it again (a retried job, two workers, the reconciler), so a row written before is left out. Returns
   * the rows written. Only `InAppWriter` calls it (it tells the world).
   */
  async insertReminders(tx: Tx, reminders: readonly InboxReminder[]): Promise<WrittenInboxRow[]> {
    // Built in one pass without a wrapper object per row (the GC was a fifth of a large instant's node time):
    // the positional values, and beside them the ids and addressees, in the same order.
    const values: unknown[][] = [];
    const ids: string[] = [];
    const addressees: InboxAddressee[] = [];
    const createdAts: Date[] = [];
    // The instants the rows are created at, each once (a chunk has one): a row names its instant by position
    // here, rather than each of 5,000 rows carrying the same timestamp through JSON.
    const instants: Date[] = [];
    let instant = -1;
    for (const r of reminders) {
      const m = r.message;
      if (instant < 0 || instants[instant]?.getTime() !== r.at.getTime()) {
        instant = instants.findIndex((known) => known.getTime() === r.at.getTime());
        if (instant < 0) instant = instants.push(r.at) - 1;
      }
      for (const recipient of r.recipients) {
        const addressee = inboxAddressee(recipient);
        if (!addressee) continue;
        const notificationId = uuidv7();
        ids.push(notificationId);
        addressees.push(addressee);
        createdAts.push(r.at);
        values.push([
          notificationId,
          recipientKey(recipient),
          addressee.kind,
          addressee.kind === 'user' ? addressee.username : null,
          addressee.kind === 'role' ? addressee.role : null,
          addressee.kind === 'role' ? addressee.regionCode : null,
          m.sourceKey,
          m.subjectType,
          m.subjectId,
          m.projectId,
          m.regionCode,
          m.stage,
          m.title,
          m.body,
          m.link,
          instant + 1, // Postgres arrays count from 1
        ]);
      }
    }
    if (values.length === 0) return [];
    if (values.length > JIT_FREE_UP_TO) {
      // Priced by row count (the planner guesses 100 elements in a JSON array), the statement passes
      // `jit_above_cost` from a few hundred rows on: Postgres would then spend most of a chunk's time compiling
      // it (0.6–0.8 s of 1 s for 2,000 reminders, measured), to save microseconds. For this transaction only.
      await tx.query(`SET LOCAL jit = off`);
    }
    // The chunk goes in as one JSON array of positional arrays, one per row: one JSON.stringify in node (node-pg
    // escapes array parameters element by element in JavaScript), and in Postgres one jsonb parse with each
    // field read by position, half the CPU of reading named fields with json_to_recordset (measured: 2,000
    // rows in 200 ms rather than 400 ms on the loaded machine). Only the ids come back.
    const inserted: { id: string }[] = await tx.query(
      `INSERT INTO notifications.notification ${NOTIFICATION_COLUMNS}
       SELECT (e ->> 0)::uuid, e ->> 1, e ->> 2, e ->> 3, e ->> 4, e ->> 5, e ->> 6, e ->> 7, e ->> 8, (e ->> 9)::uuid,
              e ->> 10, e ->> 11, e ->> 12, e ->> 13, e ->> 14, ($2::timestamptz[])[(e ->> 15)::int]
         FROM jsonb_array_elements($1::jsonb) AS e
       ON CONFLICT (source_key, recipient_key) DO NOTHING
       RETURNING id`,
      [JSON.stringify(values), instants],
    );
    // Nothing was written before (the usual case): every row, without a set of the ids.
    const fresh = inserted.length === ids.length ? null : new Set(inserted.map((row) => row.id));
    const written: WrittenInboxRow[] = [];
    for (let i = 0; i < ids.length; i += 1) {
      const notificationId = ids[i] as string;
      if (fresh && !fresh.has(notificationId)) continue;
      written.push({ notificationId, addressee: addressees[i] as InboxAddressee, createdAt: createdAts[i] as Date });
    }
    return written;
  }

  async listFor(tx: Tx, actor: Actor, unreadOnly: boolean, limit: number): Promise<NotificationRecord[]> {
    const rows: NotificationRow[] = await tx.query(
      `SELECT n.*, r.read_at FROM notifications.notification n
         LEFT JOIN notifications.notification_read r ON r.notification_id = n.id AND r.username = $1
        WHERE ${SHOWN_TO_ACTOR} AND ($4::boolean IS FALSE OR r.read_at IS NULL)
        ORDER BY n.created_at DESC, n.id DESC LIMIT $5`,
      [actor.username, actor.role, actor.regionCodes, unreadOnly, limit],
    );
    return rows.map(toRecord);
  }

  async unreadCount(tx: Tx, actor: Actor): Promise<number> {
    const [row]: { n: number }[] = await tx.query(
      `SELECT count(*)::int AS n FROM notifications.notification n
         LEFT JOIN notifications.notification_read r ON r.notification_id = n.id AND r.username = $1
        WHERE ${SHOWN_TO_ACTOR} AND r.read_at IS NULL`,
      [actor.username, actor.role, actor.regionCodes],
    );
    return row?.n ?? 0;
  }

  async findFor(tx: Tx, actor: Actor, id: string): Promise<NotificationRecord | null> {
    const rows: NotificationRow[] = await tx.query(
      `SELECT n.*, r.read_at FROM notifications.notification n
         LEFT JOIN notifications.notification_read r ON r.notification_id = n.id AND r.username = $1
        WHERE ${ADDRESSED_TO_ACTOR} AND n.id = $4`,
      [actor.username, actor.role, actor.regionCodes, id],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Marks read for this person (read state is per notification and username); the first time counts. */
  async markRead(tx: Tx, id: string, username: string, at: Date): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO notifications.notification_read (notification_id, username, read_at) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING notification_id`,
      [id, username, at],
    );
    return rows.length > 0;
  }
}

function toRecord(row: NotificationRow): NotificationRecord {
  return {
    id: row.id,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    stage: row.stage,
    title: row.title,
    body: row.body,
    projectId: row.project_id,
    regionCode: row.region_code,
    link: row.link,
    createdAt: new Date(row.created_at),
    readAt: row.read_at ? new Date(row.read_at) : null,
  };
}
