import { SEEDED_CALENDAR_YEARS, shippedYears } from '@duban/calendar';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The projects service's copy of the working-day calendar, for its status lights (issue 13, item 4). The
 * notifications service owns the holiday tables; this copy starts from the same seed (2023–2026, from the
 * data the repository ships) and follows its `CalendarYearLoaded` events, so lights and reminders count the
 * same working days. `loaded_at`: the instant of the load the year's rows come from (null: the seed), so an
 * older event delivered late never overwrites a newer table.
 */
export class CalendarCopy1765250000000 implements MigrationInterface {
  name = 'CalendarCopy1765250000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE projects.calendar_year (
        year integer PRIMARY KEY,
        source text NOT NULL,
        loaded_at timestamptz
      )`);
    await queryRunner.query(`
      CREATE TABLE projects.calendar_day (
        day date PRIMARY KEY,
        year integer NOT NULL REFERENCES projects.calendar_year (year) ON DELETE CASCADE,
        is_off_day boolean NOT NULL,
        name text NOT NULL
      )`);
    for (const { year, source, days } of shippedYears(SEEDED_CALENDAR_YEARS)) {
      await queryRunner.query(`INSERT INTO projects.calendar_year (year, source) VALUES ($1, $2)`, [year, source]);
      await queryRunner.query(
        `INSERT INTO projects.calendar_day (day, year, is_off_day, name)
         SELECT d, $1, o, n FROM unnest($2::date[], $3::boolean[], $4::text[]) AS t(d, o, n)`,
        [year, days.map((day) => day.date), days.map((day) => day.isOffDay), days.map((day) => day.name)],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE projects.calendar_day`);
    await queryRunner.query(`DROP TABLE projects.calendar_year`);
  }
}
