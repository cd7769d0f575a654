import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who may log in, with which role and over which regions. Text + CHECK rather than Postgres enums: the
 * roles are those of libs/contracts identity.ts (ROLES), and a new role is one migration changing the CHECK.
 */
export class CreateAccounts1764500000000 implements MigrationInterface {
  name = 'CreateAccounts1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE gateway.account (
        id uuid PRIMARY KEY,
        username text NOT NULL UNIQUE CHECK (username = lower(username) AND username ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
        display_name text NOT NULL CHECK (display_name <> ''),
        password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
        role text NOT NULL
          CHECK (role IN ('province_admin', 'city_officer', 'county_officer', 'leading_member', 'inspector')),
        region_codes text[] NOT NULL
          CHECK (cardinality(region_codes) >= 1 AND array_to_string(region_codes, ',') ~ '^[0-9]{6}(,[0-9]{6})*$'),
        demo boolean NOT NULL DEFAULT false,
        failed_attempts integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
        locked_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE gateway.account`);
  }
}
