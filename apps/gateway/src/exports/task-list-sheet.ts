import {
  CONSTRUCTION_PROGRESS_LABELS,
  CONSTRUCTION_TYPE_LABELS,
  IMPORT_MAX_ROWS,
  PROJECT_FIELD_LABELS,
  ValidationError,
  type TaskListImportRow,
} from '@duban/contracts';
import type { Workbook } from 'exceljs';
import { findHeadingRow, headingKey, rowValues, shownText } from './sheet-cells';
import { TASK_LIST_HEADINGS } from './task-list-workbook';

/**
 * Reads the rows of an uploaded 附件1 into what the projects service imports: the columns found by their
 * headings (in any order, brackets full- or half-width), the 栏目说明 row and empty rows skipped, each
 * import column's cell typed as the API takes it (新建 → new, 150+ → 150 and "at least"). A cell that
 * cannot be read is reported with its reason; the rules on values (ranges, roles, scope) are the service's.
 */

type Cell = string | number | null;
type Values = TaskListImportRow['values'];
type Read<T> = { value: T } | { reason: string };

function wholeNumber(cell: Cell): Read<number | null> {
  if (cell === null) return { value: null };
  if (typeof cell === 'number') return { value: cell };
  const text = cell.replace(/[,，\s]/g, '');
  return /^-?\d+(\.\d+)?$/.test(text) ? { value: Number(text) } : { reason: '必须是整数' };
}

function plannedArea(cell: Cell): Read<{ plannedAreaM2: number | null; plannedAreaAtLeast: boolean }> {
  if (cell === null) return { value: { plannedAreaM2: null, plannedAreaAtLeast: false } };
  if (typeof cell === 'number') return { value: { plannedAreaM2: cell, plannedAreaAtLeast: false } };
  const match = /^(\d+(?:\.\d+)?)\s*([+＋])?$/.exec(cell.replace(/[,，\s]/g, ''));
  return match
    ? { value: { plannedAreaM2: Number(match[1]), plannedAreaAtLeast: match[2] !== undefined } }
    : { reason: '应为整数平方米，可加“+”表示以上（如 150+）' };
}

function label<T extends string>(labels: Readonly<Record<T, string>>, cell: Cell): Read<T | null> {
  if (cell === null) return { value: null };
  const text = headingKey(String(cell));
  const found = (Object.keys(labels) as T[]).find((key) => labels[key] === text || key === text);
  return found ? { value: found } : { reason: `应为 ${Object.values<string>(labels).join('、')} 之一` };
}

function text(cell: Cell): Read<string | null> {
  return { value: cell === null ? null : String(cell) };
}

/** Each import column: its heading, the field it fills and how its cell is read. */
const IMPORT_COLUMNS: readonly {
  heading: string;
  field: keyof typeof PROJECT_FIELD_LABELS;
  read: (cell: Cell) => Read<Partial<Values>>;
}[] = [
  { heading: TASK_LIST_HEADINGS.population, field: 'population', read: (c) => as(wholeNumber(c), 'population') },
  { heading: TASK_LIST_HEADINGS.plannedArea, field: 'plannedAreaM2', read: (c) => plannedArea(c) },
  {
    heading: TASK_LIST_HEADINGS.constructionType,
    field: 'constructionType',
    read: (c) => as(label(CONSTRUCTION_TYPE_LABELS, c), 'constructionType'),
  },
  {
    heading: TASK_LIST_HEADINGS.progress,
    field: 'progress',
    read: (c) => as(label(CONSTRUCTION_PROGRESS_LABELS, c), 'progress'),
  },
  { heading: TASK_LIST_HEADINGS.actualArea, field: 'actualAreaM2', read: (c) => as(wholeNumber(c), 'actualAreaM2') },
  { heading: TASK_LIST_HEADINGS.address, field: 'address', read: (c) => as(text(c), 'address') },
];

function as<K extends keyof Values>(read: Read<Values[K]>, field: K): Read<Partial<Values>> {
  return 'value' in read ? { value: { [field]: read.value } as Partial<Values> } : read;
}

function optionalText(cell: Cell): string | null {
  return cell === null ? null : String(cell);
}

const noFile = (message: string) => new ValidationError([{ field: 'file', message }]);

/** The data rows of the first sheet that has 附件1's headings. */
export function readTaskListRows(workbook: Workbook): TaskListImportRow[] {
  const H = TASK_LIST_HEADINGS;
  let found: { sheet: Workbook['worksheets'][number]; headingRow: number } | null = null;
  for (const sheet of workbook.worksheets) {
    const row = findHeadingRow(sheet, [H.number, H.county]);
    if (row) {
      found = { sheet, headingRow: row.number };
      break;
    }
  }
  if (!found) throw noFile(`找不到任务分解清单的表头（须有“${H.number}”与“${H.county}”两列）`);
  const { sheet, headingRow } = found;
  const width = sheet.columnCount;
  const indexOf = new Map<string, number>();
  rowValues(sheet.getRow(headingRow), width).forEach((value, index) => {
    const key = headingKey(shownText(value));
    if (key !== '' && !indexOf.has(key)) indexOf.set(key, index);
  });
  const at = (values: Cell[], heading: string): Cell | undefined => {
    const index = indexOf.get(headingKey(heading));
    return index === undefined ? undefined : (values[index] ?? null);
  };
  const rows: TaskListImportRow[] = [];
  for (let number = headingRow + 1; number <= sheet.rowCount; number++) {
    const values = rowValues(sheet.getRow(number), width);
    if (values.every((value) => value === null)) continue;
    if (headingKey(shownText(values[0] ?? null)).startsWith('栏目说明')) continue;
    const county = at(values, H.county) ?? null;
    const code = at(values, H.regionCode) ?? null;
    if (county === null && code === null) continue;
    if (rows.length === IMPORT_MAX_ROWS) throw noFile(`数据行超过 ${IMPORT_MAX_ROWS} 行上限，请分文件导入`);
    rows.push(readRow(number, values, at, { county, code }));
  }
  if (rows.length === 0) throw noFile('文件中没有数据行（表头之下没有任何县（市、区））');
  return rows;
}

function readRow(
  number: number,
  values: Cell[],
  at: (values: Cell[], heading: string) => Cell | undefined,
  { county, code }: { county: Cell; code: Cell },
): TaskListImportRow {
  const row: TaskListImportRow = {
    row: number,
    regionCode: optionalText(code),
    cityName: optionalText(at(values, TASK_LIST_HEADINGS.city) ?? null),
    countyName: optionalText(county),
    values: {},
    cells: {},
    unreadable: [],
  };
  for (const column of IMPORT_COLUMNS) {
    const cell = at(values, column.heading);
    // A column the file does not have is left as it is; an empty cell clears the field.
    if (cell === undefined) continue;
    row.cells[column.field] = shownText(cell);
    const read = column.read(cell);
    if ('value' in read) Object.assign(row.values, read.value);
    else row.unreadable.push({ column: column.heading, value: shownText(cell), reason: read.reason });
  }
  return row;
}
