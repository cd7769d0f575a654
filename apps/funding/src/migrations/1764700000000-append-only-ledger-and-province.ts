import type { MigrationInterface, QueryRunner } from 'typeorm';

const LEDGER_TABLES = ['disbursement', 'expenditure'] as const;

/**
 * Money records become append-only, in the database itself and not only in the code:
 * - a correction is a reversal entry (冲销): `reverses_id` names the entry it offsets and `reason` says why;
 *   its amount is the exact negative of the original's (same project and source), checked on insert; an
 *   entry is reversed at most once (UNIQUE), and a reversal is never reversed;
 * - UPDATE, DELETE and TRUNCATE of `disbursement` and `expenditure` are refused by triggers, whoever runs them.
 * Sums over the ledger (rollups) need no change: a reversal simply adds its negative amount.
 *
 * `project` also keeps the province's name and its own population base with the source of that figure, from
 * ProjectRegistered (optional there: absent in older events), so 附件4's 全省总计 line shows the province's
 * figure rather than a sum of county figures taken from different statistics.
 */
export class AppendOnlyLedgerAndProvince1764700000000 implements MigrationInterface {
  name = 'AppendOnlyLedgerAndProvince1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE funding.project
        ADD COLUMN province_name text,
        ADD COLUMN province_population integer CHECK (province_population >= 0),
        ADD COLUMN province_population_source text`);

    await queryRunner.query(`
      CREATE FUNCTION funding.refuse_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'funding.% is append-only: % refused; a correction is a reversal entry', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'integrity_constraint_violation';
      END $$`);
    // A reversal must offset its original exactly: same project and source, the opposite amount, and the
    // original must not itself be a reversal. Run on insert, so no code path can write a lopsided one.
    await queryRunner.query(`
      CREATE FUNCTION funding.check_reversal() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        original record;
        found_rows integer;
      BEGIN
        IF NEW.reverses_id IS NULL THEN
          RETURN NEW;
        END IF;
        EXECUTE format('SELECT project_id, source, amount_fen, reverses_id FROM funding.%I WHERE id = $1', TG_TABLE_NAME)
          INTO original USING NEW.reverses_id;
        GET DIAGNOSTICS found_rows = ROW_COUNT; -- EXECUTE leaves FOUND as it was
        IF found_rows = 0 THEN
          RAISE EXCEPTION 'funding.%: reversal of unknown entry %', TG_TABLE_NAME, NEW.reverses_id
            USING ERRCODE = 'foreign_key_violation';
        END IF;
        IF original.reverses_id IS NOT NULL THEN
          RAISE EXCEPTION 'funding.%: entry % is a reversal and cannot be reversed', TG_TABLE_NAME, NEW.reverses_id
            USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.project_id <> original.project_id OR NEW.source <> original.source
           OR NEW.amount_fen <> -original.amount_fen THEN
          RAISE EXCEPTION 'funding.%: a reversal must offset entry % exactly', TG_TABLE_NAME, NEW.reverses_id
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);

    for (const table of LEDGER_TABLES) {
      await queryRunner.query(`
        ALTER TABLE funding.${table}
          ADD COLUMN reverses_id uuid REFERENCES funding.${table} (id),
          ADD COLUMN reason text,
          DROP CONSTRAINT ${table}_amount_fen_check,
          ADD CONSTRAINT ${table}_entry_check CHECK (
            (reverses_id IS NULL AND reason IS NULL AND amount_fen > 0)
            OR (reverses_id IS NOT NULL AND reason IS NOT NULL AND reason <> '' AND amount_fen < 0)),
          ADD CONSTRAINT ${table}_reversed_once UNIQUE (reverses_id)`);
      await queryRunner.query(`
        CREATE TRIGGER ${table}_check_reversal BEFORE INSERT ON funding.${table}
          FOR EACH ROW EXECUTE FUNCTION funding.check_reversal()`);
      await queryRunner.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON funding.${table}
          FOR EACH ROW EXECUTE FUNCTION funding.refuse_ledger_change()`);
      await queryRunner.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON funding.${table}
          FOR EACH STATEMENT EXECUTE FUNCTION funding.refuse_ledger_change()`);
    }
  }

  /** Fails (the old CHECK is violated) while reversal entries exist: they are not thrown away silently. */
  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of LEDGER_TABLES) {
      await queryRunner.query(`DROP TRIGGER ${table}_no_truncate ON funding.${table}`);
      await queryRunner.query(`DROP TRIGGER ${table}_append_only ON funding.${table}`);
      await queryRunner.query(`DROP TRIGGER ${table}_check_reversal ON funding.${table}`);
      await queryRunner.query(`
        ALTER TABLE funding.${table}
          DROP CONSTRAINT ${table}_reversed_once,
          DROP CONSTRAINT ${table}_entry_check,
          ADD CONSTRAINT ${table}_amount_fen_check CHECK (amount_fen > 0),
          DROP COLUMN reason,
          DROP COLUMN reverses_id`);
    }
    await queryRunner.query(`DROP FUNCTION funding.check_reversal()`);
    await queryRunner.query(`DROP FUNCTION funding.refuse_ledger_change()`);
    await queryRunner.query(`
      ALTER TABLE funding.project
        DROP COLUMN province_population_source,
        DROP COLUMN province_population,
        DROP COLUMN province_name`);
  }
}
