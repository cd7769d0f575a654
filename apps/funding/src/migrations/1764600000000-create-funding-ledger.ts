import { createAuditTable, dropAuditTable } from '@duban/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const SOURCES = `('province_special', 'province_employment', 'city', 'county')`;

/**
 * The funding ledger, all money in integer fen (bigint):
 * - `project`: the county projects this service has heard of (ProjectRegistered), with their place in the
 *   region tree and population base. A copy, kept by the consumer: services share no tables.
 * - `allocation`: what each source gives each county (one row per project and source; set, not added).
 * - `disbursement` (拨付) and `expenditure` (支出): append-only facts, each with who recorded it.
 * - `audit_log`: every write, denial and refusal.
 */
export class CreateFundingLedger1764600000000 implements MigrationInterface {
  name = 'CreateFundingLedger1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE funding.project (
        project_id uuid PRIMARY KEY,
        programme_id uuid NOT NULL,
        programme_code text NOT NULL,
        programme_year integer NOT NULL,
        name text NOT NULL,
        region_code text NOT NULL,
        region_name text NOT NULL,
        city_code text,
        city_name text,
        province_code text,
        population integer CHECK (population >= 0),
        population_source text,
        registered_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (programme_id, region_code)
      )`);
    await queryRunner.query(`CREATE INDEX project_programme_code_idx ON funding.project (programme_code, region_code)`);
    await queryRunner.query(`CREATE INDEX project_city_idx ON funding.project (city_code)`);
    await queryRunner.query(`CREATE INDEX project_province_idx ON funding.project (province_code)`);
    await queryRunner.query(`
      CREATE TABLE funding.allocation (
        project_id uuid NOT NULL REFERENCES funding.project (project_id),
        source text NOT NULL CHECK (source IN ${SOURCES}),
        amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL,
        PRIMARY KEY (project_id, source)
      )`);
    await queryRunner.query(`
      CREATE TABLE funding.disbursement (
        id uuid PRIMARY KEY,
        project_id uuid NOT NULL REFERENCES funding.project (project_id),
        source text NOT NULL CHECK (source IN ${SOURCES}),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        date date NOT NULL,
        document_number text NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX disbursement_project_idx ON funding.disbursement (project_id, date)`);
    await queryRunner.query(`
      CREATE TABLE funding.expenditure (
        id uuid PRIMARY KEY,
        project_id uuid NOT NULL REFERENCES funding.project (project_id),
        source text NOT NULL CHECK (source IN ${SOURCES}),
        category text NOT NULL
          CHECK (category IN ('hardware', 'fit_out', 'rent', 'training', 'services', 'staff', 'other')),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        date date NOT NULL,
        payee text NOT NULL,
        note text NOT NULL,
        attachment_ref text,
        flags jsonb NOT NULL DEFAULT '[]',
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX expenditure_project_idx ON funding.expenditure (project_id, date)`);
    await createAuditTable(queryRunner, 'funding');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropAuditTable(queryRunner, 'funding');
    await queryRunner.query(`DROP TABLE funding.expenditure`);
    await queryRunner.query(`DROP TABLE funding.disbursement`);
    await queryRunner.query(`DROP TABLE funding.allocation`);
    await queryRunner.query(`DROP TABLE funding.project`);
  }
}
