import { Injectable } from '@nestjs/common';
import { Transactions, type Tx } from '@duban/platform';

/** The one owner of `gateway.calendar_feed_token`. */
@Injectable()
export class CalendarTokensRepository {
  constructor(private readonly transactions: Transactions) {}

  /** Sets the user's token (replacing any previous one: the old URL stops working at once). */
  async put(tx: Tx, userId: string, tokenHash: string, createdAt: Date): Promise<void> {
    await tx.query(
      `INSERT INTO gateway.calendar_feed_token (user_id, token_hash, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = EXCLUDED.created_at`,
      [userId, tokenHash, createdAt],
    );
  }

  /** Whether there was a token to remove. */
  async remove(tx: Tx, userId: string): Promise<boolean> {
    const [removed] = (await tx.query(
      `WITH removed AS (DELETE FROM gateway.calendar_feed_token WHERE user_id = $1 RETURNING user_id)
       SELECT count(*)::int AS count FROM removed`,
      [userId],
    )) as { count: number }[];
    return (removed?.count ?? 0) > 0;
  }

  async createdAtOf(userId: string): Promise<Date | null> {
    const rows = (await this.transactions.none.query(
      `SELECT created_at AS "createdAt" FROM gateway.calendar_feed_token WHERE user_id = $1`,
      [userId],
    )) as { createdAt: Date }[];
    return rows[0]?.createdAt ?? null;
  }

  async ownerOf(tokenHash: string): Promise<string | null> {
    const rows = (await this.transactions.none.query(
      `SELECT user_id AS "userId" FROM gateway.calendar_feed_token WHERE token_hash = $1`,
      [tokenHash],
    )) as { userId: string }[];
    return rows[0]?.userId ?? null;
  }
}
