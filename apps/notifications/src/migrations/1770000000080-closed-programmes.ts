import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Programmes the projects service has closed (ProgrammeClosed, issue 13): their open deadlines were cancelled
 * when the event arrived, and any later deadline event about them (a late `deadline.set` from another service,
 * an update still in flight) is recorded as cancelled, never planned. Closing is final: rows are never deleted.
 */
export class ClosedProgrammes1770000000080 implements MigrationInterface {
  name = 'ClosedProgrammes1770000000080';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE notifications.closed_programme (
        programme_id uuid PRIMARY KEY,
        programme_code text NOT NULL,
        status text NOT NULL CHECK (status IN ('closed', 'archived')),
        closed_at timestamptz NOT NULL,
        event_id text NOT NULL,
        cancelled_deadlines integer NOT NULL CHECK (cancelled_deadlines >= 0)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE notifications.closed_programme`);
  }
}
