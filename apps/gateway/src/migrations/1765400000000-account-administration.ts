import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts administered in the app (issue 13): an account can be disabled (its tokens are refused from the
 * next request on), must change a password an administrator set (a new account's first one, or a reset)
 * before anything else, and remembers who created it and when it last changed.
 */
export class AccountAdministration1765400000000 implements MigrationInterface {
  name = 'AccountAdministration1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE gateway.account
        ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
        ADD COLUMN disabled_at timestamptz,
        ADD COLUMN created_by uuid,
        ADD COLUMN updated_at timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE gateway.account
        DROP COLUMN must_change_password, DROP COLUMN disabled_at, DROP COLUMN created_by, DROP COLUMN updated_at`);
  }
}
