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

/**
 * G4: the chain's append as one call (AuditLog uses it). `audit_log_append` takes the chain's lock, reads the
 * last hash (a statement of its own, so its snapshot sees the previous holder's row), then for each row draws
 * its id and stores it with SHA-256 over the previous hash and the row's canonical content: `["<id>",` and the
 * rest, which AuditLog builds as before (`canonicalAuditFields`), so the chain verifies as before. Holding the
 * lock then costs one round trip and the commit, not three round trips through the caller's event loop.
 */
export async function createAuditAppend(queryRunner: QueryRunner, schema: string): Promise<void> {
  const s = quoteIdent(schema);
  await queryRunner.query(`
    CREATE FUNCTION ${s}.audit_log_append(
      p_at timestamptz[], p_actor_user_id text[], p_actor_username text[], p_actor_role text[], p_action text[],
      p_target_type text[], p_target_id text[], p_outcome text[], p_before jsonb[], p_after jsonb[],
      p_detail text[], p_correlation_id text[], p_region_code text[], p_fields text[]
    ) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      previous text;
      row_id bigint;
      row_hash text;
    BEGIN
      PERFORM pg_advisory_xact_lock(hashtext('duban:audit:${schema}'));
      SELECT coalesce((SELECT hash FROM ${s}.audit_log ORDER BY id DESC LIMIT 1), repeat('0', 64)) INTO previous;
      FOR i IN 1 .. coalesce(array_length(p_fields, 1), 0) LOOP
        row_id := nextval(pg_get_serial_sequence('${s}.audit_log', 'id'));
        row_hash := encode(sha256(convert_to(previous || E'\\n' || '["' || row_id || '",' || p_fields[i], 'UTF8')), 'hex');
        INSERT INTO ${s}.audit_log
          (id, at, actor_user_id, actor_username, actor_role, action, target_type, target_id, outcome, before, after,
           detail, correlation_id, region_code, prev_hash, hash)
        VALUES (row_id, p_at[i], p_actor_user_id[i], p_actor_username[i], p_actor_role[i], p_action[i],
                p_target_type[i], p_target_id[i], p_outcome[i], p_before[i], p_after[i], p_detail[i],
                p_correlation_id[i], p_region_code[i], previous, row_hash);
        previous := row_hash;
      END LOOP;
    END $$`);
}

export async function dropAuditAppend(queryRunner: QueryRunner, schema: string): Promise<void> {
  await queryRunner.query(`DROP FUNCTION ${quoteIdent(schema)}.audit_log_append`);
}
