import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Programmes the projects service has closed (ProgrammeClosed, issue 13): their inspections, scores,
 * signatures, rectifications and acceptance settings are read-only from then on (409). Closing is final.
 */
export class ClosedProgrammes1770000000082 implements MigrationInterface {
  name = 'ClosedProgrammes1770000000082';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE evaluation.closed_programme (
        programme_id uuid PRIMARY KEY,
        programme_code text NOT NULL,
        name text NOT NULL,
        year integer NOT NULL,
        status text NOT NULL CHECK (status IN ('closed', 'archived')),
        closed_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE evaluation.closed_programme`);
  }
}
