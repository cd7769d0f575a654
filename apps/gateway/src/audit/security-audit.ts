import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Actor } from '@duban/contracts';
import { AuditLog, Clock, CorrelationContext, Transactions, type AuditRecord, type Tx } from '@duban/platform';
import { v7 as uuidv7 } from 'uuid';
import { clientKey } from '../accounts/lockout-policy';
import { RefusalBudget, type RefusalSummary } from './refusal-budget';

/**
 * Audit action names of the gateway. They are stored in the audit trail and queried by them: stable.
 */
export const AuditAction = {
  login: 'auth.login',
  lockout: 'auth.lockout',
  /** A request without a valid bearer token (401). */
  authenticate: 'auth.authenticate',
  /** A valid caller whose role may not use the route (403). */
  authorize: 'auth.authorize',
  /** A logout: the token is revoked. */
  logout: 'auth.logout',
  /** The refusals of a minute beyond the audit's budget, counted in one row (see refusal-budget.ts). */
  refusalsSummary: 'auth.refusals-summary',
  /** A personal calendar feed token made (or replaced) or stopped by its holder. */
  calendarTokenIssue: 'calendar.token.issue',
  calendarTokenRevoke: 'calendar.token.revoke',
} as const;

type AuditActor = AuditRecord['actor'];

/** The request as the audit trail names it: method and path (without the query string), and where from. */
export interface RequestTarget {
  readonly method: string;
  readonly path: string;
  /** The client's address, as the refusal budget counts it. */
  readonly clientAddress: string;
}

/** How often a minute's summary of unwritten refusals is looked for when no refusal comes to trigger it. */
const SUMMARY_CHECK_MS = 15_000;

/**
 * The gateway's security events, written to its audit trail (schema gateway, append-only). Every row
 * carries the request's correlation id (AuditLog reads it from CorrelationContext).
 *
 * Refusals (401s and refused logins) are audited within a budget (refusal-budget.ts): the first ones of
 * each client address in a minute get a row each, the rest of the minute one summary row with their count,
 * so a flood of bad tokens cannot grow the append-only trail without bound.
 */
@Injectable()
export class SecurityAudit implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SecurityAudit.name);
  private readonly budget = new RefusalBudget();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly transactions: Transactions,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.writeSummary(this.budget.flush(this.clock.now())), SUMMARY_CHECK_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.writeSummary(this.budget.flush(null));
  }

  /** A successful login, in the transaction that resets the account's failure count. */
  loginSucceeded(tx: Tx, actor: Actor): Promise<void> {
    return this.audit.recordDone(tx, {
      actor,
      action: AuditAction.login,
      targetType: 'account',
      targetId: actor.userId,
    });
  }

  /**
   * A refused login. `account` is the account the username named, or null when no account has it; the
   * username tried is kept either way (in `detail`) so that guessing shows in the trail.
   */
  loginRefused(account: AuditActor, username: string, reason: string, clientAddress: string): Promise<void> {
    return this.withinBudget(AuditAction.login, clientAddress, () =>
      this.audit.recordRefused({
        actor: account,
        action: AuditAction.login,
        targetType: 'account',
        targetId: account?.userId ?? null,
        detail: `${reason} (username ${JSON.stringify(username.slice(0, 64))})`,
      }),
    );
  }

  /** The account was locked for one client address, in the transaction that locks it. */
  lockedOut(
    tx: Tx,
    account: NonNullable<AuditActor>,
    lockedUntil: Date,
    failedAttempts: number,
    clientAddress: string,
  ): Promise<void> {
    return this.audit.recordDone(tx, {
      actor: account,
      action: AuditAction.lockout,
      targetType: 'account',
      targetId: account.userId,
      after: { lockedUntil: lockedUntil.toISOString(), failedAttempts, clientAddress },
      detail: `locked for ${clientAddress} after ${failedAttempts} failed logins from it`,
    });
  }

  /** 401: no token, or one that does not verify. */
  unauthenticated(target: RequestTarget, reason: string): Promise<void> {
    return this.withinBudget(AuditAction.authenticate, target.clientAddress, () =>
      this.audit.recordDenied({
        actor: null,
        action: AuditAction.authenticate,
        targetType: 'route',
        targetId: `${target.method} ${target.path}`,
        detail: reason,
      }),
    );
  }

  /** 403: the caller's role may not use the route. */
  forbidden(actor: Actor, target: RequestTarget, allowed: readonly string[]): Promise<void> {
    return this.recordQuietly(() =>
      this.audit.recordDenied({
        actor,
        action: AuditAction.authorize,
        targetType: 'route',
        targetId: `${target.method} ${target.path}`,
        detail: `role ${actor.role} is not one of ${allowed.join(', ')}`,
      }),
    );
  }

  /** A logout, with the token it revoked (its only write is in Redis: the row has a transaction of its own). */
  loggedOut(actor: Actor, tokenId: string): Promise<void> {
    return this.recordQuietly(() =>
      this.transactions.run((tx) =>
        this.audit.recordDone(tx, {
          actor,
          action: AuditAction.logout,
          targetType: 'token',
          targetId: tokenId,
          detail: 'token revoked by its holder',
        }),
      ),
    );
  }

  /** Writes a refusal's row if the budget has room for it, and a past minute's summary when one is due. */
  private async withinBudget(action: string, clientAddress: string, write: () => Promise<void>): Promise<void> {
    const decision = this.budget.take(clientKey(clientAddress), action, this.clock.now());
    await this.writeSummary(decision.summary);
    if (decision.write) await this.recordQuietly(write);
  }

  /**
   * A past minute's summary is written in a correlation of its own: the request whose refusal made it due is
   * not what it is about (its audit rows, read by its correlation id, would show a stranger's summary).
   */
  private async writeSummary(summary: RefusalSummary | null): Promise<void> {
    if (!summary) return;
    await CorrelationContext.run({ correlationId: uuidv7(), causationId: null }, () =>
      this.recordQuietly(() =>
        this.audit.recordDenied({
          actor: null,
          action: AuditAction.refusalsSummary,
          targetType: 'minute',
          targetId: summary.minute.toISOString(),
          after: summary,
          detail: `${summary.unwritten} more refused requests from ${summary.addresses} addresses in the minute, not written one by one`,
        }),
      ),
    );
  }

  /**
   * A denial is answered whether or not its audit row could be written: a database outage must not turn
   * every 401 into a 500. The failure is logged as an error instead.
   */
  private async recordQuietly(write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      this.logger.error({ err: error }, 'Could not write an audit row for a refused request');
    }
  }
}
