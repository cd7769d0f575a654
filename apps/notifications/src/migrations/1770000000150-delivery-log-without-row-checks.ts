import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The delivery log no longer checks, row by row, that its reminder and its in-app row exist (issue 17, G2).
 * Every writer of those columns writes or locks the row they point to in the same transaction (a firing
 * claims the reminder; the in-app row is inserted by the same statement, or just before, by `InAppWriter`),
 * and nothing ever deletes a reminder or an in-app row. The checks found nothing, yet cost two lookups and
 * two row locks (each a WAL record) per delivery: 15–25% of the database's time for an instant of 100,000
 * reminders. The deadline's key stays checked (its row is locked already, so the check writes nothing), and
 * the unique keys that make a delivery once-only are untouched.
 */
export class DeliveryLogWithoutRowChecks1770000000150 implements MigrationInterface {
  name = 'DeliveryLogWithoutRowChecks1770000000150';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE notifications.delivery DROP CONSTRAINT delivery_reminder_id_fkey`);
    await queryRunner.query(`ALTER TABLE notifications.delivery DROP CONSTRAINT delivery_notification_id_fkey`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE notifications.delivery
        ADD CONSTRAINT delivery_reminder_id_fkey FOREIGN KEY (reminder_id) REFERENCES notifications.reminder (id),
        ADD CONSTRAINT delivery_notification_id_fkey FOREIGN KEY (notification_id)
          REFERENCES notifications.notification (id)`);
  }
}
