import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Repairs of data an earlier version wrote, that need the service's rules and events (which SQL alone cannot
 * give): a migration notes one by name, and the service does it once at its next start (`DataRepairsRepository`
 * takes the note).
 *
 * Noted here: `withdraw-unowed-report-months` (`UnowedReportMonthsRepair`). Before the owed-months rule
 * (`owesMonthlyReport`), a programme set up during its year announced a report deadline for every month of the
 * year, and its counties were chased for reports that fell due before it existed, until the province saved its
 * 月报设置. Only an install that has programmes needs it: a new one starts with none, and every programme made
 * since announces only what it owes.
 */
export class DataRepairs1770000000330 implements MigrationInterface {
  name = 'DataRepairs1770000000330';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE projects.data_repair (
        name text PRIMARY KEY,
        noted_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      INSERT INTO projects.data_repair (name)
      SELECT 'withdraw-unowed-report-months' WHERE EXISTS (SELECT 1 FROM projects.programme)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE projects.data_repair`);
  }
}
