import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Regions (province → city → county, by GB/T 2260 code) and programmes. Text + CHECK rather than
 * Postgres enums, so a new value is a one-line constraint change.
 */
export class CreateRegionsAndProgrammes1764500000000 implements MigrationInterface {
  name = 'CreateRegionsAndProgrammes1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE projects.region (
        code text PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
        name text NOT NULL CHECK (name <> ''),
        level text NOT NULL CHECK (level IN ('province', 'city', 'county')),
        parent_code text REFERENCES projects.region (code),
        population integer CHECK (population >= 0),
        population_source text CHECK (population_source <> ''),
        -- Only the top of a tree has no parent.
        CONSTRAINT region_parent_by_level CHECK ((level = 'province') = (parent_code IS NULL)),
        -- A figure without its source could be a census figure passed off as a yearbook one.
        CONSTRAINT region_population_has_source CHECK ((population IS NULL) = (population_source IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX region_parent_code_idx ON projects.region (parent_code)`);
    await queryRunner.query(`
      CREATE TABLE projects.programme (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- The stable key other services use for this programme (they share no tables).
        code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        name text NOT NULL CHECK (name <> ''),
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        root_region_code text NOT NULL REFERENCES projects.region (code),
        county_count integer NOT NULL CHECK (county_count > 0),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE projects.programme`);
    await queryRunner.query(`DROP TABLE projects.region`);
  }
}
