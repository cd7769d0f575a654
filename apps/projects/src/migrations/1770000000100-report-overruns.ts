import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 超时倒查 counts monthly reports too (issue 14, item 4): the first submission of a report records the working
 * days it came late (0 on time) and who answered for it then (the group's 组长), as a milestone's completion
 * does in `milestone_overrun`. One report has one first submission, so the record lives on its row; null on
 * rows filed before this column existed (the report then counts them from the first submission's instant).
 */
export class ReportOverruns1770000000100 implements MigrationInterface {
  name = 'ReportOverruns1770000000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE projects.monthly_report
        ADD COLUMN working_days_late integer CHECK (working_days_late >= 0),
        -- [{officerId, name, role, username}]: who answered for the report at its first submission.
        ADD COLUMN answerable jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE projects.monthly_report DROP COLUMN working_days_late, DROP COLUMN answerable`);
  }
}
