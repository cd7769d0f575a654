import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Personal calendar feeds (issue 15): calendar apps subscribe by URL and cannot send a bearer header, so
 * each user may hold one feed token. Only its SHA-256 is stored (the token is 256 random bits: a fast hash
 * is enough, and a leaked table gives no working URL); rotating replaces the row, revoking deletes it.
 */
export class CreateCalendarFeedTokens1765310000000 implements MigrationInterface {
  name = 'CreateCalendarFeedTokens1765310000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE gateway.calendar_feed_token (
        user_id uuid PRIMARY KEY REFERENCES gateway.account (id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
        created_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE gateway.calendar_feed_token`);
  }
}
