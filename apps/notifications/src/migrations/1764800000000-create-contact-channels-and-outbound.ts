import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * E-mail and webhook delivery: the address book (`contact_channel`, per addressee), the messages that go out
 * (`outbound_message`, one digest per destination and reminder instant, with its retry state), each attempt
 * (`delivery_attempt`), and the delivery log extended so one addressee may have several endpoints of a
 * channel: its unique key becomes (deadline, plan version, stage, recipient, channel, endpoint).
 */
export class CreateContactChannelsAndOutbound1764800000000 implements MigrationInterface {
  name = 'CreateContactChannelsAndOutbound1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE notifications.contact_channel (
        id uuid PRIMARY KEY,
        addressee_key text NOT NULL,
        addressee jsonb NOT NULL,
        kind text NOT NULL CHECK (kind IN ('email', 'webhook')),
        target text NOT NULL,
        format text NOT NULL CHECK (format IN ('generic', 'dingtalk', 'wecom')),
        enabled boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (addressee_key, kind, target)
      )`);
    await queryRunner.query(`
      CREATE TABLE notifications.outbound_message (
        id uuid PRIMARY KEY,
        channel text NOT NULL CHECK (channel IN ('email', 'webhook')),
        format text NOT NULL CHECK (format IN ('generic', 'dingtalk', 'wecom')),
        target text NOT NULL,
        fire_at timestamptz NOT NULL,
        state text NOT NULL CHECK (state IN ('pending', 'sending', 'retrying', 'sent', 'failed', 'cancelled')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        lease_until timestamptz,
        last_error text,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // At most one digest still gathering per destination and instant: every reminder of that instant joins
    // it (INSERT … ON CONFLICT on this index) until its first attempt closes it.
    await queryRunner.query(`
      CREATE UNIQUE INDEX outbound_gathering_idx ON notifications.outbound_message (channel, format, target, fire_at)
        WHERE state = 'pending'`);
    await queryRunner.query(`
      CREATE INDEX outbound_open_idx ON notifications.outbound_message (next_attempt_at)
        WHERE state IN ('pending', 'sending', 'retrying')`);
    await queryRunner.query(`CREATE INDEX outbound_state_idx ON notifications.outbound_message (state, created_at)`);
    await queryRunner.query(`
      CREATE TABLE notifications.delivery_attempt (
        outbound_id uuid NOT NULL REFERENCES notifications.outbound_message (id),
        attempt integer NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        outcome text CHECK (outcome IN ('sent', 'error')),
        error text,
        PRIMARY KEY (outbound_id, attempt)
      )`);
    await queryRunner.query(`
      ALTER TABLE notifications.delivery
        ADD COLUMN endpoint text NOT NULL DEFAULT '',
        ADD COLUMN outbound_id uuid REFERENCES notifications.outbound_message (id),
        ADD COLUMN title text,
        ADD COLUMN body text,
        ADD COLUMN link text`);
    await queryRunner.query(
      `ALTER TABLE notifications.delivery DROP CONSTRAINT delivery_deadline_id_plan_version_stage_recipient_channel_key`,
    );
    // DESIGN rule 5's key, per endpoint: the inbox has one ('' ), an addressee may have several e-mail
    // addresses or webhooks (the contact channel's id).
    await queryRunner.query(`
      ALTER TABLE notifications.delivery ADD CONSTRAINT delivery_once
        UNIQUE (deadline_id, plan_version, stage, recipient, channel, endpoint)`);
    await queryRunner.query(
      `CREATE INDEX delivery_outbound_idx ON notifications.delivery (outbound_id) WHERE outbound_id IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX notifications.delivery_outbound_idx`);
    await queryRunner.query(`ALTER TABLE notifications.delivery DROP CONSTRAINT delivery_once`);
    await queryRunner.query(`DELETE FROM notifications.delivery WHERE channel <> 'inbox'`);
    await queryRunner.query(`
      ALTER TABLE notifications.delivery ADD CONSTRAINT delivery_deadline_id_plan_version_stage_recipient_channel_key
        UNIQUE (deadline_id, plan_version, stage, recipient, channel)`);
    await queryRunner.query(`
      ALTER TABLE notifications.delivery
        DROP COLUMN link, DROP COLUMN body, DROP COLUMN title, DROP COLUMN outbound_id, DROP COLUMN endpoint`);
    await queryRunner.query(`DROP TABLE notifications.delivery_attempt`);
    await queryRunner.query(`DROP TABLE notifications.outbound_message`);
    await queryRunner.query(`DROP TABLE notifications.contact_channel`);
  }
}
