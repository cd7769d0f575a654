import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Monthly reports are chased as deadlines (issue 14): a programme says how many working days a county has
 * to resubmit a returned report, and may give its reports an exact reminder plan (ISO 8601 offsets from the
 * due instant) instead of the working-day policy.
 */
export class ReportSettings1770000000030 implements MigrationInterface {
  name = 'ReportSettings1770000000030';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE projects.programme
        ADD COLUMN report_resubmit_working_days integer NOT NULL DEFAULT 5
          CHECK (report_resubmit_working_days BETWEEN 1 AND 30),
        ADD COLUMN report_reminder_plan jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE projects.programme DROP COLUMN report_resubmit_working_days, DROP COLUMN report_reminder_plan`,
    );
  }
}
