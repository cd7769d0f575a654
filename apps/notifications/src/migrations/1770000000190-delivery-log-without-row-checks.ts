import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The delivery log's references to its deadline, reminder row and in-app row are no longer checked row by row
 * (issue 17, G2). Each check is a trigger and a keyed lookup per logged delivery, a third of the time of the
 * statement that logs an instant's 100,000 in-app deliveries. What they guarded cannot happen: nothing ever
 * deletes a deadline, a reminder row or an in-app row (the service has no such statement), and every writer
 * of the log takes those ids from rows it holds in the same transaction (the deadline and reminder it locked
 * and claimed, the in-app row written by the same statement). The references to notices and outbound
 * messages, null when a reminder is logged, stay checked.
 */
export class DeliveryLogWithoutRowChecks1770000000190 implements MigrationInterface {
  name = 'DeliveryLogWithoutRowChecks1770000000190';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE notifications.delivery
        DROP CONSTRAINT delivery_deadline_id_fkey,
        DROP CONSTRAINT delivery_reminder_id_fkey,
        DROP CONSTRAINT delivery_notification_id_fkey`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE notifications.delivery
        ADD CONSTRAINT delivery_deadline_id_fkey FOREIGN KEY (deadline_id) REFERENCES notifications.deadline (id),
        ADD CONSTRAINT delivery_reminder_id_fkey FOREIGN KEY (reminder_id) REFERENCES notifications.reminder (id),
        ADD CONSTRAINT delivery_notification_id_fkey FOREIGN KEY (notification_id)
          REFERENCES notifications.notification (id)`);
  }
}
