import { Injectable } from '@nestjs/common';
import { Transactions } from '@duban/platform';

/** A key as stored: the request it is bound to, and its answer once there is one. */
export interface IdempotencyRecord {
  readonly userId: string;
  readonly key: string;
  readonly fingerprint: string;
  readonly state: 'running' | 'done';
  readonly status: number | null;
  /** The answer's body (JSON), null while running or when the answer had none. */
  readonly body: unknown;
  readonly leaseUntil: Date | null;
  readonly expiresAt: Date;
}

export interface NewClaim {
  readonly userId: string;
  readonly key: string;
  readonly fingerprint: string;
  readonly method: string;
  readonly path: string;
  readonly now: Date;
  readonly leaseUntil: Date;
  readonly expiresAt: Date;
}

interface IdempotencyRow {
  user_id: string;
  key: string;
  fingerprint: string;
  state: 'running' | 'done';
  status: number | null;
  body: unknown;
  lease_until: Date | null;
  expires_at: Date;
}

/** The one owner of `gateway.idempotency_key`. */
@Injectable()
export class IdempotencyKeysRepository {
  constructor(private readonly transactions: Transactions) {}

  /**
   * Claims the key for a request, atomically: a new key, one whose time is up, or one left running past its
   * lease by the same request (its gateway died) is taken, and null is answered; otherwise the key as it
   * stands (the caller decides: replay, 409 or 422).
   */
  async claim(claim: NewClaim, again = false): Promise<IdempotencyRecord | null> {
    const claimed = (await this.transactions.none.query(
      `INSERT INTO gateway.idempotency_key
              (user_id, key, fingerprint, method, path, state, status, body, created_at, lease_until, expires_at)
       VALUES ($1, $2, $3, $4, $5, 'running', NULL, NULL, $6, $7, $8)
       ON CONFLICT (user_id, key) DO UPDATE
          SET fingerprint = EXCLUDED.fingerprint, method = EXCLUDED.method, path = EXCLUDED.path, state = 'running',
              status = NULL, body = NULL, created_at = EXCLUDED.created_at, lease_until = EXCLUDED.lease_until,
              expires_at = EXCLUDED.expires_at
        WHERE idempotency_key.expires_at <= $6
           OR (idempotency_key.state = 'running' AND idempotency_key.lease_until <= $6
               AND idempotency_key.fingerprint = EXCLUDED.fingerprint)
       RETURNING 1`,
      [
        claim.userId,
        claim.key,
        claim.fingerprint,
        claim.method,
        claim.path,
        claim.now,
        claim.leaseUntil,
        claim.expiresAt,
      ],
    )) as unknown[];
    if (claimed.length > 0) return null;
    const [row] = (await this.transactions.none.query(
      `SELECT user_id, key, fingerprint, state, status, body, lease_until, expires_at
         FROM gateway.idempotency_key WHERE user_id = $1 AND key = $2`,
      [claim.userId, claim.key],
    )) as IdempotencyRow[];
    if (!row) {
      // Pruned between the two statements: the next claim takes it.
      if (again) throw new Error(`idempotency key ${claim.key} neither claimed nor found`);
      return this.claim(claim, true);
    }
    return {
      userId: row.user_id,
      key: row.key,
      fingerprint: row.fingerprint,
      state: row.state,
      status: row.status,
      body: row.body,
      leaseUntil: row.lease_until,
      expiresAt: row.expires_at,
    };
  }

  /** The claimed request's answer: kept until the key expires, for every retry with it. */
  async complete(userId: string, key: string, answer: { status: number; body: unknown }): Promise<void> {
    await this.transactions.none.query(
      `UPDATE gateway.idempotency_key SET state = 'done', status = $3, body = $4::json, lease_until = NULL
        WHERE user_id = $1 AND key = $2 AND state = 'running'`,
      [userId, key, answer.status, answer.body === undefined ? null : JSON.stringify(answer.body)],
    );
  }

  /** The claimed request got no answer worth keeping (a failure on our side): a retry may try again. */
  async release(userId: string, key: string): Promise<void> {
    await this.transactions.none.query(
      `DELETE FROM gateway.idempotency_key WHERE user_id = $1 AND key = $2 AND state = 'running'`,
      [userId, key],
    );
  }

  async pruneExpired(now: Date): Promise<number> {
    const rows = (await this.transactions.none.query(
      `DELETE FROM gateway.idempotency_key WHERE expires_at <= $1 RETURNING 1`,
      [now],
    )) as unknown[];
    return rows.length;
  }
}
