import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every notice through every channel, and SMS (issue 14):
 * - `notice`: a notice another service raised (a report submitted or returned, an expenditure flagged, an
 *   inspection signed…), once per (source, id); the delivery log now logs a notice's deliveries as it logs
 *   a reminder stage's, with its own once-key (notice, recipient, channel, endpoint);
 * - the SMS channel (`sms`) beside e-mail and webhooks, in the address book, the delivery log and the
 *   outbound messages;
 * - `channel_opt_out`: a person's own choice not to be reached on a channel (SMS) at all.
 */
export class NoticesAndSms1770000000031 implements MigrationInterface {
  name = 'NoticesAndSms1770000000031';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE notifications.notice (
        id uuid PRIMARY KEY,
        source text NOT NULL,
        source_id text NOT NULL,
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        project_id uuid,
        region_code text NOT NULL,
        created_at timestamptz NOT NULL,
        UNIQUE (source, source_id)
      )`);
    await queryRunner.query(`
      ALTER TABLE notifications.delivery
        ALTER COLUMN deadline_id DROP NOT NULL,
        ALTER COLUMN plan_version DROP NOT NULL,
        ALTER COLUMN reminder_id DROP NOT NULL,
        ADD COLUMN notice_id uuid REFERENCES notifications.notice (id),
        ADD CONSTRAINT delivery_reminder_or_notice CHECK (
          (notice_id IS NULL AND deadline_id IS NOT NULL AND plan_version IS NOT NULL AND reminder_id IS NOT NULL)
          OR (notice_id IS NOT NULL AND deadline_id IS NULL AND plan_version IS NULL AND reminder_id IS NULL))`);
    // DESIGN rule 5 for notices: one delivery per (notice, recipient, channel, endpoint).
    await queryRunner.query(`
      CREATE UNIQUE INDEX delivery_notice_once ON notifications.delivery (notice_id, recipient, channel, endpoint)
        WHERE notice_id IS NOT NULL`);
    await queryRunner.query(`
      ALTER TABLE notifications.delivery DROP CONSTRAINT delivery_channel_check,
        ADD CONSTRAINT delivery_channel_check CHECK (channel IN ('inbox', 'email', 'webhook', 'sms'))`);
    await queryRunner.query(`
      ALTER TABLE notifications.contact_channel DROP CONSTRAINT contact_channel_kind_check,
        ADD CONSTRAINT contact_channel_kind_check CHECK (kind IN ('email', 'webhook', 'sms'))`);
    await queryRunner.query(`
      ALTER TABLE notifications.outbound_message DROP CONSTRAINT outbound_message_channel_check,
        ADD CONSTRAINT outbound_message_channel_check CHECK (channel IN ('email', 'webhook', 'sms'))`);
    await queryRunner.query(`
      CREATE TABLE notifications.channel_opt_out (
        addressee_key text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('email', 'webhook', 'sms')),
        opted_out_at timestamptz NOT NULL,
        PRIMARY KEY (addressee_key, channel)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE notifications.channel_opt_out`);
    await queryRunner.query(`DELETE FROM notifications.delivery WHERE notice_id IS NOT NULL OR channel = 'sms'`);
    await queryRunner.query(`DELETE FROM notifications.contact_channel WHERE kind = 'sms'`);
    await queryRunner.query(`
      ALTER TABLE notifications.outbound_message DROP CONSTRAINT outbound_message_channel_check,
        ADD CONSTRAINT outbound_message_channel_check CHECK (channel IN ('email', 'webhook'))`);
    await queryRunner.query(`
      ALTER TABLE notifications.contact_channel DROP CONSTRAINT contact_channel_kind_check,
        ADD CONSTRAINT contact_channel_kind_check CHECK (kind IN ('email', 'webhook'))`);
    await queryRunner.query(`
      ALTER TABLE notifications.delivery DROP CONSTRAINT delivery_channel_check,
        ADD CONSTRAINT delivery_channel_check CHECK (channel IN ('inbox', 'email', 'webhook'))`);
    await queryRunner.query(`DROP INDEX notifications.delivery_notice_once`);
    await queryRunner.query(`
      ALTER TABLE notifications.delivery DROP CONSTRAINT delivery_reminder_or_notice, DROP COLUMN notice_id,
        ALTER COLUMN deadline_id SET NOT NULL, ALTER COLUMN plan_version SET NOT NULL,
        ALTER COLUMN reminder_id SET NOT NULL`);
    await queryRunner.query(`DROP TABLE notifications.notice`);
  }
}
