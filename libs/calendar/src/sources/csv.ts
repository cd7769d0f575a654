import { z } from 'zod';
import { HolidayTableError, yearsAnnounced, type HolidayDay, type HolidayTable } from '../holiday-table';
import { localDateSchema } from '../local-date';
import { WorkingDayCalendar, type WorkingDayCalendarOptions } from '../working-day-calendar';

/** The columns of `data/cn_holidays_2023_2024.csv`, which an admin-loaded table must also use. */
export const HOLIDAY_CSV_HEADER = 'date,name,is_off_day,source_notice';
const COLUMNS = HOLIDAY_CSV_HEADER.split(',');

const rowSchema = z.object({
  date: localDateSchema,
  name: z.string().min(1, 'is empty'),
  is_off_day: z.enum(['true', 'false'], { message: 'must be true or false' }),
  source_notice: z.string(),
});

export interface HolidayCsvOptions {
  /**
   * The years the file covers completely. By default, the years whose 1 January it lists as a day off
   * (see `yearsAnnounced`): for the shipped file, 2023 and 2024, but not 2022 for its one row 2022-12-31.
   */
  readonly years?: readonly number[];
}

/**
 * Reads a holiday table in the CSV layout `date,name,is_off_day,source_notice` (UTF-8, optional BOM, LF or
 * CRLF, blank lines ignored, RFC 4180 quotes allowed). Every bad line is reported, by line number, in one
 * `HolidayTableError`; nothing is half-read.
 */
export function parseHolidayCsv(text: string, options: HolidayCsvOptions = {}): HolidayTable {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '');
  if (header === undefined || header.join(',') !== HOLIDAY_CSV_HEADER) {
    throw new HolidayTableError([`line 1: expected the header "${HOLIDAY_CSV_HEADER}", got "${lines[0] ?? ''}"`]);
  }
  const issues: string[] = [];
  const days: HolidayDay[] = [];
  const seen = new Set<string>();
  lines.slice(1).forEach((line, index) => {
    const lineNumber = index + 2;
    if (line.trim() === '') {
      return;
    }
    const fields = splitCsvLine(line);
    if (fields === undefined || fields.length !== COLUMNS.length) {
      issues.push(`line ${lineNumber}: expected ${COLUMNS.length} fields (${HOLIDAY_CSV_HEADER})`);
      return;
    }
    const parsed = rowSchema.safeParse(Object.fromEntries(COLUMNS.map((column, i) => [column, fields[i].trim()])));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        issues.push(`line ${lineNumber}: ${issue.path.join('.')} ${issue.message}`);
      }
      return;
    }
    const row = parsed.data;
    if (seen.has(row.date)) {
      issues.push(`line ${lineNumber}: ${row.date} is listed twice`);
      return;
    }
    seen.add(row.date);
    days.push({ date: row.date, isOffDay: row.is_off_day === 'true', name: row.name, source: row.source_notice });
  });
  if (issues.length > 0) {
    throw new HolidayTableError(issues);
  }
  return { years: options.years ?? yearsAnnounced(days), days };
}

/** A calendar from a CSV holiday table; see `parseHolidayCsv` for the layout. */
export function calendarFromCsv(
  text: string,
  options: HolidayCsvOptions & WorkingDayCalendarOptions = {},
): WorkingDayCalendar {
  return new WorkingDayCalendar(parseHolidayCsv(text, options), options);
}

/** Splits one CSV line into fields, honouring double quotes; undefined if a quote is left open. */
function splitCsvLine(line: string): string[] | undefined {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      fields.push(field);
      field = '';
    } else {
      field += char;
    }
  }
  if (quoted) {
    return undefined;
  }
  fields.push(field);
  return fields;
}
