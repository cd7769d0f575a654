import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who uploaded a milestone's file as people read it (the account's 姓名或单位 then), beside the username. Files
 * uploaded before have none: the view shows their username.
 */
export class MilestoneFileUploaderName1770000000300 implements MigrationInterface {
  name = 'MilestoneFileUploaderName1770000000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE projects.milestone_file ADD COLUMN uploaded_by_name text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE projects.milestone_file DROP COLUMN uploaded_by_name`);
  }
}
