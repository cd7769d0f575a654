import type { QueryRunner } from 'typeorm';
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

export async function dropAuditTable(queryRunner: QueryRunner, schema: string): Promise<void> {
  const s = quoteIdent(schema);
  await queryRunner.query(`DROP TABLE ${s}.audit_log`);
  await queryRunner.query(`DROP FUNCTION ${s}.audit_log_append_only()`);
}
