import { Injectable } from '@nestjs/common';
import { PlatformConfig } from '../config/platform-config';
import { quoteIdent } from './messaging-tables';
import { modifiedRows } from './modified-rows';
import type { Tx } from './transactions';

/** What the log knows of a key: nothing, a write committed whose answer is not stored yet, or the answer. */
export type LoggedRequest =
  | { readonly state: 'unknown' }
  | { readonly state: 'applied' }
  | { readonly state: 'answered'; readonly reply: unknown };

/**
 * The service's `request_log`: one row per request key whose write committed, with the answer once sent
 * (see RequestKeyContext). Its one owner.
 */
@Injectable()
export class RequestLogRepository {
  private readonly table: string;

  constructor(config: PlatformConfig) {
    this.table = `${quoteIdent(config.database.schema)}.request_log`;
  }

  /**
   * Records the key in the write's own transaction; false when it is taken. A concurrent transaction with
   * the same key waits here until the first commits (then false) or rolls back (then true).
   */
  async claim(tx: Tx, key: string, subject: string, at: Date): Promise<boolean> {
    const rows = await modifiedRows(
      tx,
      `INSERT INTO ${this.table} (key, subject, applied_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING RETURNING key`,
      [key, subject, at],
    );
    return rows.length === 1;
  }

  async find(tx: Tx, key: string): Promise<LoggedRequest> {
    const rows: { answered: boolean; reply: unknown }[] = await tx.query(
      `SELECT answered_at IS NOT NULL AS answered, reply FROM ${this.table} WHERE key = $1`,
      [key],
    );
    const row = rows[0];
    if (!row) return { state: 'unknown' };
    return row.answered ? { state: 'answered', reply: row.reply } : { state: 'applied' };
  }

  /** Stores the answer sent for the key (JSON; `null` for an answer without a body). */
  async answer(tx: Tx, key: string, reply: unknown, at: Date): Promise<void> {
    await tx.query(`UPDATE ${this.table} SET reply = $2::jsonb, answered_at = $3 WHERE key = $1`, [
      key,
      JSON.stringify(reply ?? null),
      at,
    ]);
  }
}
