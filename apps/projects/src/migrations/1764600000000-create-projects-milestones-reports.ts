import { createAuditTable, dropAuditTable } from '@duban/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The programme as data (milestone template, reminder policy, report due day, light rule), each county's
 * project (the 附件1 row), its leading group, its milestones and its monthly reports, and the audit trail.
 */
export class CreateProjectsMilestonesReports1764600000000 implements MigrationInterface {
  name = 'CreateProjectsMilestonesReports1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE projects.programme
        ADD COLUMN milestone_template jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN reminder_policy jsonb NOT NULL DEFAULT '{}',
        ADD COLUMN report_due_day integer NOT NULL DEFAULT 25 CHECK (report_due_day BETWEEN 1 AND 28),
        ADD COLUMN operating_figures_from_month integer NOT NULL DEFAULT 10 CHECK (operating_figures_from_month BETWEEN 1 AND 12),
        ADD COLUMN yellow_within_working_days integer NOT NULL DEFAULT 3 CHECK (yellow_within_working_days BETWEEN 0 AND 30),
        ADD COLUMN source_programme_id uuid REFERENCES projects.programme (id)`);
    await queryRunner.query(`
      CREATE TABLE projects.county_project (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        programme_id uuid NOT NULL REFERENCES projects.programme (id),
        region_code text NOT NULL REFERENCES projects.region (code),
        name text NOT NULL CHECK (name <> ''),
        population integer CHECK (population >= 0),
        population_source text,
        planned_area_m2 integer CHECK (planned_area_m2 >= 0),
        planned_area_at_least boolean NOT NULL DEFAULT false,
        construction_type text CHECK (construction_type IN ('new', 'renovation')),
        progress text CHECK (progress IN ('site_selected', 'under_construction', 'built')),
        actual_area_m2 integer CHECK (actual_area_m2 >= 0),
        address text,
        no_recruitment_hall boolean NOT NULL DEFAULT false,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (programme_id, region_code),
        CONSTRAINT county_project_population_has_source CHECK ((population IS NULL) = (population_source IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX county_project_region_idx ON projects.county_project (region_code)`);
    await queryRunner.query(`
      CREATE TABLE projects.officer (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES projects.county_project (id),
        name text NOT NULL CHECK (name <> ''),
        role text NOT NULL CHECK (role IN ('leader', 'deputy', 'member')),
        title text NOT NULL DEFAULT '',
        unit text NOT NULL DEFAULT '',
        -- The user account (in the gateway) this officer logs in with, if any.
        username text,
        sort integer NOT NULL DEFAULT 0
      )`);
    await queryRunner.query(`CREATE INDEX officer_project_idx ON projects.officer (project_id, sort)`);
    await queryRunner.query(`
      CREATE TABLE projects.milestone (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES projects.county_project (id),
        -- The template key (plan, site, …); null for an extra milestone.
        key text,
        title text NOT NULL CHECK (title <> ''),
        -- Exactly one of: a local due date (due at the end of that day, Asia/Shanghai) or an exact instant.
        due_date date,
        due_at timestamptz,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'in_progress', 'done')),
        -- Prerequisites (milestone ids of the same project) that must be done first.
        after_ids uuid[] NOT NULL DEFAULT '{}',
        responsible_officer_ids uuid[] NOT NULL DEFAULT '{}',
        -- An extra milestone's own reminder plan: ISO 8601 offsets from due_at; null = the programme's policy.
        reminder_plan text[],
        completed_at timestamptz,
        completed_by text,
        evidence jsonb,
        reopen_history jsonb NOT NULL DEFAULT '[]',
        sort integer NOT NULL DEFAULT 0,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT milestone_one_due CHECK ((due_date IS NULL) <> (due_at IS NULL)),
        CONSTRAINT milestone_done_has_completion CHECK ((status = 'done') = (completed_at IS NOT NULL)),
        UNIQUE (project_id, key)
      )`);
    await queryRunner.query(`CREATE INDEX milestone_project_idx ON projects.milestone (project_id, sort)`);
    await queryRunner.query(`
      CREATE TABLE projects.monthly_report (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES projects.county_project (id),
        month text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        construction_type text CHECK (construction_type IN ('new', 'renovation')),
        progress text CHECK (progress IN ('site_selected', 'under_construction', 'built')),
        actual_area_m2 integer CHECK (actual_area_m2 >= 0),
        address text,
        work_content text NOT NULL DEFAULT '',
        difficulties text NOT NULL DEFAULT '',
        suggestions text NOT NULL DEFAULT '',
        gig_jobs_offered integer CHECK (gig_jobs_offered >= 0),
        gig_worker_visits integer CHECK (gig_worker_visits >= 0),
        placements integer CHECK (placements >= 0),
        status text NOT NULL CHECK (status IN ('submitted', 'returned', 'accepted')),
        late boolean NOT NULL DEFAULT false,
        submitted_at timestamptz NOT NULL,
        submitted_by text NOT NULL,
        review_comment text,
        reviewed_at timestamptz,
        reviewed_by text,
        history jsonb NOT NULL DEFAULT '[]',
        version integer NOT NULL DEFAULT 1,
        UNIQUE (project_id, month)
      )`);
    await createAuditTable(queryRunner, 'projects');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropAuditTable(queryRunner, 'projects');
    await queryRunner.query(`DROP TABLE projects.monthly_report`);
    await queryRunner.query(`DROP TABLE projects.milestone`);
    await queryRunner.query(`DROP TABLE projects.officer`);
    await queryRunner.query(`DROP TABLE projects.county_project`);
    await queryRunner.query(`
      ALTER TABLE projects.programme
        DROP COLUMN source_programme_id, DROP COLUMN yellow_within_working_days,
        DROP COLUMN operating_figures_from_month, DROP COLUMN report_due_day,
        DROP COLUMN reminder_policy, DROP COLUMN milestone_template`);
  }
}
