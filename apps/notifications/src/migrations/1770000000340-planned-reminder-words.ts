import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A planned reminder's words (issue 17, G2): its title, body and link, written by the planner for the stage's
 * instant, so that an instant's firing writes the in-app rows of 100,000 reminders from the rows themselves
 * (`INSERT … SELECT`), not from words made and sent by node one by one. None for a row planned before this (or
 * not planned): the firing makes its words then, as it always did.
 * - A table of their own, keyed by the reminder: on the reminder row, the words (about 300 bytes) were copied
 *   into the new row version the claim writes when it marks the row sent, which doubled that update's cost
 *   (measured: 124 against 66 ms for 5,000). Nothing deletes reminder rows, so nothing deletes these.
 *
 * - `notifications.uuid_v7()`: the in-app rows written so keep time-ordered ids, as node's `uuid` v7 gives every
 * other row: a random (v4) id would scatter the inbox's primary-key inserts over the whole index. The standard
 * layout (RFC 9562): 48 bits of Unix milliseconds, then the random bits of a v4 id with its version set to 7.
 */
export class PlannedReminderWords1770000000340 implements MigrationInterface {
  name = 'PlannedReminderWords1770000000340';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE notifications.reminder_message (
        reminder_id uuid PRIMARY KEY,
        title text NOT NULL,
        body text NOT NULL,
        link text
      )`);
    await queryRunner.query(`
      CREATE FUNCTION notifications.uuid_v7() RETURNS uuid LANGUAGE sql VOLATILE AS $$
        SELECT encode(
                 set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
                                         PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                                         FROM 1 FOR 6),
                                 52, 1),
                         53, 1),
                 'hex')::uuid
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION notifications.uuid_v7()`);
    await queryRunner.query(`DROP TABLE notifications.reminder_message`);
  }
}
