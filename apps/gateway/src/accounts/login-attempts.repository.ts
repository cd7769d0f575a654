import { Injectable } from '@nestjs/common';
import { Transactions, type Tx } from '@duban/platform';
import type { AttemptState } from './lockout-policy';

interface LoginAttemptRow {
  failed_attempts: number;
  locked_until: Date | null;
  last_attempt_at: Date | null;
}

/** The one owner of `gateway.login_attempt`: failed logins counted, and locks, per account and client address. */
@Injectable()
export class LoginAttemptsRepository {
  constructor(private readonly transactions: Transactions) {}

  /**
   * The pair's state under a row lock (a row is made for a pair seen the first time), so that parallel
   * attempts from one address queue and each sees the count the previous one left.
   */
  async lock(tx: Tx, accountId: string, clientAddress: string): Promise<AttemptState> {
    await tx.query(
      `INSERT INTO gateway.login_attempt (account_id, client_address) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [accountId, clientAddress],
    );
    const [row] = (await tx.query(
      `SELECT failed_attempts, locked_until, last_attempt_at FROM gateway.login_attempt
        WHERE account_id = $1 AND client_address = $2 FOR UPDATE`,
      [accountId, clientAddress],
    )) as LoginAttemptRow[];
    if (!row) throw new Error(`login_attempt row of ${accountId} vanished under its lock`);
    return { failedAttempts: row.failed_attempts, lockedUntil: row.locked_until, lastAttemptAt: row.last_attempt_at };
  }

  async save(tx: Tx, accountId: string, clientAddress: string, state: AttemptState): Promise<void> {
    await tx.query(
      `UPDATE gateway.login_attempt SET failed_attempts = $3, locked_until = $4, last_attempt_at = $5
        WHERE account_id = $1 AND client_address = $2`,
      [accountId, clientAddress, state.failedAttempts, state.lockedUntil, state.lastAttemptAt],
    );
  }

  /** A successful login from the address: its count and lock go. */
  async clear(tx: Tx, accountId: string, clientAddress: string): Promise<void> {
    await tx.query(`DELETE FROM gateway.login_attempt WHERE account_id = $1 AND client_address = $2`, [
      accountId,
      clientAddress,
    ]);
  }

  /** Drops the pairs whose last attempt was before `lapsedBefore` and that are not locked at `now`. */
  async pruneLapsed(lapsedBefore: Date, now: Date): Promise<number> {
    const rows = (await this.transactions.none.query(
      `DELETE FROM gateway.login_attempt
        WHERE (last_attempt_at IS NULL OR last_attempt_at < $1) AND (locked_until IS NULL OR locked_until <= $2)
        RETURNING 1`,
      [lapsedBefore, now],
    )) as unknown[];
    return rows.length;
  }
}
