import { Injectable } from '@nestjs/common';
import { parseLocalDate, type HolidayDay, type HolidayTable } from '@duban/calendar';
import type { Tx } from '@duban/platform';

/** A loaded year as stored: its source and counts, who loaded it and when (null for a seed). */
export interface CalendarYearRecord {
  readonly year: number;
  readonly source: string;
  readonly daysOff: number;
  readonly workdays: number;
  readonly loadedAt: Date | null;
  readonly loadedBy: string | null;
}

/** One listed day of a year. */
export interface CalendarDayRecord {
  readonly date: string;
  readonly isOffDay: boolean;
  readonly name: string;
}

const YEAR_COLUMNS = `year, source, days_off AS "daysOff", workdays, loaded_at AS "loadedAt", loaded_by AS "loadedBy"`;

/** The `calendar_year` and `calendar_day` tables: the holiday tables, one per year (their only owner). */
@Injectable()
export class CalendarsRepository {
  /** The latest load's revision ('0' before any): a change means the tables must be read again. */
  async revision(tx: Tx): Promise<string> {
    const [row]: { revision: string }[] = await tx.query(
      `SELECT coalesce(max(revision), 0)::text AS revision FROM notifications.calendar_year`,
    );
    return row?.revision ?? '0';
  }

  /** Every loaded year as one holiday table (each row's source is its year's). */
  async table(tx: Tx): Promise<HolidayTable> {
    const years: { year: number }[] = await tx.query(`SELECT year FROM notifications.calendar_year ORDER BY year`);
    const days: { date: string; isOffDay: boolean; name: string; source: string }[] = await tx.query(
      `SELECT to_char(d.day, 'YYYY-MM-DD') AS date, d.is_off_day AS "isOffDay", d.name, y.source
         FROM notifications.calendar_day d JOIN notifications.calendar_year y USING (year)
        ORDER BY d.day`,
    );
    return {
      years: years.map((row) => row.year),
      days: days.map((row): HolidayDay => ({ ...row, date: parseLocalDate(row.date) })),
    };
  }

  async list(tx: Tx): Promise<CalendarYearRecord[]> {
    return tx.query(`SELECT ${YEAR_COLUMNS} FROM notifications.calendar_year ORDER BY year`);
  }

  async find(tx: Tx, year: number): Promise<CalendarYearRecord | null> {
    const rows: CalendarYearRecord[] = await tx.query(
      `SELECT ${YEAR_COLUMNS} FROM notifications.calendar_year WHERE year = $1`,
      [year],
    );
    return rows[0] ?? null;
  }

  async daysOf(tx: Tx, year: number): Promise<CalendarDayRecord[]> {
    return tx.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS date, is_off_day AS "isOffDay", name
         FROM notifications.calendar_day WHERE year = $1 ORDER BY day`,
      [year],
    );
  }

  /** Serialises loads of one year (also of a year not stored yet, which has no row to lock). */
  async lockYear(tx: Tx, year: number): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('notifications.calendar_year'), $1)`, [year]);
  }

  /** Replaces the year's table by `table`'s rows (all in `year`), under a new revision. */
  async replace(
    tx: Tx,
    year: number,
    table: HolidayTable,
    load: { source: string; loadedAt: Date; loadedBy: string },
  ): Promise<void> {
    const off = table.days.filter((day) => day.isOffDay).length;
    await tx.query(
      `INSERT INTO notifications.calendar_year (year, source, days_off, workdays, revision, loaded_at, loaded_by)
       VALUES ($1, $2, $3, $4, nextval('notifications.calendar_revision'), $5, $6)
       ON CONFLICT (year) DO UPDATE SET source = EXCLUDED.source, days_off = EXCLUDED.days_off,
         workdays = EXCLUDED.workdays, revision = EXCLUDED.revision, loaded_at = EXCLUDED.loaded_at,
         loaded_by = EXCLUDED.loaded_by`,
      [year, load.source, off, table.days.length - off, load.loadedAt, load.loadedBy],
    );
    await tx.query(`DELETE FROM notifications.calendar_day WHERE year = $1`, [year]);
    await tx.query(
      `INSERT INTO notifications.calendar_day (day, year, is_off_day, name)
       SELECT d, $1, o, n FROM unnest($2::date[], $3::boolean[], $4::text[]) AS t(d, o, n)`,
      [year, table.days.map((day) => day.date), table.days.map((day) => day.isOffDay), table.days.map((d) => d.name)],
    );
  }
}
