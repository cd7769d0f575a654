import { Injectable } from '@nestjs/common';
import { parseLocalDate, type HolidayTable } from '@duban/calendar';
import type { CalendarYearLoadedData } from '@duban/contracts';
import type { Tx } from '@duban/platform';

/** The `calendar_year` and `calendar_day` tables: this service's copy of the holiday tables. */
@Injectable()
export class CalendarRepository {
  /** Every year held, as one holiday table. */
  async table(tx: Tx): Promise<HolidayTable> {
    const years: { year: number }[] = await tx.query(`SELECT year FROM projects.calendar_year ORDER BY year`);
    const days: { date: string; isOffDay: boolean; name: string; source: string }[] = await tx.query(
      `SELECT to_char(d.day, 'YYYY-MM-DD') AS date, d.is_off_day AS "isOffDay", d.name, y.source
         FROM projects.calendar_day d JOIN projects.calendar_year y USING (year) ORDER BY d.day`,
    );
    return {
      years: years.map((row) => row.year),
      days: days.map((row) => ({ ...row, date: parseLocalDate(row.date) })),
    };
  }

  /**
   * Replaces a year's rows by a loaded table, unless the copy already holds a later load of it (an older
   * event delivered late). True if it replaced them.
   */
  async replaceYear(tx: Tx, loaded: CalendarYearLoadedData): Promise<boolean> {
    const rows: { year: number }[] = await tx.query(
      `INSERT INTO projects.calendar_year (year, source, loaded_at) VALUES ($1, $2, $3)
       ON CONFLICT (year) DO UPDATE SET source = EXCLUDED.source, loaded_at = EXCLUDED.loaded_at
         WHERE projects.calendar_year.loaded_at IS NULL OR projects.calendar_year.loaded_at <= EXCLUDED.loaded_at
       RETURNING year`,
      [loaded.year, loaded.source, loaded.loadedAt],
    );
    if (rows.length === 0) return false;
    await tx.query(`DELETE FROM projects.calendar_day WHERE year = $1`, [loaded.year]);
    await tx.query(
      `INSERT INTO projects.calendar_day (day, year, is_off_day, name)
       SELECT d, $1, o, n FROM unnest($2::date[], $3::boolean[], $4::text[]) AS t(d, o, n)`,
      [
        loaded.year,
        loaded.days.map((day) => day.date),
        loaded.days.map((day) => day.isOffDay),
        loaded.days.map((day) => day.name),
      ],
    );
    return true;
  }
}
