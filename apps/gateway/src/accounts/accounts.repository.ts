import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { Account } from './account.entity';
import type { AttemptDecision, AttemptState } from './lockout-policy';

export type NewAccount = Pick<
  Account,
  'id' | 'username' | 'displayName' | 'passwordHash' | 'role' | 'regionCodes' | 'demo'
>;

@Injectable()
export class AccountsRepository {
  constructor(private readonly dataSource: DataSource) {}

  findByUsername(username: string): Promise<Account | null> {
    return this.dataSource.getRepository(Account).findOneBy({ username });
  }

  findById(id: string): Promise<Account | null> {
    return this.dataSource.getRepository(Account).findOneBy({ id });
  }

  /** Runs `work` in one transaction; the audit trail is written with the `manager` it is given. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Reads the account's attempt state under a row lock, lets `decide` judge it, and stores the state an
   * allowed attempt brings, all in one short transaction (no password is checked inside it). Concurrent
   * logins to one account queue here for a moment, so each sees the count the previous one left.
   * Returns null when the account is gone.
   */
  async beginAttempt(id: string, decide: (state: AttemptState) => AttemptDecision): Promise<AttemptDecision | null> {
    return this.dataSource.transaction(async (manager) => {
      const account = await manager.getRepository(Account).findOne({
        where: { id },
        select: { id: true, failedAttempts: true, lockedUntil: true },
        lock: { mode: 'pessimistic_write' },
      });
      if (!account) return null;
      const decision = decide({ failedAttempts: account.failedAttempts, lockedUntil: account.lockedUntil });
      if (decision.allowed) await this.setAttemptState(manager, id, decision.state);
      return decision;
    });
  }

  async setAttemptState(manager: EntityManager, id: string, state: AttemptState): Promise<void> {
    await manager
      .getRepository(Account)
      .update({ id }, { failedAttempts: state.failedAttempts, lockedUntil: state.lockedUntil });
  }

  async setPasswordHash(manager: EntityManager, id: string, passwordHash: string): Promise<void> {
    await manager.getRepository(Account).update({ id }, { passwordHash });
  }

  /** Which of these usernames exist already. */
  async existingUsernames(usernames: readonly string[]): Promise<Set<string>> {
    if (usernames.length === 0) return new Set();
    const rows = await this.dataSource
      .getRepository(Account)
      .find({ where: { username: In([...usernames]) }, select: { username: true } });
    return new Set(rows.map((row) => row.username));
  }

  /**
   * Inserts the accounts whose username is not taken, in one statement, and leaves existing ones as they
   * are (a replica starting alongside, or a restart, inserts nothing). Returns the usernames inserted.
   */
  async insertMissing(accounts: readonly NewAccount[]): Promise<string[]> {
    if (accounts.length === 0) return [];
    const result = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(Account)
      .values([...accounts])
      .orIgnore()
      .returning('username')
      .execute();
    return (result.raw as { username: string }[]).map((row) => row.username);
  }
}
