import { Injectable } from '@nestjs/common';
import type { Role } from '@duban/contracts';
import { Transactions, type Tx } from '@duban/platform';
import type { AttemptState } from './lockout-policy';
import { RecentAccounts } from './recent-accounts';

/** Someone who may log in: a role, and the regions whose whole subtree they may see. */
export interface AccountRecord {
  readonly id: string;
  /** Stored in lower case; logins compare lower case. */
  readonly username: string;
  readonly displayName: string;
  /** argon2id, in the PHC string format (it carries its own parameters and salt). */
  readonly passwordHash: string;
  readonly role: Role;
  readonly regionCodes: string[];
  /** A demo identity: it may log in only while the gateway runs in demo mode. */
  readonly demo: boolean;
  /**
   * Login attempts since the last successful one, from every address (they slow logins down, never lock:
   * locks are per address, see lockout-policy.ts). Counted when an attempt starts, before its password is
   * checked, so that parallel guesses cannot slip past.
   */
  readonly failedAttempts: number;
  readonly lastAttemptAt: Date | null;
  readonly createdAt: Date;
  /** A password an administrator set (a new account, a reset): every route but changing it refuses (403). */
  readonly mustChangePassword: boolean;
  /** Disabled: its tokens are refused (401) from the next request on, and it cannot log in. */
  readonly disabledAt: Date | null;
  readonly updatedAt: Date | null;
}

export type NewAccount = Pick<
  AccountRecord,
  'id' | 'username' | 'displayName' | 'passwordHash' | 'role' | 'regionCodes' | 'demo' | 'createdAt'
>;

interface AccountRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: Role;
  region_codes: string[];
  demo: boolean;
  failed_attempts: number;
  last_attempt_at: Date | null;
  created_at: Date;
  must_change_password: boolean;
  disabled_at: Date | null;
  updated_at: Date | null;
}

const COLUMNS =
  'id, username, display_name, password_hash, role, region_codes, demo, failed_attempts, last_attempt_at, created_at, ' +
  'must_change_password, disabled_at, updated_at';

function toRecord(row: AccountRow): AccountRecord {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    passwordHash: row.password_hash,
    role: row.role,
    regionCodes: row.region_codes,
    demo: row.demo,
    failedAttempts: row.failed_attempts,
    lastAttemptAt: row.last_attempt_at,
    createdAt: row.created_at,
    mustChangePassword: row.must_change_password,
    disabledAt: row.disabled_at,
    updatedAt: row.updated_at,
  };
}

/** What an administrator changes on an account (only the fields given). */
export interface AccountChanges {
  readonly displayName?: string;
  readonly role?: Role;
  readonly regionCodes?: string[];
  readonly disabledAt?: Date | null;
}

/** The one owner of `gateway.account`. */
@Injectable()
export class AccountsRepository {
  constructor(
    private readonly transactions: Transactions,
    private readonly recent: RecentAccounts,
  ) {}

  findByUsername(username: string): Promise<AccountRecord | null> {
    return this.findOne('username', username);
  }

  findById(id: string): Promise<AccountRecord | null> {
    return this.findOne('id', id);
  }

  /**
   * The account as read within the last RECENT_ACCOUNT_MS (RecentAccounts), for the authentication guard:
   * this repository's writes that change what the guard judges forget it, at once and at their commit.
   */
  findRecentById(id: string): Promise<AccountRecord | null> {
    return this.recent.find(id, (key) => this.findById(key));
  }

  /** `findRecentById`'s answer when it needs no read (kept and recent), else undefined: the guard's fast path. */
  keptRecentById(id: string): AccountRecord | undefined {
    return this.recent.kept(id);
  }

  /**
   * The account's count of attempts (every address) under a row lock, so that concurrent logins to one
   * account queue for a moment and each sees the count the previous one left. Null when the account is gone.
   */
  async lockAttemptCount(tx: Tx, id: string): Promise<AttemptState | null> {
    const [row] = (await tx.query(
      'SELECT failed_attempts, last_attempt_at FROM gateway.account WHERE id = $1 FOR UPDATE',
      [id],
    )) as Pick<AccountRow, 'failed_attempts' | 'last_attempt_at'>[];
    return row ? { failedAttempts: row.failed_attempts, lockedUntil: null, lastAttemptAt: row.last_attempt_at } : null;
  }

  async setAttemptCount(
    tx: Tx,
    id: string,
    state: Pick<AttemptState, 'failedAttempts' | 'lastAttemptAt'>,
  ): Promise<void> {
    await tx.query('UPDATE gateway.account SET failed_attempts = $2, last_attempt_at = $3 WHERE id = $1', [
      id,
      state.failedAttempts,
      state.lastAttemptAt,
    ]);
  }

  async setPasswordHash(tx: Tx, id: string, passwordHash: string): Promise<void> {
    await tx.query('UPDATE gateway.account SET password_hash = $2 WHERE id = $1', [id, passwordHash]);
  }

