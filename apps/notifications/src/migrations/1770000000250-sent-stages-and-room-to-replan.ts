import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Re-planning a programme's open deadlines on a new reminder policy (issue 17, G6) without needless work:
 * - the stages earlier plans sent, found by their deadline in an index of sent rows only: every re-plan reads
 *   them (so nobody is reminded twice) and almost always finds none, which the unique (deadline, version,
 *   stage) index could only tell by visiting every reminder row the deadline ever had;
 * - room in each deadline page for a new version of its rows (fillfactor 50): moving a deadline to its next
 *   plan changes no indexed column, so the new row version can stay on its page (a HOT update) instead of
 *   adding an entry to each of the table's indexes. Pages written from now on keep that room;
 * - a reminder row's deadline no longer checked row by row (as the delivery log's, 1770000000190): the check
 *   is a trigger and a keyed lookup with a row lock per inserted stage, 100,000 of them in such a re-plan.
 *   What it guarded cannot happen: nothing ever deletes a deadline (the service has no such statement), and
 *   every writer of reminder rows (insertPlans, insertStages, insertSentStage) takes the deadline's id from
 *   the deadline row it holds locked in the same transaction.
 */
export class SentStagesAndRoomToReplan1770000000250 implements MigrationInterface {
  name = 'SentStagesAndRoomToReplan1770000000250';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX reminder_sent_idx ON notifications.reminder (deadline_id) WHERE state = 'sent'`,
    );
    await queryRunner.query(`ALTER TABLE notifications.deadline SET (fillfactor = 50)`);
    await queryRunner.query(`ALTER TABLE notifications.reminder DROP CONSTRAINT reminder_deadline_id_fkey`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE notifications.reminder
        ADD CONSTRAINT reminder_deadline_id_fkey FOREIGN KEY (deadline_id) REFERENCES notifications.deadline (id)`);
    await queryRunner.query(`ALTER TABLE notifications.deadline RESET (fillfactor)`);
    await queryRunner.query(`DROP INDEX notifications.reminder_sent_idx`);
  }
}
