import { createAuditTable, dropAuditTable } from '@duban/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The evaluation schema: its copy of the county projects (from ProjectRegistered), per-programme settings,
 * versioned rubrics, inspections with their item scores, signatures, rectifications and evidence, and the
 * audit trail. Points are integer half-points. Text + CHECK rather than Postgres enums.
 *
 * Invariants held here, not only in code: rubric rows never change (a change is a new version); an
 * inspection's scores change only while it is open.
 */
export class CreateEvaluation1764700000000 implements MigrationInterface {
  name = 'CreateEvaluation1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createAuditTable(queryRunner, 'evaluation');
    await queryRunner.query(`
      CREATE TABLE evaluation.project (
        id uuid PRIMARY KEY,
        programme_id uuid NOT NULL,
        programme_code text NOT NULL,
        programme_year integer NOT NULL,
        name text NOT NULL,
        region_code text NOT NULL,
        region_name text NOT NULL,
        city_region_code text,
        city_name text,
        province_region_code text,
        registered_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX project_region_idx ON evaluation.project (region_code)`);
    await queryRunner.query(`
      CREATE TABLE evaluation.rubric (
        id uuid PRIMARY KEY,
        code text NOT NULL,
        version integer NOT NULL CHECK (version > 0),
        title text NOT NULL,
        total_half_points integer NOT NULL CHECK (total_half_points > 0),
        definition jsonb NOT NULL,
        content_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (code, version)
      )`);
    await queryRunner.query(`
      CREATE TABLE evaluation.rubric_item (
        id uuid PRIMARY KEY,
        rubric_id uuid NOT NULL REFERENCES evaluation.rubric (id),
        section_position integer NOT NULL,
        section_title text NOT NULL,
        section_half_points integer NOT NULL,
        number integer NOT NULL,
        text text NOT NULL,
        max_half_points integer NOT NULL CHECK (max_half_points > 0),
        remarks text NOT NULL DEFAULT '',
        UNIQUE (rubric_id, number)
      )`);
    await queryRunner.query(`
      CREATE FUNCTION evaluation.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is immutable: % refused (a change is a new version)', TG_TABLE_NAME, TG_OP;
      END $$`);
    for (const table of ['rubric', 'rubric_item']) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_immutable BEFORE UPDATE OR DELETE ON evaluation.${table}
           FOR EACH ROW EXECUTE FUNCTION evaluation.refuse_change()`,
      );
    }
    await queryRunner.query(`
      CREATE TABLE evaluation.programme_settings (
        programme_id uuid PRIMARY KEY,
        programme_code text NOT NULL,
        pass_threshold_half_points integer NOT NULL DEFAULT 120 CHECK (pass_threshold_half_points >= 0),
        -- null: inspections use the latest version of the most recently loaded rubric
        rubric_code text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE evaluation.inspection (
        id uuid PRIMARY KEY,
        project_id uuid NOT NULL REFERENCES evaluation.project (id),
        rubric_id uuid NOT NULL REFERENCES evaluation.rubric (id),
        kind text NOT NULL CHECK (kind IN ('inspection', 'self_assessment')),
        reinspection_of uuid REFERENCES evaluation.inspection (id),
        status text NOT NULL CHECK (status IN ('open', 'inspector_signed', 'signed')),
        inspection_date date NOT NULL,
        inspectors text[] NOT NULL,
        -- the items this inspection scores (a re-inspection: the first one's open rectification items)
        item_ids uuid[] NOT NULL,
        opened_by text NOT NULL,
        pass_threshold_half_points integer NOT NULL,
        total_half_points integer,
        passed boolean,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT inspection_self_assessment_unsigned CHECK (kind = 'inspection' OR status = 'open'),
        CONSTRAINT inspection_reinspection_kind CHECK (reinspection_of IS NULL OR kind = 'inspection'),
        CONSTRAINT inspection_passed_when_signed CHECK ((status = 'signed') = (passed IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX inspection_project_idx ON evaluation.inspection (project_id, created_at)`);
    await queryRunner.query(`
      CREATE TABLE evaluation.item_score (
        inspection_id uuid NOT NULL REFERENCES evaluation.inspection (id),
        item_id uuid NOT NULL REFERENCES evaluation.rubric_item (id),
        half_points integer NOT NULL CHECK (half_points >= 0),
        note text NOT NULL DEFAULT '',
        scored_by text NOT NULL,
        scored_at timestamptz NOT NULL,
        PRIMARY KEY (inspection_id, item_id)
      )`);
    await queryRunner.query(`
      CREATE FUNCTION evaluation.item_score_only_while_open() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        current_status text;
      BEGIN
        SELECT status INTO current_status FROM evaluation.inspection
         WHERE id = COALESCE(NEW.inspection_id, OLD.inspection_id);
        IF current_status <> 'open' THEN
          RAISE EXCEPTION 'inspection % is %: its scores are read-only', COALESCE(NEW.inspection_id, OLD.inspection_id), current_status;
        END IF;
        RETURN COALESCE(NEW, OLD);
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER item_score_only_while_open BEFORE INSERT OR UPDATE OR DELETE ON evaluation.item_score
         FOR EACH ROW EXECUTE FUNCTION evaluation.item_score_only_while_open()`,
    );
    await queryRunner.query(`
      CREATE TABLE evaluation.signature (
        inspection_id uuid NOT NULL REFERENCES evaluation.inspection (id),
        side text NOT NULL CHECK (side IN ('inspector', 'county')),
        name text NOT NULL CHECK (name <> ''),
        username text NOT NULL,
        signed_at timestamptz NOT NULL,
        content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
        PRIMARY KEY (inspection_id, side)
      )`);
    await queryRunner.query(`
      CREATE TABLE evaluation.rectification (
        id uuid PRIMARY KEY,
        inspection_id uuid NOT NULL REFERENCES evaluation.inspection (id),
        item_id uuid NOT NULL REFERENCES evaluation.rubric_item (id),
        what text NOT NULL,
        responsible_username text NOT NULL,
        responsible_name text NOT NULL,
        due_date date NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'closed')),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        closed_by text,
        closing_note text,
        UNIQUE (inspection_id, item_id),
        CONSTRAINT rectification_closed CHECK ((status = 'closed') = (closed_at IS NOT NULL))
      )`);
    await queryRunner.query(`
      CREATE TABLE evaluation.evidence (
        id uuid PRIMARY KEY,
        inspection_id uuid NOT NULL REFERENCES evaluation.inspection (id),
        item_id uuid NOT NULL REFERENCES evaluation.rubric_item (id),
        filename text NOT NULL,
        content_type text NOT NULL,
        size_bytes integer NOT NULL CHECK (size_bytes > 0),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        storage_key text NOT NULL,
        uploaded_by text NOT NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX evidence_inspection_idx ON evaluation.evidence (inspection_id, item_id)`);
    // Chunks of an upload in progress (the gateway forwards them over NATS; any replica may receive any chunk).
    await queryRunner.query(`
      CREATE TABLE evaluation.evidence_upload (
        id uuid PRIMARY KEY,
        inspection_id uuid NOT NULL REFERENCES evaluation.inspection (id),
        item_id uuid NOT NULL REFERENCES evaluation.rubric_item (id),
        filename text NOT NULL,
        uploaded_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE evaluation.evidence_upload_chunk (
        upload_id uuid NOT NULL REFERENCES evaluation.evidence_upload (id) ON DELETE CASCADE,
        index integer NOT NULL CHECK (index >= 0),
        data bytea NOT NULL,
        PRIMARY KEY (upload_id, index)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'evidence_upload_chunk',
      'evidence_upload',
      'evidence',
      'rectification',
      'signature',
      'item_score',
      'inspection',
      'programme_settings',
      'rubric_item',
      'rubric',
      'project',
    ]) {
      await queryRunner.query(`DROP TABLE evaluation.${table}`);
    }
    await queryRunner.query(`DROP FUNCTION evaluation.item_score_only_while_open()`);
    await queryRunner.query(`DROP FUNCTION evaluation.refuse_change()`);
    await dropAuditTable(queryRunner, 'evaluation');
  }
}
