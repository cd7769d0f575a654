import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Versions of what a dashboard is read from (issue 17, G5), so that the projects service may keep what it read
 * and ask only "has it changed?" (one row) on each request: key 'regions' for the region tree and the
 * programmes (a dashboard's region, ancestors, children, county counts and programme), and each programme's id
 * for its read model (dashboard_rollup, dashboard_county). A change writes a new value from one sequence in
 * its own transaction, so a value once read always names the same committed state (never reused, even after a
 * TRUNCATE). The region tree and the programmes are written by several processes (region import, generator,
 * programmes): triggers bump their key whatever writes them; the read model's key is bumped by its one writer
 * (DashboardRollupRepository.saveApplied).
 */
export class DashboardVersions1770000000260 implements MigrationInterface {
  name = 'DashboardVersions1770000000260';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SEQUENCE projects.dashboard_version_seq`);
    await queryRunner.query(`
      CREATE TABLE projects.dashboard_version (
        -- 'regions' (the region tree and the programmes) or a programme's id (its read model)
        key text PRIMARY KEY,
        version bigint NOT NULL
      )`);
    await queryRunner.query(`
      CREATE FUNCTION projects.bump_dashboard_regions_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO projects.dashboard_version (key, version) VALUES ('regions', nextval('projects.dashboard_version_seq'))
        ON CONFLICT (key) DO UPDATE SET version = nextval('projects.dashboard_version_seq');
        RETURN NULL;
      END $$`);
    // Every key has a version from the start: a key without one is never kept (see DashboardVersions).
    await queryRunner.query(`
      INSERT INTO projects.dashboard_version (key, version)
      SELECT key, nextval('projects.dashboard_version_seq')
        FROM (SELECT 'regions' AS key UNION ALL SELECT id::text FROM projects.programme ORDER BY 1) AS keys`);
    for (const table of ['region', 'programme']) {
      await queryRunner.query(`
        CREATE TRIGGER ${table}_dashboard_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON projects.${table}
          FOR EACH STATEMENT EXECUTE FUNCTION projects.bump_dashboard_regions_version()`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['region', 'programme']) {
      await queryRunner.query(`DROP TRIGGER ${table}_dashboard_version ON projects.${table}`);
    }
    await queryRunner.query(`DROP FUNCTION projects.bump_dashboard_regions_version()`);
    await queryRunner.query(`DROP TABLE projects.dashboard_version`);
    await queryRunner.query(`DROP SEQUENCE projects.dashboard_version_seq`);
  }
}
