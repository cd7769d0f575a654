import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Files attached to milestones as evidence (issue 16), stored by their SHA-256 (EvidenceStorage) with the
 * facts checked on upload; and the chunks of uploads in progress: the gateway forwards them over NATS and
 * any replica may receive any chunk, so they wait here until the upload finishes.
 */
export class MilestoneFiles1770000000090 implements MigrationInterface {
  name = 'MilestoneFiles1770000000090';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE projects.milestone_file (
        id uuid PRIMARY KEY,
        milestone_id uuid NOT NULL REFERENCES projects.milestone (id),
        filename text NOT NULL,
        content_type text NOT NULL,
        size_bytes integer NOT NULL CHECK (size_bytes > 0),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        storage_key text NOT NULL,
        uploaded_by text NOT NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX milestone_file_milestone_idx ON projects.milestone_file (milestone_id)`);
    await queryRunner.query(`
      CREATE TABLE projects.milestone_file_upload (
        id uuid PRIMARY KEY,
        milestone_id uuid NOT NULL REFERENCES projects.milestone (id),
        filename text NOT NULL,
        uploaded_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE projects.milestone_file_upload_chunk (
        upload_id uuid NOT NULL REFERENCES projects.milestone_file_upload (id) ON DELETE CASCADE,
        index integer NOT NULL CHECK (index >= 0),
        data bytea NOT NULL,
        PRIMARY KEY (upload_id, index)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE projects.milestone_file_upload_chunk`);
    await queryRunner.query(`DROP TABLE projects.milestone_file_upload`);
    await queryRunner.query(`DROP TABLE projects.milestone_file`);
  }
}
