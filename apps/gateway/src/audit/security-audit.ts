import { Injectable, Logger } from '@nestjs/common';
import type { Actor } from '@duban/contracts';
import { AuditLog, type AuditRecord, type Tx } from '@duban/platform';

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
} as const;

type AuditActor = AuditRecord['actor'];

/** The request as the audit trail names it: method and path (without the query string). */
export interface RequestTarget {
  readonly method: string;
  readonly path: string;
}

/**
 * The gateway's security events, written to its audit trail (schema gateway, append-only). Every row
 * carries the request's correlation id (AuditLog reads it from CorrelationContext).
 */
@Injectable()
export class SecurityAudit {
  private readonly logger = new Logger(SecurityAudit.name);

  constructor(private readonly audit: AuditLog) {}

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
  loginRefused(account: AuditActor, username: string, reason: string): Promise<void> {
    return this.recordQuietly(() =>
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
    return this.recordQuietly(() =>
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
