import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Clock, Transactions, type Tx } from '@duban/platform';
import { GatewayConfig } from '../config';
import { AccountsRepository } from './accounts.repository';
import {
  accountDelayMs,
  beginAttempt,
  clientKey,
  countAccountAttempt,
  lockedFrom,
  type AttemptDecision,
  type AttemptState,
  type LockoutPolicy,
} from './lockout-policy';
import { LoginAttemptsRepository } from './login-attempts.repository';

/** An attempt allowed to check its password, and how long it must wait first (the account-wide slowdown). */
export type LoginAttempt = AttemptDecision & { readonly waitMs?: number };

/** Lapsed counts (one row per account and address that failed) are deleted this often. */
const PRUNE_EVERY_MS = 3_600_000;

/**
 * Applies the lockout policy (lockout-policy.ts) to a login: counts the attempt for its account and client
 * address and for the account as a whole, in one short transaction (no password is checked inside it), and
 * resets or locks the pair once the password has been checked.
 */
@Injectable()
export class LoginAttempts implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(LoginAttempts.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly accounts: AccountsRepository,
    private readonly attempts: LoginAttemptsRepository,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly gateway: GatewayConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.prune(), PRUNE_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Deletes the counts of pairs whose last attempt is older than the lockout window (and not locked). */
  async prune(): Promise<number> {
    const windowMs = this.gateway.auth.lockout.lockoutSeconds * 1000;
    try {
      const now = this.clock.now();
      return await this.attempts.pruneLapsed(new Date(now.getTime() - windowMs), now);
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not prune lapsed login attempts');
      return 0;
    }
  }

  /** Counts an attempt before its password is checked; null when the account is gone. */
  begin(accountId: string, clientAddress: string, policy: LockoutPolicy): Promise<LoginAttempt | null> {
    const client = clientKey(clientAddress);
    return this.transactions.run(async (tx) => {
      // Account first, then pair: every login takes the locks in this order, so two never deadlock.
      const account = await this.accounts.lockAttemptCount(tx, accountId);
      if (!account) return null;
      const now = this.clock.now();
      const decision = beginAttempt(await this.attempts.lock(tx, accountId, client), now, policy);
      if (!decision.allowed) return decision;
      const counted = countAccountAttempt(account, now, policy);
      await this.attempts.save(tx, accountId, client, decision.state);
      await this.accounts.setAttemptCount(tx, accountId, counted);
      return { ...decision, waitMs: accountDelayMs(counted.failedAttempts, policy) };
    });
  }

  /** The right password: the pair's count and lock go, and the account's count. */
  async succeeded(tx: Tx, accountId: string, clientAddress: string): Promise<void> {
    await this.attempts.clear(tx, accountId, clientKey(clientAddress));
    await this.accounts.setAttemptCount(tx, accountId, { failedAttempts: 0, lastAttemptAt: null });
  }

  /** The locking attempt failed: the pair is locked for the whole lockout from now. */
  async lock(
    tx: Tx,
    accountId: string,
    clientAddress: string,
    policy: LockoutPolicy,
  ): Promise<AttemptState & { lockedUntil: Date }> {
    const locked = lockedFrom(this.clock.now(), policy);
    await this.attempts.save(tx, accountId, clientKey(clientAddress), locked);
    return locked;
  }
}
