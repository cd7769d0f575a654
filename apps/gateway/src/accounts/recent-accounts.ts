import { Injectable } from '@nestjs/common';
import { Clock } from '@duban/platform';
import type { AccountRecord } from './accounts.repository';

/**
 * How long the guard may use an account it read: what an administrator's change made through ANOTHER gateway
 * replica (or by SQL) may take to reach this one. A change made through this replica is forgotten here at once
 * and again at its commit (AccountsRepository's writes), so it takes effect on the account's next request.
 */
export const RECENT_ACCOUNT_MS = 1_000;
/** Accounts remembered at once, at most (a few MB); past it the oldest is forgotten. */
const KEPT = 5_000;

/**
 * The accounts the authentication guard read in the last second, by id: one primary-key read per request was
 * a tenth of the gateway's work on an authenticated read (the G7 profile), and a user's requests come in
 * bursts (a page asks for several resources at once). Only what the guard judges a token by is read from here
 * (disabled, role, regions, demo, must change password); logins and administration read the table.
 */
@Injectable()
export class RecentAccounts {
  private readonly accounts = new Map<string, { account: AccountRecord; readAt: number }>();
  /** Bumped by every `forget`: a read that began before a change (of any account) is not kept after it. */
  private changes = 0;
  /** Reads under way, by id. */
  private readonly reading = new Map<string, Promise<AccountRecord | null>>();

  constructor(private readonly clock: Clock) {}

  /** The account if it was read within RECENT_ACCOUNT_MS (what `find` answers without a read), else undefined. */
  kept(id: string): AccountRecord | undefined {
    const kept = this.accounts.get(id);
    return kept && this.clock.now().getTime() - kept.readAt < RECENT_ACCOUNT_MS ? kept.account : undefined;
  }

  async find(id: string, read: (id: string) => Promise<AccountRecord | null>): Promise<AccountRecord | null> {
    const now = this.clock.now().getTime();
    const kept = this.accounts.get(id);
    if (kept && now - kept.readAt < RECENT_ACCOUNT_MS) return kept.account;
    // The requests that find it missing together share one read (20 connections of one user otherwise each
    // read it when it lapses): one begun before a change is no longer shared after it (`forget`).
    const pending = this.reading.get(id);
    if (pending) return pending;
    const reading = this.read(id, read, now);
    this.reading.set(id, reading);
    try {
      return await reading;
    } finally {
      if (this.reading.get(id) === reading) this.reading.delete(id);
    }
  }

  /** The account changed (or is about to): read it again on its next request. */
  forget(id: string): void {
    this.accounts.delete(id);
    this.reading.delete(id);
    this.changes += 1;
  }

  private async read(
    id: string,
    read: (id: string) => Promise<AccountRecord | null>,
    now: number,
  ): Promise<AccountRecord | null> {
    const changesBefore = this.changes;
    const account = await read(id);
    if (account && this.changes === changesBefore) {
      this.accounts.delete(id);
      if (this.accounts.size >= KEPT) this.accounts.delete(this.accounts.keys().next().value as string);
      this.accounts.set(id, { account, readAt: now });
    }
    return account;
  }
}
