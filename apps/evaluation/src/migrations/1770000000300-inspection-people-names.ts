import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The inspectors and whoever withdrew an inspection as people read them (each account's 姓名或单位 then),
 * beside the usernames the inspection keeps: the acceptance report and the inspection page name people, not
 * logins. Inspections from before have none: their views show the usernames.
 */
export class InspectionPeopleNames1770000000300 implements MigrationInterface {
  name = 'InspectionPeopleNames1770000000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE evaluation.inspection
        ADD COLUMN inspector_names jsonb NOT NULL DEFAULT '{}'::jsonb,
        ADD COLUMN cancelled_by_name text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE evaluation.inspection DROP COLUMN cancelled_by_name, DROP COLUMN inspector_names`,
    );
  }
}
