import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A rectification may fall due at an exact instant with its own reminder instants (ISO 8601 offsets from
 * it), instead of the end of a local date on the working-day policy. `due_date` stays filled (the local
 * date of the instant), so every rectification has a date to show and sort on.
 */
export class RectificationExactDue1764900000000 implements MigrationInterface {
  name = 'RectificationExactDue1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE evaluation.rectification ADD COLUMN due_at timestamptz`);
    await queryRunner.query(`ALTER TABLE evaluation.rectification ADD COLUMN reminder_plan text[]`);
    await queryRunner.query(
      `ALTER TABLE evaluation.rectification ADD CONSTRAINT rectification_plan_needs_instant
         CHECK (reminder_plan IS NULL OR due_at IS NOT NULL)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE evaluation.rectification DROP CONSTRAINT rectification_plan_needs_instant`);
    await queryRunner.query(`ALTER TABLE evaluation.rectification DROP COLUMN reminder_plan`);
    await queryRunner.query(`ALTER TABLE evaluation.rectification DROP COLUMN due_at`);
  }
}
