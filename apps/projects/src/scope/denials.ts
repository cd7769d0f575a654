import { DomainError, NotFoundError, type Actor } from '@duban/contracts';
import { AuditLog } from '@duban/platform';
import { Injectable } from '@nestjs/common';

export interface DeniedAttempt {
  readonly actor: Actor;
  /** What was attempted, e.g. `milestone.complete`. */
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string | null;
}

/**
 * Refusals that the audit trail must show (DESIGN rule 8: "the attempt is logged"). Out of scope reads as
 * "not found", exactly like a wrong id, so a caller learns nothing about data it may not see; in scope but
 * not allowed by role is "forbidden", with the reason.
 */
@Injectable()
export class Denials {
  constructor(private readonly audit: AuditLog) {}

  /** Records the attempt and returns the "not found" to throw. */
  async outOfScope(attempt: DeniedAttempt, message: string): Promise<NotFoundError> {
    await this.recordOutOfScope(attempt);
    return new NotFoundError(message);
  }

  /** Records an attempt to list what lies wholly outside the scope (the list simply comes back empty). */
  async recordOutOfScope(attempt: DeniedAttempt): Promise<void> {
    await this.audit.recordDenied({ ...this.record(attempt), detail: 'out_of_scope' });
  }

  async forbidden(attempt: DeniedAttempt, message: string): Promise<DomainError> {
    await this.audit.recordDenied({ ...this.record(attempt), detail: `forbidden: ${message}` });
    return new DomainError('forbidden', message);
  }

  private record(attempt: DeniedAttempt) {
    const { userId, username, role } = attempt.actor;
    return {
      actor: { userId, username, role },
      action: attempt.action,
      targetType: attempt.targetType,
      targetId: attempt.targetId,
    };
  }
}
