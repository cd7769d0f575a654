import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dashboard's read model (issue 17): counts per programme, region (county, city, province, nation) and
 * bucket, kept up to date by the projects service's own events, so a region's dashboard reads a few rows
 * instead of scanning every milestone and report under it. `dashboard_county` keeps each project's current
 * contribution, so an event is applied as "recompute this project, add the difference to its regions":
 * a redelivered or replayed event adds nothing. Also: a nation above the provinces (level 'country'), for a
 * national programme's dashboard; provinces loaded without one keep no parent.
 */
export class DashboardRollups1770000000070 implements MigrationInterface {
  name = 'DashboardRollups1770000000070';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE projects.region
        DROP CONSTRAINT region_level_check,
        DROP CONSTRAINT region_parent_by_level,
        ADD CONSTRAINT region_level_check CHECK (level IN ('country', 'province', 'city', 'county')),
        ADD CONSTRAINT region_parent_by_level CHECK (
          (level = 'country' AND parent_code IS NULL) OR level = 'province' OR
          (level IN ('city', 'county') AND parent_code IS NOT NULL))`);
    await queryRunner.query(`
      CREATE TABLE projects.dashboard_county (
        project_id uuid PRIMARY KEY REFERENCES projects.county_project (id),
        programme_id uuid NOT NULL,
        region_code text NOT NULL,
        -- The county and the regions above it, whose rollups the buckets were added to.
        region_codes text[] NOT NULL,
        -- The project's buckets as last applied (see dashboard-contribution-rules.ts).
        buckets jsonb NOT NULL,
        latest_report jsonb
      )`);
    await queryRunner.query(
      `CREATE INDEX dashboard_county_programme_idx ON projects.dashboard_county (programme_id, region_code)`,
    );
    await queryRunner.query(`
      CREATE TABLE projects.dashboard_rollup (
        programme_id uuid NOT NULL,
        region_code text NOT NULL,
        -- project | open (key: due date or instant) | done (key: month completed) | due (key: month due)
        -- | report (key: latest report's status) | figures (key: month reported)
        kind text NOT NULL,
        key text NOT NULL,
        n integer NOT NULL,
        gig_jobs_offered bigint NOT NULL DEFAULT 0,
        gig_jobs_offered_n integer NOT NULL DEFAULT 0,
        gig_worker_visits bigint NOT NULL DEFAULT 0,
        gig_worker_visits_n integer NOT NULL DEFAULT 0,
        placements bigint NOT NULL DEFAULT 0,
        placements_n integer NOT NULL DEFAULT 0,
        PRIMARY KEY (programme_id, region_code, kind, key)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE projects.dashboard_rollup`);
    await queryRunner.query(`DROP TABLE projects.dashboard_county`);
    await queryRunner.query(`
      ALTER TABLE projects.region
        DROP CONSTRAINT region_level_check,
        DROP CONSTRAINT region_parent_by_level,
        ADD CONSTRAINT region_level_check CHECK (level IN ('province', 'city', 'county')),
        ADD CONSTRAINT region_parent_by_level CHECK ((level = 'province') = (parent_code IS NULL))`);
  }
}
