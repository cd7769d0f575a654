import { Injectable } from '@nestjs/common';
import type { AuditVerification } from '@duban/contracts';
import { DataSource } from 'typeorm';
import { PlatformConfig } from '../config/platform-config';
import { quoteIdent } from '../database/messaging-tables';
import { AUDIT_GENESIS_HASH, auditRowHash, type AuditChainContent } from './audit-hash';

/** A QueryRunner (migrations) or an EntityManager (everything else): both run SQL with parameters. */
export interface SqlRunner {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

export interface StoredAuditRow extends AuditChainContent {
  readonly prevHash: string | null;
  readonly hash: string | null;
}

const BATCH = 1000;

/**
 * Checks a schema's audit chain (see audit-hash): every row, in id order, must follow the row before it
 * and hash to what it stores. Answers the first broken link, or that all is whole. Every service answers
 * `<service>.audit.verify` with it (the platform's own RPC); the gateway asks it for its own trail.
 */
@Injectable()
export class AuditChain {
  constructor(
    private readonly config: PlatformConfig,
    private readonly dataSource: DataSource,
  ) {}

  verify(): Promise<AuditVerification> {
    return verifyAuditChain(this.dataSource.manager, this.config.database.schema, this.config.process);
  }
}

export async function verifyAuditChain(
  runner: SqlRunner,
  schema: string,
  service: string = schema,
): Promise<AuditVerification> {
  let previous = AUDIT_GENESIS_HASH;
  let checked = 0;
  for (let after = '0'; ;) {
    const rows = await readAuditRows(runner, schema, after, BATCH);
    for (const row of rows) {
      checked++;
      if (row.hash === auditRowHash(previous, row) && row.prevHash === previous) {
        previous = row.hash;
        continue;
      }
      const problem = row.prevHash === previous ? 'altered' : 'unlinked';
      return {
        service,
        ok: false,
        checked,
        brokenAt: row.id,
        problem,
        message:
          problem === 'altered'
            ? `审计链在第 ${row.id} 号记录处断开：该记录的内容与其哈希不符（记录被改动）`
            : `审计链在第 ${row.id} 号记录处断开：该记录与前一条记录不衔接（其前的记录被删除、插入或改写）`,
        lastHash: null,
      };
    }
    if (rows.length < BATCH) break;
    after = rows[rows.length - 1]?.id ?? after;
  }
  return {
    service,
    ok: true,
    checked,
    brokenAt: null,
    problem: null,
    message: `审计链完整：共 ${checked} 条记录`,
    lastHash: checked === 0 ? null : previous,
  };
}

/**
 * Gives every row of an unchained trail its hashes, in id order (the migration that adds the chain); the
 * append-only trigger is off meanwhile, inside the migration's transaction. Returns the rows chained.
 */
export async function backfillAuditChain(runner: SqlRunner, schema: string): Promise<number> {
  const table = `${quoteIdent(schema)}.audit_log`;
  let previous = AUDIT_GENESIS_HASH;
  let chained = 0;
  await runner.query(`ALTER TABLE ${table} DISABLE TRIGGER audit_log_append_only`);
  for (let after = '0'; ;) {
    const rows = await readAuditRows(runner, schema, after, BATCH);
    const ids: string[] = [];
    const prevHashes: string[] = [];
    const hashes: string[] = [];
    for (const row of rows) {
      ids.push(row.id);
      prevHashes.push(previous);
      previous = auditRowHash(previous, row);
      hashes.push(previous);
    }
    if (rows.length > 0) {
      await runner.query(
        `UPDATE ${table} a SET prev_hash = v.prev_hash, hash = v.hash
           FROM unnest($1::bigint[], $2::text[], $3::text[]) AS v(id, prev_hash, hash) WHERE a.id = v.id`,
        [ids, prevHashes, hashes],
      );
    }
    chained += rows.length;
    if (rows.length < BATCH) break;
    after = rows[rows.length - 1]?.id ?? after;
  }
  await runner.query(`ALTER TABLE ${table} ENABLE TRIGGER audit_log_append_only`);
  return chained;
}

/** The rows after `afterId`, in id order, in the forms the chain hashes (see AuditChainContent). */
export async function readAuditRows(
  runner: SqlRunner,
  schema: string,
  afterId: string,
  limit: number,
): Promise<StoredAuditRow[]> {
  const rows = (await runner.query(
    `SELECT id::text AS id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
            actor_user_id, actor_username, actor_role, action, target_type, target_id, outcome, before, after,
            detail, correlation_id, to_jsonb(a) ->> 'region_code' AS region_code, prev_hash, hash
       FROM ${quoteIdent(schema)}.audit_log a WHERE a.id > $1::bigint ORDER BY a.id LIMIT $2`,
    [afterId, limit],
  )) as Record<string, unknown>[];
  return rows.map((row) => ({
    id: row.id as string,
    at: row.at as string,
    actorUserId: row.actor_user_id as string | null,
    actorUsername: row.actor_username as string | null,
    actorRole: row.actor_role as string | null,
    action: row.action as string,
    targetType: row.target_type as string,
    targetId: row.target_id as string | null,
    outcome: row.outcome as string,
    before: row.before,
    after: row.after,
    detail: row.detail as string | null,
    correlationId: row.correlation_id as string | null,
    regionCode: row.region_code as string | null,
    prevHash: row.prev_hash as string | null,
    hash: row.hash as string | null,
  }));
}
