import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What funding knows of each programme (issue 13), from the projects service's events: the funding sources and
 * the categories each may pay for, as the programme's template sets them (ProjectRegistered, then
 * ProgrammeRulesChanged when the programme follows a new template version; `rules_event_id` keeps the latest),
 * and whether the programme is closed (ProgrammeClosed: every write to its money is refused from then on).
 * `source_rules` null: the programme's events carried no rules (set up before templates); the documents' apply.
 */
export class ProgrammeRules1770000000081 implements MigrationInterface {
  name = 'ProgrammeRules1770000000081';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE funding.programme_rules (
        programme_id uuid PRIMARY KEY,
        programme_code text NOT NULL,
        source_rules jsonb,
        rules_event_id uuid,
        template_code text,
        template_version integer,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'archived')),
        name text,
        year integer,
        closed_at timestamptz,
        updated_at timestamptz NOT NULL,
        CONSTRAINT programme_rules_closed CHECK ((status = 'open') = (closed_at IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX programme_rules_code_idx ON funding.programme_rules (programme_code)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE funding.programme_rules`);
  }
}
