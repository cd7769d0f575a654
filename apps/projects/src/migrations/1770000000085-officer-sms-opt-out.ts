import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14: a leading-group member without an account asks the county to stop texting them (退订短信); the
 * county records it on the member, and the notifications service drops their SMS channel.
 */
export class OfficerSmsOptOut1770000000085 implements MigrationInterface {
  name = 'OfficerSmsOptOut1770000000085';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE projects.officer ADD COLUMN sms_opted_out boolean NOT NULL DEFAULT false`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE projects.officer DROP COLUMN sms_opted_out`);
  }
}
