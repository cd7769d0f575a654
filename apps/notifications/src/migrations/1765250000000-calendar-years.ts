import { SEEDED_CALENDAR_YEARS, shippedYears } from '@duban/calendar';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The working-day calendar as data (issue 13, item 4): one holiday table per year.
 * - `calendar_year`: a year whose notice is loaded, with its source, counts, who loaded it and when (null for
 *   the seeds), and `revision` (from a sequence), which every load raises: an instance that sees a higher
 *   revision than the one it planned with reloads the tables.
 * - `calendar_day`: the days the notice sets apart, each in its own year: a statutory day off, or an
 *   adjusted working day (调休上班, on a weekend).
 * 2023–2026 are seeded from the data the repository ships (`shippedYears` of @duban/calendar: the 2023–2024
 * CSV from the notices, then the `chinese-days` package), the same seed the projects service's copy gets.
 */
export class CalendarYears1765250000000 implements MigrationInterface {
  name = 'CalendarYears1765250000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SEQUENCE notifications.calendar_revision`);
    await queryRunner.query(`
      CREATE TABLE notifications.calendar_year (
        year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
        source text NOT NULL,
        days_off integer NOT NULL CHECK (days_off >= 0),
        workdays integer NOT NULL CHECK (workdays >= 0),
        revision bigint NOT NULL,
        loaded_at timestamptz,
        loaded_by text
      )`);
    await queryRunner.query(`
      CREATE TABLE notifications.calendar_day (
        day date PRIMARY KEY,
        year integer NOT NULL REFERENCES notifications.calendar_year (year) ON DELETE CASCADE,
        is_off_day boolean NOT NULL,
        name text NOT NULL,
        CHECK (extract(year FROM day)::int = year),
        -- 调休 only moves weekend days: a worked row on a weekday is a mistake in the data.
        CHECK (is_off_day OR extract(isodow FROM day) IN (6, 7))
      )`);
    await queryRunner.query(`CREATE INDEX calendar_day_year_idx ON notifications.calendar_day (year)`);

    for (const { year, source: sources, days } of shippedYears(SEEDED_CALENDAR_YEARS)) {
      const off = days.filter((day) => day.isOffDay).length;
      await queryRunner.query(
        `INSERT INTO notifications.calendar_year (year, source, days_off, workdays, revision)
         VALUES ($1, $2, $3, $4, nextval('notifications.calendar_revision'))`,
        [year, sources, off, days.length - off],
      );
      await queryRunner.query(
        `INSERT INTO notifications.calendar_day (day, year, is_off_day, name)
         SELECT d, $1, o, n FROM unnest($2::date[], $3::boolean[], $4::text[]) AS t(d, o, n)`,
        [year, days.map((day) => day.date), days.map((day) => day.isOffDay), days.map((day) => day.name)],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE notifications.calendar_day`);
    await queryRunner.query(`DROP TABLE notifications.calendar_year`);
    await queryRunner.query(`DROP SEQUENCE notifications.calendar_revision`);
  }
}
