import { Injectable } from '@nestjs/common';
import { ConflictError, ValidationError, type Actor } from '@duban/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { PlatformConfig } from '../config/platform-config';
import { CorrelationContext } from '../correlation/correlation-context';
import { quoteIdent } from '../database/messaging-tables';

export interface AuditRecord {
  readonly actor: Pick<Actor, 'userId' | 'username' | 'role'> | null;
  /** What was attempted, e.g. `milestone.complete`. */
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string | null;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly detail?: string;
}

/**
 * Writes the service's audit trail (see createAuditTable). A write is recorded inside the transaction
 * that makes it (`recordDone`), so the trail and the data never disagree; a denied or refused attempt is
 * recorded on its own (`recordDenied`, `recordRefused`), since its transaction, if any, is rolled back.
 */
@Injectable()
export class AuditLog {
  private readonly table: string;

  constructor(
    config: PlatformConfig,
    private readonly dataSource: DataSource,
  ) {
    this.table = `${quoteIdent(config.database.schema)}.audit_log`;
  }

  recordDone(manager: EntityManager, record: AuditRecord): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(`AuditLog.recordDone(${record.action}) must run inside the transaction of the write`);
    }
    return this.insert(manager, record, 'done');
  }

  /** The caller was outside its scope or role. */
  recordDenied(record: AuditRecord): Promise<void> {
    return this.insert(this.dataSource.manager, record, 'denied');
  }

  /** The request was invalid or conflicted with the state (nothing was written). */
  recordRefused(record: AuditRecord): Promise<void> {
    return this.insert(this.dataSource.manager, record, 'refused');
  }

  /**
   * Runs a write; when it is refused (a conflict with the state, or input the service itself rejects), its
   * transaction has rolled back, so the refusal is recorded on its own, with the reason, and re-thrown.
   */
  async refusalsAudited<T>(attempt: AuditRecord, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ConflictError || error instanceof ValidationError) {
        await this.recordRefused({ ...attempt, detail: error.message });
      }
      throw error;
    }
  }

  private async insert(manager: EntityManager, record: AuditRecord, outcome: string): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.table}
         (actor_user_id, actor_username, actor_role, action, target_type, target_id, outcome, before, after, detail, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        record.actor?.userId ?? null,
        record.actor?.username ?? null,
        record.actor?.role ?? null,
        record.action,
        record.targetType,
        record.targetId,
        outcome,
        record.before === undefined ? null : JSON.stringify(record.before),
        record.after === undefined ? null : JSON.stringify(record.after),
        record.detail ?? null,
        CorrelationContext.current()?.correlationId ?? null,
      ],
    );
  }
}
