import { createAuditTable, dropAuditTable } from '@duban/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deadlines (fed by events), one row per planned reminder stage (the truth; BullMQ only holds timers for
 * them), the delivery log whose unique key makes each delivery happen once, the in-app inbox with its read
 * state per person, and the audit trail.
 */
export class CreateDeadlinesAndReminders1764700000000 implements MigrationInterface {
  name = 'CreateDeadlinesAndReminders1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE notifications.deadline (
        id uuid PRIMARY KEY,
        source text NOT NULL,
        source_id text NOT NULL,
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        title text NOT NULL,
        programme_id uuid NOT NULL,
        project_id uuid NOT NULL,
        project_name text,
        region_code text NOT NULL,
        region_name text NOT NULL,
        city_region_code text,
        due_date date,
        due_at timestamptz NOT NULL,
        responsible jsonb NOT NULL,
        county_leader jsonb,
        city_officer jsonb,
        policy jsonb NOT NULL,
        plan jsonb,
        history boolean NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'done', 'cancelled')),
        plan_version integer NOT NULL,
        last_event_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (source, source_id)
      )`);
    await queryRunner.query(`CREATE INDEX deadline_subject_idx ON notifications.deadline (subject_type, subject_id)`);
    await queryRunner.query(`
      CREATE TABLE notifications.reminder (
        id uuid PRIMARY KEY,
        deadline_id uuid NOT NULL REFERENCES notifications.deadline (id),
        version integer NOT NULL,
        stage text NOT NULL,
        fire_at timestamptz NOT NULL,
        recipients jsonb NOT NULL,
        state text NOT NULL CHECK (state IN ('planned', 'sent', 'cancelled', 'skipped')),
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (deadline_id, version, stage)
      )`);
    // The reconciler and the timers only ever look at planned rows: keep that index small.
    await queryRunner.query(
      `CREATE INDEX reminder_planned_idx ON notifications.reminder (fire_at) WHERE state = 'planned'`,
    );
    await queryRunner.query(`
      CREATE TABLE notifications.notification (
        id uuid PRIMARY KEY,
        recipient_key text NOT NULL,
        recipient_kind text NOT NULL CHECK (recipient_kind IN ('user', 'role')),
        recipient_username text,
        recipient_role text,
        recipient_region_code text,
        source_key text NOT NULL,
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        project_id uuid,
        region_code text,
        stage text NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        link text,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (source_key, recipient_key)
      )`);
    await queryRunner.query(
      `CREATE INDEX notification_user_idx ON notifications.notification (recipient_username, created_at) WHERE recipient_kind = 'user'`,
    );
    await queryRunner.query(
      `CREATE INDEX notification_role_idx ON notifications.notification (recipient_role, recipient_region_code, created_at) WHERE recipient_kind = 'role'`,
    );
    await queryRunner.query(`
      CREATE TABLE notifications.notification_read (
        notification_id uuid NOT NULL REFERENCES notifications.notification (id),
        username text NOT NULL,
        read_at timestamptz NOT NULL,
        PRIMARY KEY (notification_id, username)
      )`);
    // DESIGN rule 5: one delivery per (deadline, stage, recipient, channel). The plan version is part of the
    // deadline's identity here: a reschedule starts a new plan whose stages remind again.
    await queryRunner.query(`
      CREATE TABLE notifications.delivery (
        id bigserial PRIMARY KEY,
        deadline_id uuid NOT NULL REFERENCES notifications.deadline (id),
        plan_version integer NOT NULL,
        stage text NOT NULL,
        recipient text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('inbox', 'email', 'webhook')),
        reminder_id uuid NOT NULL REFERENCES notifications.reminder (id),
        notification_id uuid REFERENCES notifications.notification (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (deadline_id, plan_version, stage, recipient, channel)
      )`);
    await createAuditTable(queryRunner, 'notifications');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropAuditTable(queryRunner, 'notifications');
    await queryRunner.query(`DROP TABLE notifications.delivery`);
    await queryRunner.query(`DROP TABLE notifications.notification_read`);
    await queryRunner.query(`DROP TABLE notifications.notification`);
    await queryRunner.query(`DROP TABLE notifications.reminder`);
    await queryRunner.query(`DROP TABLE notifications.deadline`);
  }
}
