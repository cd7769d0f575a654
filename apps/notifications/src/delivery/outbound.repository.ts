import { modifiedRows, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import type { ContactChannelKind, OutboundState, WebhookFormat } from '@duban/contracts';
import { v7 as uuidv7 } from 'uuid';
import { DELIVERY_SUBJECT } from './delivery-log.repository';

/** A timer for one attempt of one outbound message. */
export interface OutboundTimer {
  readonly id: string;
  readonly attempt: number;
  readonly at: Date;
}

export interface OutboundRow {
  readonly id: string;
  readonly channel: ContactChannelKind;
  readonly format: WebhookFormat;
  readonly target: string;
  readonly fireAt: Date;
  readonly state: OutboundState;
  readonly attempts: number;
  readonly nextAttemptAt: Date | null;
}

/** One reminder a message carries to one recipient. */
export interface OutboundDeliveryRecord {
  /** The recipient's key, such as `user:linxian` or `role:city_officer@141100`. */
  readonly recipient: string;
  readonly subjectType: string;
  readonly subjectId: string;
  /** The region of the reminder's deadline. */
  readonly regionCode: string;
  readonly stage: string;
  readonly title: string;
}

/** A message with what it carries (its deliveries) and its attempts, for the deliveries route. */
export interface OutboundMessageRecord extends OutboundRow {
  readonly lastError: string | null;
  readonly sentAt: Date | null;
  /** Every delivery joined to it, by due instant: the route shows each only where its region is in scope. */
  readonly deliveries: OutboundDeliveryRecord[];
  readonly attemptLog: {
    readonly attempt: number;
    readonly startedAt: Date;
    readonly finishedAt: Date | null;
    readonly outcome: 'sent' | 'error' | null;
    readonly error: string | null;
  }[];
}

interface OutboundRecord {
  id: string;
  channel: ContactChannelKind;
  format: WebhookFormat;
  target: string;
  fire_at: Date;
  state: OutboundState;
  attempts: number;
  next_attempt_at: Date | null;
  last_error: string | null;
  sent_at: Date | null;
}

/**
 * E-mail and webhook messages and their attempts: the outbox of the external channels. A message is a
 * digest of the deliveries (delivery log rows) linked to it; it gathers while `pending`, and its first
 * attempt closes it (`sending`), so a reminder firing later starts a new one.
 */
/** The longest a digest waits after its instant for reminders still being fired. */
const MAX_GATHER_SECONDS = 300;

@Injectable()
export class OutboundRepository {
  /**
   * The gathering message of this destination and instant, created if none is gathering: the delivery joins
   * it (see `DeliveryLogRepository.joinOutbound`). Each joining delivery pushes the first attempt to its own
   * `firstAttemptAt` (the gather window restarts), so a burst that takes longer to fire than the window still
   * makes one digest; the push stops at MAX_GATHER_SECONDS after the instant, so a digest is never held back
   * for long. The upsert holds that message's row lock until the firing commits, so the first attempt (which
   * takes the same lock to close it) always sees every delivery that joined.
   */
  async gather(
    tx: Tx,
    destination: { channel: ContactChannelKind; format: WebhookFormat; target: string },
    fireAt: Date,
    firstAttemptAt: Date,
    at: Date,
  ): Promise<OutboundTimer> {
    const [row]: { id: string; next_attempt_at: Date }[] = await tx.query(
      `INSERT INTO notifications.outbound_message (id, channel, format, target, fire_at, state, next_attempt_at, created_at)
       VALUES ($1, $2, $3, $4, $5, 'pending', $6, $8)
       ON CONFLICT (channel, format, target, fire_at) WHERE state = 'pending'
         DO UPDATE SET next_attempt_at = LEAST(
           GREATEST(outbound_message.next_attempt_at, EXCLUDED.next_attempt_at),
           outbound_message.fire_at + make_interval(secs => $7)
         )
       RETURNING id, next_attempt_at`,
      [
        uuidv7(),
        destination.channel,
        destination.format,
        destination.target,
        fireAt,
        firstAttemptAt,
        MAX_GATHER_SECONDS,
        at,
      ],
    );
    if (!row) throw new Error('outbound message upsert returned nothing');
    return { id: row.id, attempt: 1, at: new Date(row.next_attempt_at) };
  }

  async find(tx: Tx, id: string): Promise<OutboundRow | null> {
    const rows: OutboundRecord[] = await tx.query(`SELECT * FROM notifications.outbound_message WHERE id = $1`, [id]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  /**
   * Claims attempt `attempt` if it is due and nobody claimed it: one statement, so of two workers (or a
   * worker and the reconciler) exactly one wins. Waits for firings still joining the message.
   */
  async claim(tx: Tx, id: string, attempt: number, now: Date, leaseUntil: Date): Promise<OutboundRow | null> {
    const rows = await modifiedRows<OutboundRecord>(
      tx,
      `UPDATE notifications.outbound_message SET state = 'sending', attempts = attempts + 1, lease_until = $4, next_attempt_at = NULL
        WHERE id = $1 AND attempts = $2 - 1 AND state IN ('pending', 'retrying') AND next_attempt_at <= $3
        RETURNING *`,
      [id, attempt, now, leaseUntil],
    );
    if (!rows[0]) return null;
    await tx.query(
      `INSERT INTO notifications.delivery_attempt (outbound_id, attempt, started_at) VALUES ($1, $2, $3)`,
      [id, attempt, now],
    );
    return toRow(rows[0]);
  }

  /** Records the attempt's outcome; `next` is the next attempt's instant, or null for the final state. */
  async finish(
    tx: Tx,
    id: string,
    attempt: number,
    outcome: { state: 'sent' | 'retrying' | 'failed' | 'cancelled'; error: string | null; next: Date | null },
    now: Date,
  ): Promise<boolean> {
    const rows = await modifiedRows<{ id: string }>(
      tx,
      `UPDATE notifications.outbound_message
          SET state = $3, last_error = $4, next_attempt_at = $5, lease_until = NULL,
              sent_at = CASE WHEN $3 = 'sent' THEN $6::timestamptz ELSE sent_at END
        WHERE id = $1 AND attempts = $2 AND state = 'sending' RETURNING id`,
      [id, attempt, outcome.state, outcome.error, outcome.next, now],
    );
    await tx.query(
      `UPDATE notifications.delivery_attempt SET finished_at = $3, outcome = $4, error = $5
        WHERE outbound_id = $1 AND attempt = $2 AND finished_at IS NULL`,
      [id, attempt, now, outcome.state === 'sent' || outcome.state === 'cancelled' ? 'sent' : 'error', outcome.error],
    );
    return rows.length > 0;
  }

  /**
   * Attempts whose process died mid-call (lease expired): the outcome is unknown, so they count as failed
   * attempts and are retried (at least once: an SMTP server or a webhook cannot be asked whether it got it).
   */
  async recoverExpired(tx: Tx, now: Date, maxAttempts: number): Promise<OutboundTimer[]> {
    const error = 'interrupted: the sending process stopped before the outcome was known';
    const rows = await modifiedRows<{ id: string; attempts: number; state: OutboundState }>(
      tx,
      `UPDATE notifications.outbound_message
          SET state = CASE WHEN attempts >= $2 THEN 'failed' ELSE 'retrying' END,
              next_attempt_at = CASE WHEN attempts >= $2 THEN NULL ELSE $1::timestamptz END,
              lease_until = NULL, last_error = $3
        WHERE state = 'sending' AND lease_until < $1 RETURNING id, attempts, state`,
      [now, maxAttempts, error],
    );
    for (const row of rows) {
      await tx.query(
        `UPDATE notifications.delivery_attempt SET finished_at = $3, outcome = 'error', error = $4
          WHERE outbound_id = $1 AND attempt = $2 AND finished_at IS NULL`,
        [row.id, row.attempts, now, error],
      );
    }
    return rows
      .filter((row) => row.state === 'retrying')
      .map((row) => ({ id: row.id, attempt: row.attempts + 1, at: now }));
  }

  /** Open attempts due at or before `before` (missed timers). */
  async due(tx: Tx, before: Date, limit: number): Promise<OutboundTimer[]> {
    return this.timers(tx, `next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT $2`, [before, limit]);
  }

  /** Open attempts due in (from, to]: the timers that should be armed. */
  async between(tx: Tx, from: Date, to: Date): Promise<OutboundTimer[]> {
    return this.timers(tx, `next_attempt_at > $1 AND next_attempt_at <= $2 ORDER BY next_attempt_at`, [from, to]);
  }

  private async timers(tx: Tx, where: string, parameters: unknown[]): Promise<OutboundTimer[]> {
    const rows: { id: string; attempts: number; next_attempt_at: Date }[] = await tx.query(
      `SELECT id, attempts, next_attempt_at FROM notifications.outbound_message
        WHERE state IN ('pending', 'retrying') AND ${where}`,
      parameters,
    );
    return rows.map((row) => ({ id: row.id, attempt: row.attempts + 1, at: new Date(row.next_attempt_at) }));
  }

  /**
   * Messages for the deliveries route, newest first, each with what it carries and its attempts;
   * `regionCodes` keeps those carrying an item of a deadline in one of those regions.
   */
  async list(
    tx: Tx,
    filter: { state: OutboundState | null; regionCodes: readonly string[]; limit: number },
  ): Promise<OutboundMessageRecord[]> {
    const rows: (OutboundRecord & {
      deliveries: OutboundDeliveryRecord[];
      attempt_log: {
        attempt: number;
        startedAt: string;
        finishedAt: string | null;
        outcome: 'sent' | 'error' | null;
        error: string | null;
      }[];
    })[] = await tx.query(
      `SELECT o.*,
           (SELECT coalesce(json_agg(json_build_object('recipient', d.recipient,
                     'subjectType', coalesce(dl.subject_type, n.subject_type),
                     'subjectId', coalesce(dl.subject_id, n.subject_id),
                     'regionCode', coalesce(dl.region_code, n.region_code), 'stage', d.stage, 'title', d.title)
                     ORDER BY coalesce(dl.due_at, n.created_at), d.id), '[]')
              FROM ${DELIVERY_SUBJECT} WHERE d.outbound_id = o.id) AS deliveries,
           (SELECT coalesce(json_agg(json_build_object('attempt', a.attempt, 'startedAt', a.started_at,
                     'finishedAt', a.finished_at, 'outcome', a.outcome, 'error', a.error) ORDER BY a.attempt), '[]')
              FROM notifications.delivery_attempt a WHERE a.outbound_id = o.id) AS attempt_log
          FROM notifications.outbound_message o
         WHERE ($1::text IS NULL OR o.state = $1)
           AND EXISTS (SELECT 1 FROM ${DELIVERY_SUBJECT}
                        WHERE d.outbound_id = o.id AND coalesce(dl.region_code, n.region_code) = ANY($2::text[]))
         ORDER BY o.created_at DESC, o.id DESC LIMIT $3`,
      [filter.state, filter.regionCodes, filter.limit],
    );
    return rows.map((row) => ({
      ...toRow(row),
      lastError: row.last_error,
      sentAt: row.sent_at ? new Date(row.sent_at) : null,
      deliveries: row.deliveries,
      attemptLog: row.attempt_log.map((entry) => ({
        attempt: entry.attempt,
        startedAt: new Date(entry.startedAt),
        finishedAt: entry.finishedAt ? new Date(entry.finishedAt) : null,
        outcome: entry.outcome,
        error: entry.error,
      })),
    }));
  }
}

function toRow(row: OutboundRecord): OutboundRow {
  return {
    id: row.id,
    channel: row.channel,
    format: row.format,
    target: row.target,
    fireAt: new Date(row.fire_at),
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at ? new Date(row.next_attempt_at) : null,
  };
}
