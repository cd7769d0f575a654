import { Injectable } from '@nestjs/common';
import { DomainError, inScope, NotFoundError, ROLE_LABELS, type Actor, type Role } from '@duban/contracts';
import { AuditLog } from '../audit/audit-log';

/** What a caller tried: the audit trail records it whenever it is refused. */
export interface Attempt {
  readonly actor: Actor;
  /** e.g. `milestone.complete`. */
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string | null;
}

/**
 * The one access rule of every service (DESIGN rule 8). Out of scope reads as "not found", exactly like a
 * wrong id, so a caller learns nothing of what it may not see; in scope but not allowed by role is
 * "forbidden", with the reason. Both are audited. Services keep only their loaders: what the thing is and
 * where it lies in the region tree.
 */
@Injectable()
export class Access {
  constructor(private readonly audit: AuditLog) {}

  /**
   * The thing, when it exists and lies in the caller's scope; otherwise a 404 with `notFound` (audited when
   * the thing exists but lies outside).
   */
  async requireInScope<T>(
    attempt: Attempt,
    found: T | null | undefined,
    regionPath: (thing: T) => readonly (string | null | undefined)[],
    notFound: string,
  ): Promise<T> {
    if (found == null) throw new NotFoundError(notFound);
    if (!inScope(attempt.actor, regionPath(found))) throw await this.outOfScope(attempt, notFound);
    return found;
  }

  /** Refuses (403, audited) unless the caller's role is allowed; `allowed` is a list or a rule's verdict. */
  async requireRole(attempt: Attempt, allowed: readonly Role[] | boolean, message?: string): Promise<void> {
    const ok = typeof allowed === 'boolean' ? allowed : allowed.includes(attempt.actor.role);
    if (!ok) throw await this.forbidden(attempt, message ?? `${ROLE_LABELS[attempt.actor.role]}无权执行此操作`);
  }

  /** Records an out-of-scope attempt and returns the "not found" to throw. */
  async outOfScope(attempt: Attempt, message: string): Promise<NotFoundError> {
    await this.recordOutOfScope(attempt);
    return new NotFoundError(message);
  }

  /** Records an attempt on what lies wholly outside the scope (a list simply comes back empty). */
  async recordOutOfScope(attempt: Attempt): Promise<void> {
    await this.audit.recordDenied({ ...auditRecord(attempt), detail: 'out_of_scope' });
  }

  /** Records a refusal by role and returns the "forbidden" to throw. */
  async forbidden(attempt: Attempt, message: string): Promise<DomainError> {
    await this.audit.recordDenied({ ...auditRecord(attempt), detail: `forbidden: ${message}` });
    return new DomainError('forbidden', message);
  }
}

/** The audit's view of an attempt: who (without the scope), what and on what. */
export function auditRecord(attempt: Attempt) {
  const { userId, username, role } = attempt.actor;
  return {
    actor: { userId, username, role },
    action: attempt.action,
    targetType: attempt.targetType,
    targetId: attempt.targetId,
  };
}
