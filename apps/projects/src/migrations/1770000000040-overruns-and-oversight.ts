import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 超时倒查 and 催办/批示 (issue 14, items 4 and 5).
 * - `milestone_overrun`: the standing completion of a milestone, as it was when completed: the working days it
 *   came late (0 on time) and the officers who answered for it then. Removed when the milestone is reopened
 *   (its reopen history keeps the completion), written again at the next completion.
 * - `milestone_urge`: each 催办 (urging) of a milestone: who, when, with what words. At most one an hour.
 * - `milestone_instruction`: each 批示 (instruction) on a milestone, and the county's acknowledgement of it.
 */
export class OverrunsAndOversight1770000000040 implements MigrationInterface {
  name = 'OverrunsAndOversight1770000000040';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE projects.milestone_overrun (
        milestone_id uuid PRIMARY KEY REFERENCES projects.milestone (id),
        completed_at timestamptz NOT NULL,
        working_days_late integer NOT NULL CHECK (working_days_late >= 0),
        -- [{officerId, name, role, username}]: the responsible officers at completion time.
        answerable jsonb NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE projects.milestone_urge (
        id uuid PRIMARY KEY,
        milestone_id uuid NOT NULL REFERENCES projects.milestone (id),
        message text NOT NULL,
        urged_at timestamptz NOT NULL,
        -- {userId, username, displayName, role}
        urged_by jsonb NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX milestone_urge_milestone_idx ON projects.milestone_urge (milestone_id, urged_at)`,
    );
    await queryRunner.query(`
      CREATE TABLE projects.milestone_instruction (
        id uuid PRIMARY KEY,
        milestone_id uuid NOT NULL REFERENCES projects.milestone (id),
        text text NOT NULL CHECK (text <> ''),
        written_at timestamptz NOT NULL,
        written_by jsonb NOT NULL,
        acknowledged_at timestamptz,
        acknowledged_by jsonb,
        CONSTRAINT milestone_instruction_ack CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX milestone_instruction_milestone_idx ON projects.milestone_instruction (milestone_id, written_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE projects.milestone_instruction`);
    await queryRunner.query(`DROP TABLE projects.milestone_urge`);
    await queryRunner.query(`DROP TABLE projects.milestone_overrun`);
  }
}
