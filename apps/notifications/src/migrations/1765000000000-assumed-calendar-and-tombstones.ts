import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reminder engine's reliability mends (issue 12):
 * - `deadline.assumed_calendar_years`: the years of the current plan that had no holiday table when it was
 *   made (planned on Monday–Friday instead); re-planned when the table arrives, reported by the health check.
 * - `deadline_tombstone`: a clearing (`deadline.cleared`) that arrived before the deadline was ever set, kept
 *   with its event id (UUIDv7: its time), so an older `deadline.set` delivered later cannot open it again.
 */
export class AssumedCalendarAndTombstones1765000000000 implements MigrationInterface {
  name = 'AssumedCalendarAndTombstones1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE notifications.deadline ADD COLUMN assumed_calendar_years integer[] NOT NULL DEFAULT '{}'`,
    );
    // Only the few open deadlines planned on an assumed calendar are ever looked up by it.
    await queryRunner.query(`
      CREATE INDEX deadline_assumed_calendar_idx ON notifications.deadline (id)
        WHERE status = 'open' AND cardinality(assumed_calendar_years) > 0`);
    await queryRunner.query(`
      CREATE TABLE notifications.deadline_tombstone (
        source text NOT NULL,
        source_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('done', 'cancelled')),
        event_id uuid NOT NULL,
        cleared_at timestamptz NOT NULL,
        PRIMARY KEY (source, source_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE notifications.deadline_tombstone`);
    await queryRunner.query(`DROP INDEX notifications.deadline_assumed_calendar_idx`);
    await queryRunner.query(`ALTER TABLE notifications.deadline DROP COLUMN assumed_calendar_years`);
  }
}
