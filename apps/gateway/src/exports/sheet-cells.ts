import type { CellValue, Row, Worksheet } from 'exceljs';

/**
 * Reading cells as people's spreadsheet programs leave them: exceljs, LibreOffice and WPS store the same
 * text as a shared string, an inline string, rich text, a formula's cached result or a number. These
 * helpers give one plain value, whatever the program.
 */

/** A cell's value as text or number (null when empty): rich text joined, a formula's cached result, a link's text. */
export function plainValue(value: CellValue): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return plainValue(value.richText.map((run) => run.text).join(''));
  if ('result' in value) return plainValue((value.result ?? null) as CellValue);
  if ('text' in value) return plainValue(value.text as CellValue);
  if ('error' in value) return String(value.error);
  return null;
}

/** The value as the user typed it, for a report. */
export function shownText(value: string | number | null): string {
  return value === null ? '' : String(value);
}

/**
 * A heading as it may be typed: without spaces, with full-width brackets and commas made half-width, so
 * that 县（市、区）, 县(市、区) and "县 (市、区)" name the same column.
 */
export function headingKey(text: string): string {
  return text
    .replace(/[\s\u3000]+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/，/g, ',')
    .replace(/：/g, ':');
}

/** Every row of the sheet with its number, as plain values by column (1-based), up to `columns`. */
export function rowValues(row: Row, columns: number): (string | number | null)[] {
  return Array.from({ length: columns }, (_, index) => plainValue(row.getCell(index + 1).value));
}

/** The first row within the sheet's top `within` rows whose cells include all `headings` (by headingKey). */
export function findHeadingRow(sheet: Worksheet, headings: readonly string[], within = 20): Row | null {
  const wanted = headings.map(headingKey);
  for (let number = 1; number <= Math.min(within, sheet.rowCount); number++) {
    const row = sheet.getRow(number);
    const keys = new Set(rowValues(row, sheet.columnCount).map((value) => headingKey(shownText(value))));
    if (wanted.every((key) => keys.has(key))) return row;
  }
  return null;
}
