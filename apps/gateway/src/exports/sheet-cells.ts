import { IMPORT_MAX_ROWS, ValidationError } from '@duban/contracts';
import type { CellValue, Row, Workbook, Worksheet } from 'exceljs';

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

export type Cell = string | number | null;

/** A data row of an uploaded table: its number in the sheet, and its cells by heading (undefined: no such column). */
export interface SheetRow {
  readonly number: number;
  cell(heading: string): Cell | undefined;
}

const noFile = (message: string) => new ValidationError([{ field: 'file', message }]);

/**
 * The data rows of the first sheet that has `required` headings: below the heading row, the empty ones and
 * the 栏目说明 skipped, only those `isData` takes, at most IMPORT_MAX_ROWS. `what` names the table in the
 * messages (任务分解清单).
 */
export function tableRows(
  workbook: Workbook,
  what: string,
  required: readonly string[],
  isData: (row: SheetRow) => boolean,
): SheetRow[] {
  let found: { sheet: Worksheet; headingRow: number } | null = null;
  for (const sheet of workbook.worksheets) {
    const row = findHeadingRow(sheet, required);
    if (row) {
      found = { sheet, headingRow: row.number };
      break;
    }
  }
  if (!found) throw noFile(`找不到${what}的表头（须有${required.map((h) => `“${h}”`).join('、')}各列）`);
  const { sheet, headingRow } = found;
  const width = sheet.columnCount;
  const indexOf = new Map<string, number>();
  rowValues(sheet.getRow(headingRow), width).forEach((value, index) => {
    const key = headingKey(shownText(value));
    if (key !== '' && !indexOf.has(key)) indexOf.set(key, index);
  });
  const rows: SheetRow[] = [];
  for (let number = headingRow + 1; number <= sheet.rowCount; number++) {
    const values = rowValues(sheet.getRow(number), width);
    if (values.every((value) => value === null)) continue;
    if (headingKey(shownText(values[0] ?? null)).startsWith('栏目说明')) continue;
    const row: SheetRow = {
      number,
      cell: (heading) => {
        const index = indexOf.get(headingKey(heading));
        return index === undefined ? undefined : (values[index] ?? null);
      },
    };
    if (!isData(row)) continue;
    if (rows.length === IMPORT_MAX_ROWS) throw noFile(`数据行超过 ${IMPORT_MAX_ROWS} 行上限，请分文件导入`);
    rows.push(row);
  }
  if (rows.length === 0) throw noFile(`文件中没有数据行（${what}的表头之下没有任何县（市、区））`);
  return rows;
}

export function optionalText(cell: Cell | undefined): string | null {
  return cell === null || cell === undefined ? null : String(cell);
}
