import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A programme's budget by funding source, in integer fen. `programme_code` names a programme of the
 * projects service: there is no foreign key, services share no tables.
 */
export class CreateProgrammeBudgets1764500000000 implements MigrationInterface {
  name = 'CreateProgrammeBudgets1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE funding.programme_budget (
        programme_code text NOT NULL CHECK (programme_code <> ''),
        source text NOT NULL CHECK (source IN ('province_special', 'province_employment', 'city', 'county')),
        amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
        PRIMARY KEY (programme_code, source)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE funding.programme_budget`);
  }
}
