import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who saved a programme template's version as people read it (the account's 姓名或单位 then), beside the
 * username. Versions saved before have none: the view shows their username.
 */
export class TemplateSaverName1770000000310 implements MigrationInterface {
  name = 'TemplateSaverName1770000000310';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE projects.programme_template ADD COLUMN created_by_name text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE projects.programme_template DROP COLUMN created_by_name`);
  }
}
