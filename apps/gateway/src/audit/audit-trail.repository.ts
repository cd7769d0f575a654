import { Injectable } from '@nestjs/common';
import { Transactions } from '@duban/platform';

/** One row of the gateway's audit trail. */
export interface AuditEntry {
  readonly id: string;
  readonly at: Date;
  readonly actorUserId: string | null;
  readonly actorUsername: string | null;
  readonly actorRole: string | null;
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string | null;
  readonly outcome: 'done' | 'denied' | 'refused';
  readonly before: unknown;
  readonly after: unknown;
  readonly detail: string | null;
  readonly correlationId: string | null;
}

export interface AuditQuery {
  readonly limit: number;
  readonly action?: string;
  readonly outcome?: AuditEntry['outcome'];
  readonly correlationId?: string;
  readonly actorUsername?: string;
}

/** Reads the gateway's audit trail (AuditLog from @duban/platform writes it). Newest first. */
@Injectable()
export class AuditTrailRepository {
  constructor(private readonly transactions: Transactions) {}

  async find(query: AuditQuery): Promise<AuditEntry[]> {
    const rows: Record<string, unknown>[] = await this.transactions.none.query(
      `SELECT id, at, actor_user_id, actor_username, actor_role, action, target_type, target_id, outcome,
              before, after, detail, correlation_id
         FROM gateway.audit_log
        WHERE ($1::text IS NULL OR action = $1)
          AND ($2::text IS NULL OR outcome = $2)
          AND ($3::text IS NULL OR correlation_id = $3)
          AND ($4::text IS NULL OR actor_username = $4)
        ORDER BY id DESC
        LIMIT $5`,
      [
        query.action ?? null,
        query.outcome ?? null,
        query.correlationId ?? null,
        query.actorUsername ?? null,
        query.limit,
      ],
    );
    return rows.map((row) => ({
      id: String(row.id),
      at: row.at as Date,
      actorUserId: row.actor_user_id as string | null,
      actorUsername: row.actor_username as string | null,
      actorRole: row.actor_role as string | null,
      action: row.action as string,
      targetType: row.target_type as string,
      targetId: row.target_id as string | null,
      outcome: row.outcome as AuditEntry['outcome'],
      before: row.before,
      after: row.after,
      detail: row.detail as string | null,
      correlationId: row.correlation_id as string | null,
    }));
  }
}
