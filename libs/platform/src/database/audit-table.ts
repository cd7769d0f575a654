import type { QueryRunner } from 'typeorm';
import { backfillAuditChain } from '../audit/audit-chain';
import { quoteIdent } from './messaging-tables';

/**
 * The append-only audit trail a service keeps in its own schema: every write it makes and every attempt
 * it denies, written in the same transaction as the write. A trigger refuses UPDATE, DELETE and TRUNCATE,
 * so the application cannot rewrite history even by mistake.
 */
export async function createAuditTable(queryRunner: QueryRunner, schema: string): Promise<void> {
  const s = quoteIdent(schema);
  await queryRunner.query(`
    CREATE TABLE ${s}.audit_log (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      actor_user_id text,
      actor_username text,
      actor_role text,
      action text NOT NULL,
      target_type text NOT NULL,
      target_id text,
      outcome text NOT NULL CHECK (outcome IN ('done', 'denied', 'refused')),
      before jsonb,
      after jsonb,
      detail text,
      correlation_id text
    )`);
  await queryRunner.query(`CREATE INDEX audit_log_target_idx ON ${s}.audit_log (target_type, target_id, at)`);
  await queryRunner.query(`CREATE INDEX audit_log_correlation_idx ON ${s}.audit_log (correlation_id)`);
  await queryRunner.query(`
    CREATE FUNCTION ${s}.audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
    END $$`);
  await queryRunner.query(`
    CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON ${s}.audit_log
      FOR EACH ROW EXECUTE FUNCTION ${s}.audit_log_append_only()`);
  await queryRunner.query(`
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON ${s}.audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION ${s}.audit_log_append_only()`);
}

/**
 * Makes the trail tamper-evident (a later migration of each service): every row stores the previous row's
 * hash and its own (see audit-hash); the rows already there are chained in id order. From then on AuditLog
 * chains each new row under a per-schema lock. The trail is kept at least 180 days (等保 2.0): nothing in
 * the platform ever deletes from it, and the trigger refuses anyone who tries.
 */
export async function chainAuditTable(queryRunner: QueryRunner, schema: string): Promise<void> {
  const s = quoteIdent(schema);
  await queryRunner.query(`ALTER TABLE ${s}.audit_log ADD COLUMN prev_hash text, ADD COLUMN hash text`);
  await backfillAuditChain(queryRunner, schema);
  await queryRunner.query(`
    ALTER TABLE ${s}.audit_log
      ALTER COLUMN prev_hash SET NOT NULL,
      ALTER COLUMN hash SET NOT NULL,
      ADD CONSTRAINT audit_log_hash_format CHECK (prev_hash ~ '^[0-9a-f]{64}$' AND hash ~ '^[0-9a-f]{64}$')`);
  await queryRunner.query(
    `COMMENT ON COLUMN ${s}.audit_log.hash IS 'SHA-256 over prev_hash and the row''s canonical content (@duban/platform audit-hash)'`,
  );
}

export async function unchainAuditTable(queryRunner: QueryRunner, schema: string): Promise<void> {
  await queryRunner.query(`ALTER TABLE ${quoteIdent(schema)}.audit_log DROP COLUMN prev_hash, DROP COLUMN hash`);
}

export async function dropAuditTable(queryRunner: QueryRunner, schema: string): Promise<void> {
  const s = quoteIdent(schema);
  await queryRunner.query(`DROP TABLE ${s}.audit_log`);
  await queryRunner.query(`DROP FUNCTION ${s}.audit_log_append_only()`);
}

/**
 * Issue 16: each row names the region it is about (the thing's region, or the acting person's single
 * region), so the province can read a trail by region. Rows written before stay without one; the chain
 * hashes the column only when it is set (see audit-hash), so their hashes hold unchanged.
 */
export async function addAuditRegion(queryRunner: QueryRunner, schema: string): Promise<void> {
  const s = quoteIdent(schema);
  await queryRunner.query(`ALTER TABLE ${s}.audit_log ADD COLUMN region_code text CHECK (region_code ~ '^[0-9]{6}$')`);
  await queryRunner.query(`CREATE INDEX audit_log_region_idx ON ${s}.audit_log (region_code, at)`);
  await queryRunner.query(`CREATE INDEX audit_log_actor_idx ON ${s}.audit_log (actor_username, at)`);
  await queryRunner.query(`CREATE INDEX audit_log_at_idx ON ${s}.audit_log (at)`);
}

export async function dropAuditRegion(queryRunner: QueryRunner, schema: string): Promise<void> {
  const s = quoteIdent(schema);
  await queryRunner.query(`DROP INDEX ${s}.audit_log_at_idx`);
  await queryRunner.query(`DROP INDEX ${s}.audit_log_actor_idx`);
  await queryRunner.query(`ALTER TABLE ${s}.audit_log DROP COLUMN region_code`);
}
