import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A programme's open deadlines, found by index: a new reminder policy re-plans them all at once (issue 17, G6)
 * and a closing cancels them; both walk them in id order, the order every multi-row lock of deadlines takes.
 */
export class OpenDeadlinesByProgramme1770000000130 implements MigrationInterface {
  name = 'OpenDeadlinesByProgramme1770000000130';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX deadline_open_programme_idx ON notifications.deadline (programme_id, id) WHERE status = 'open'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX notifications.deadline_open_programme_idx`);
  }
}