  /**
   * A new password: the holder's own (`mustChange` false) or one an administrator set (true: the holder
   * must change it before anything else).
   */
  async setPassword(tx: Tx, id: string, passwordHash: string, mustChange: boolean, at: Date): Promise<void> {
    this.forgetRecent(tx, id);
    await tx.query(
      'UPDATE gateway.account SET password_hash = $2, must_change_password = $3, updated_at = $4 WHERE id = $1',
      [id, passwordHash, mustChange, at],
    );
  }

  /** Every account, by username (the administrator's list is filtered by scope in the service). */
  async listAll(): Promise<AccountRecord[]> {
    const rows = (await this.transactions.none.query(
      `SELECT ${COLUMNS} FROM gateway.account ORDER BY username`,
    )) as AccountRow[];
    return rows.map(toRecord);
  }

  /** The account under a row lock, so that two administrators' changes to it take turns. */
  async lockById(tx: Tx, id: string): Promise<AccountRecord | null> {
    const [row] = (await tx.query(`SELECT ${COLUMNS} FROM gateway.account WHERE id = $1 FOR UPDATE`, [
      id,
    ])) as AccountRow[];
    return row ? toRecord(row) : null;
  }

  /** A new administered account; false when the username is taken. */
  async create(
    tx: Tx,
    account: NewAccount & { createdBy: string | null; mustChangePassword: boolean },
  ): Promise<boolean> {
    const rows = (await tx.query(
      `INSERT INTO gateway.account
         (id, username, display_name, password_hash, role, region_codes, demo, created_at, created_by, must_change_password)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (username) DO NOTHING
       RETURNING id`,
      [
        account.id,
        account.username,
        account.displayName,
        account.passwordHash,
        account.role,
        account.regionCodes,
        account.demo,
        account.createdAt,
        account.createdBy,
        account.mustChangePassword,
      ],
    )) as unknown[];
    return rows.length === 1;
  }

  async update(tx: Tx, id: string, changes: AccountChanges, at: Date): Promise<void> {
    this.forgetRecent(tx, id);
    await tx.query(
      `UPDATE gateway.account SET
         display_name = COALESCE($2, display_name),
         role = COALESCE($3, role),
         region_codes = COALESCE($4, region_codes),
         disabled_at = CASE WHEN $5::boolean THEN $6::timestamptz ELSE disabled_at END,
         updated_at = $7
       WHERE id = $1`,
      [
        id,
        changes.displayName ?? null,
        changes.role ?? null,
        changes.regionCodes ?? null,
        changes.disabledAt !== undefined,
        changes.disabledAt ?? null,
        at,
      ],
    );
  }

  /** Serialises first-run commands until `tx` ends (an advisory lock: there may be no row to lock yet). */
  async lockFirstAdministrator(tx: Tx): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('duban:gateway:first-admin'))`);
  }

  /** Province administrators that can log in (the first-run command refuses to make a second one). */
  async countActiveProvinceAdmins(tx: Tx): Promise<number> {
    const [row] = (await tx.query(
      `SELECT count(*)::int AS count FROM gateway.account
        WHERE role = 'province_admin' AND disabled_at IS NULL AND NOT demo`,
    )) as { count: number }[];
    return row?.count ?? 0;
  }

  /** Which of these usernames exist already. */
  async existingUsernames(usernames: readonly string[]): Promise<Set<string>> {
    if (usernames.length === 0) return new Set();
    const rows = (await this.transactions.none.query(
      'SELECT username FROM gateway.account WHERE username = ANY($1::text[])',
      [[...usernames]],
    )) as Pick<AccountRow, 'username'>[];
    return new Set(rows.map((row) => row.username));
  }

  /**
   * Inserts the accounts whose username is not taken, in one statement, and leaves existing ones as they
   * are (a replica starting alongside, or a restart, inserts nothing). Returns the usernames inserted.
   */
  async insertMissing(accounts: readonly NewAccount[]): Promise<string[]> {
    if (accounts.length === 0) return [];
    const columns = 8;
    const values = accounts.map(
      (_, row) => `(${Array.from({ length: columns }, (_, column) => `$${row * columns + column + 1}`).join(', ')})`,
    );
    const rows = (await this.transactions.none.query(
      `INSERT INTO gateway.account (id, username, display_name, password_hash, role, region_codes, demo, created_at)
       VALUES ${values.join(', ')}
       ON CONFLICT DO NOTHING
       RETURNING username`,
      accounts.flatMap((a) => [
        a.id,
        a.username,
        a.displayName,
        a.passwordHash,
        a.role,
        a.regionCodes,
        a.demo,
        a.createdAt,
      ]),
    )) as Pick<AccountRow, 'username'>[];
    return rows.map((row) => row.username);
  }

  /**
   * The guard reads the account again on its next request: forgotten now, and again once `tx` commits (a
   * request between the two could have read the row as it was before the commit).
   */
  private forgetRecent(tx: Tx, id: string): void {
    this.recent.forget(id);
    this.transactions.afterCommit(tx, async () => this.recent.forget(id));
  }

  private async findOne(column: 'id' | 'username', value: string): Promise<AccountRecord | null> {
    const [row] = (await this.transactions.none.query(`SELECT ${COLUMNS} FROM gateway.account WHERE ${column} = $1`, [
      value,
    ])) as AccountRow[];
    return row ? toRecord(row) : null;
  }
}
