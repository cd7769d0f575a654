import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed logins lock an account for one client address only (issue 12, finding 5): the count and the lock
 * move to `login_attempt`, one row per account and address (deleted by a successful login, pruned once it
 * has lapsed). The account keeps a count over every address, which only slows logins down: it never locks,
 * so its `locked_until` goes (an account locked at the time of this migration is unlocked by it).
 */
export class LockLoginsPerAddress1765000000000 implements MigrationInterface {
  name = 'LockLoginsPerAddress1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE gateway.login_attempt (
        account_id uuid NOT NULL REFERENCES gateway.account (id) ON DELETE CASCADE,
        client_address text NOT NULL CHECK (client_address <> '' AND length(client_address) <= 64),
        failed_attempts integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
        locked_until timestamptz,
        last_attempt_at timestamptz,
        PRIMARY KEY (account_id, client_address)
      )`);
    await queryRunner.query(`CREATE INDEX login_attempt_last_attempt_idx ON gateway.login_attempt (last_attempt_at)`);
    await queryRunner.query(`ALTER TABLE gateway.account DROP COLUMN locked_until`);
    await queryRunner.query(`ALTER TABLE gateway.account ADD COLUMN last_attempt_at timestamptz`);
    await queryRunner.query(`UPDATE gateway.account SET failed_attempts = 0`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE gateway.account DROP COLUMN last_attempt_at`);
    await queryRunner.query(`ALTER TABLE gateway.account ADD COLUMN locked_until timestamptz`);
    await queryRunner.query(`DROP TABLE gateway.login_attempt`);
  }
}
