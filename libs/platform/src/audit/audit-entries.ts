import { Injectable } from '@nestjs/common';
import type { AuditEntry, AuditListRequest } from '@duban/contracts';
import { DataSource } from 'typeorm';
import { PlatformConfig } from '../config/platform-config';
import { quoteIdent } from '../database/messaging-tables';
import type { SqlRunner } from './audit-chain';

/** The filter of a page of a trail, as `AuditListRpc` carries it (dates are local, Asia/Shanghai). */
export type AuditEntriesFilter = Omit<AuditListRequest, 'actor'>;

/**
 * Reads a trail for people (`<service>.audit.list`, and the gateway's own): newest first, one page, with
 * the count of all rows matching. A region matches the rows about it or about any region below it, the
 * scope rule of `regionPathFromCode` (county → its city → its province), written in SQL.
 */
export async function listAuditEntries(
  runner: SqlRunner,
  schema: string,
  filter: AuditEntriesFilter,
): Promise<{ items: AuditEntry[]; total: number }> {
  const where = `
    ($1::text IS NULL OR $1 IN (region_code, substr(region_code, 1, 4) || '00', substr(region_code, 1, 2) || '0000'))
    AND ($2::text IS NULL OR actor_username = $2)
    AND ($3::date IS NULL OR at >= ($3::date)::timestamp AT TIME ZONE 'Asia/Shanghai')
    AND ($4::date IS NULL OR at < ($4::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`;
  const params = [filter.region ?? null, filter.username ?? null, filter.from ?? null, filter.to ?? null];
  const table = `${quoteIdent(schema)}.audit_log`;
  const [count] = (await runner.query(`SELECT count(*)::int AS total FROM ${table} WHERE ${where}`, params)) as {
    total: number;
  }[];
  // Ordered by the bigint column, not the text alias of the same name.
  const rows = (await runner.query(
    `SELECT id::text AS id, at, actor_user_id, actor_username, actor_role, action, target_type, target_id, outcome,
            region_code, before, after, detail, correlation_id
       FROM ${table} a WHERE ${where}
      ORDER BY a.id DESC LIMIT $5 OFFSET $6`,
    [...params, filter.pageSize, (filter.page - 1) * filter.pageSize],
  )) as Record<string, unknown>[];
  return {
    total: count?.total ?? 0,
    items: rows.map((row) => ({
      id: row.id as string,
      at: (row.at as Date).toISOString(),
      actorUserId: row.actor_user_id as string | null,
      actorUsername: row.actor_username as string | null,
      actorRole: row.actor_role as string | null,
      action: row.action as string,
      targetType: row.target_type as string,
      targetId: row.target_id as string | null,
      outcome: row.outcome as AuditEntry['outcome'],
      regionCode: row.region_code as string | null,
      before: row.before ?? null,
      after: row.after ?? null,
      detail: row.detail as string | null,
      correlationId: row.correlation_id as string | null,
    })),
  };
}

/** The service's own trail, read through its connection (see listAuditEntries). */
@Injectable()
export class AuditEntries {
  constructor(
    private readonly config: PlatformConfig,
    private readonly dataSource: DataSource,
  ) {}

  list(filter: AuditEntriesFilter): Promise<{ items: AuditEntry[]; total: number }> {
    return listAuditEntries(this.dataSource.manager, this.config.database.schema, filter);
  }
}
