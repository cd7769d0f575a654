import { ConflictError, ValidationError } from '@duban/contracts';
import type { AuditLog, AuditRecord } from '@duban/platform';

/**
 * Runs a write; when it is refused (a conflict with the state, or input the service itself rejects), its
 * transaction has rolled back, so the refusal is recorded on its own, with the reason, and re-thrown.
 */
export async function refusedIsAudited<T>(audit: AuditLog, attempt: AuditRecord, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ConflictError || error instanceof ValidationError) {
      await audit.recordRefused({ ...attempt, detail: error.message });
    }
    throw error;
  }
}
