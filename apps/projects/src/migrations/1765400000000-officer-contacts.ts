import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Leading-group members are people with contacts, whether or not they have an account (issue 13): mobile,
 * e-mail, DingTalk and WeCom user ids, edited with the group in the web app.
 */
export class OfficerContacts1765400000000 implements MigrationInterface {
  name = 'OfficerContacts1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE projects.officer
        ADD COLUMN mobile text CHECK (mobile ~ '^1[0-9]{10}$'),
        ADD COLUMN email text CHECK (length(email) <= 254 AND email LIKE '%@%'),
        ADD COLUMN dingtalk_id text CHECK (length(dingtalk_id) BETWEEN 1 AND 64),
        ADD COLUMN wecom_id text CHECK (length(wecom_id) BETWEEN 1 AND 64)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE projects.officer DROP COLUMN mobile, DROP COLUMN email, DROP COLUMN dingtalk_id, DROP COLUMN wecom_id`,
    );
  }
}
