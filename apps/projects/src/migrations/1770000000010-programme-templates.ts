import { DEMO_PROGRAMME_CODE } from '@duban/contracts';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { GIG_MARKETS_TEMPLATE, GIG_MARKETS_TEMPLATE_CODE } from '../programmes/shipped-template-rules';

/**
 * Programme templates as versioned data (issue 13, item 3): one row per version, never changed once written
 * (a trigger refuses UPDATE and DELETE), seeded with the documents' template as `gig-markets` version 1.
 * A programme follows one version and is open, closed or archived; the 2023 programme, loaded before
 * templates, is linked to the version that holds exactly its definition.
 */
export class ProgrammeTemplates1770000000010 implements MigrationInterface {
  name = 'ProgrammeTemplates1770000000010';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE projects.programme_template (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        version integer NOT NULL CHECK (version > 0),
        definition jsonb NOT NULL,
        -- Null for the versions the system ships (like the shipped holiday tables).
        created_at timestamptz,
        created_by text,
        UNIQUE (code, version)
      )`);
    await queryRunner.query(`
      CREATE FUNCTION projects.programme_template_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'projects.programme_template is append-only: save a new version instead';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER programme_template_append_only BEFORE UPDATE OR DELETE ON projects.programme_template
        FOR EACH ROW EXECUTE FUNCTION projects.programme_template_append_only()`);
    await queryRunner.query(`
      ALTER TABLE projects.programme
        ADD COLUMN template_id uuid REFERENCES projects.programme_template (id),
        ADD COLUMN status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'archived')),
        ADD COLUMN closed_at timestamptz,
        ADD CONSTRAINT programme_closed_at CHECK ((status = 'open') = (closed_at IS NULL))`);
    await queryRunner.query(
      `INSERT INTO projects.programme_template (code, version, definition) VALUES ($1, 1, $2::jsonb)`,
      [GIG_MARKETS_TEMPLATE_CODE, JSON.stringify(GIG_MARKETS_TEMPLATE)],
    );
    await queryRunner.query(
      `UPDATE projects.programme p SET template_id = t.id
         FROM projects.programme_template t
        WHERE t.code = $1 AND t.version = 1 AND p.code = $2`,
      [GIG_MARKETS_TEMPLATE_CODE, DEMO_PROGRAMME_CODE],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE projects.programme DROP COLUMN template_id, DROP COLUMN status, DROP COLUMN closed_at`);
    await queryRunner.query(`DROP TABLE projects.programme_template`);
    await queryRunner.query(`DROP FUNCTION projects.programme_template_append_only()`);
  }
}
