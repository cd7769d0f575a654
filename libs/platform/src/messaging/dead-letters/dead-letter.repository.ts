import { Injectable } from '@nestjs/common';
import { PlatformConfig } from '../../config/platform-config';
import { quoteIdent } from '../../database/messaging-tables';
import { modifiedRows } from '../../database/modified-rows';
import type { Tx } from '../../database/transactions';

/** A row of the service's `dead_letter` table (written by EventConsumer). */
export interface DeadLetterRecord {
  readonly id: string;
  readonly consumer: string;
  readonly eventId: string | null;
  readonly eventType: string | null;
  readonly subject: string;
  readonly deliveries: number;
  readonly reason: string;
  readonly createdAt: Date;
  readonly replayedAt: Date | null;
  readonly replayedBy: string | null;
  /** Their 姓名或单位 then (the username for a replay from before names were kept). */
  readonly replayedByName: string | null;
}

/** The message as it was received, to put back on its stream. */
export interface DeadLetterPayload extends DeadLetterRecord {
  readonly payload: string;
}

const COLUMNS = `id::text AS id, consumer, event_id, event_type, subject, deliveries, reason, created_at, replayed_at,
                 replayed_by, COALESCE(replayed_by_name, replayed_by) AS replayed_by_name`;

/** The dead-letter table's one owner besides the consumer that fills it. */
@Injectable()
export class DeadLetterRepository {
  private readonly table: string;

  constructor(config: PlatformConfig) {
    this.table = `${quoteIdent(config.database.schema)}.dead_letter`;
  }

  async list(tx: Tx, filter: { limit: number; replayed?: boolean }): Promise<DeadLetterRecord[]> {
    const rows: Row[] = await tx.query(
      `SELECT ${COLUMNS} FROM ${this.table} d
        WHERE ($1::boolean IS NULL OR (d.replayed_at IS NOT NULL) = $1) ORDER BY d.id DESC LIMIT $2`,
      [filter.replayed ?? null, filter.limit],
    );
    return rows.map(record);
  }

  /** The dead letter, locked until the transaction ends (two replays at once: the second waits, then sees the first). */
  async lockForReplay(tx: Tx, id: string): Promise<DeadLetterPayload | null> {
    const [row]: (Row & { payload: string })[] = await tx.query(
      `SELECT ${COLUMNS}, payload FROM ${this.table} WHERE id = $1::bigint FOR UPDATE`,
      [id],
    );
    return row ? { ...record(row), payload: row.payload } : null;
  }

  async markReplayed(
    tx: Tx,
    id: string,
    replay: { at: Date; by: string; byName: string },
  ): Promise<DeadLetterRecord | null> {
    const [row] = await modifiedRows<Row>(
      tx,
      `UPDATE ${this.table} SET replayed_at = $2, replayed_by = $3, replayed_by_name = $4
        WHERE id = $1::bigint AND replayed_at IS NULL RETURNING ${COLUMNS}`,
      [id, replay.at, replay.by, replay.byName],
    );
    return row ? record(row) : null;
  }
}

interface Row {
  id: string;
  consumer: string;
  event_id: string | null;
  event_type: string | null;
  subject: string;
  deliveries: number;
  reason: string;
  created_at: Date;
  replayed_at: Date | null;
  replayed_by: string | null;
  replayed_by_name: string | null;
}

function record(row: Row): DeadLetterRecord {
  return {
    id: row.id,
    consumer: row.consumer,
    eventId: row.event_id,
    eventType: row.event_type,
    subject: row.subject,
    deliveries: row.deliveries,
    reason: row.reason,
    createdAt: row.created_at,
    replayedAt: row.replayed_at,
    replayedBy: row.replayed_by,
    replayedByName: row.replayed_by_name,
  };
}
