import {
  CONSTRUCTION_PROGRESS_LABELS,
  CONSTRUCTION_TYPE_LABELS,
  type ProjectField,
  type TaskListImportRow,
} from '@duban/contracts';
import type { Workbook } from 'exceljs';
import { headingKey, optionalText, shownText, tableRows, type Cell, type SheetRow } from './sheet-cells';
import { TASK_LIST_HEADINGS } from './task-list-workbook';

/**
 * Reads the rows of an uploaded 附件1 into what the projects service imports: the columns found by their
 * headings (in any order, brackets full- or half-width), the 栏目说明 row and empty rows skipped, each
 * import column's cell typed as the API takes it (新建 → new, 150+ → 150 and "at least"). A cell that
 * cannot be read is reported with its reason; the rules on values (ranges, roles, scope) are the service's.
 */

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
  field: ProjectField;
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

/** The data rows of the first sheet that has 附件1's headings. */
export function readTaskListRows(workbook: Workbook): TaskListImportRow[] {
  const H = TASK_LIST_HEADINGS;
  const hasCounty = (row: SheetRow) =>
    (row.cell(H.county) ?? null) !== null || (row.cell(H.regionCode) ?? null) !== null;
  return tableRows(workbook, '任务分解清单', [H.number, H.county], hasCounty).map(readRow);
}

function readRow(sheetRow: SheetRow): TaskListImportRow {
  const row: TaskListImportRow = {
    row: sheetRow.number,
    regionCode: optionalText(sheetRow.cell(TASK_LIST_HEADINGS.regionCode)),
    cityName: optionalText(sheetRow.cell(TASK_LIST_HEADINGS.city)),
    countyName: optionalText(sheetRow.cell(TASK_LIST_HEADINGS.county)),
    values: {},
    cells: {},
    unreadable: [],
  };
  for (const column of IMPORT_COLUMNS) {
    const cell = sheetRow.cell(column.heading);
    // A column the file does not have is left as it is; an empty cell clears the field.
    if (cell === undefined) continue;
    row.cells[column.field] = shownText(cell);
    const read = column.read(cell);
    if ('value' in read) Object.assign(row.values, read.value);
    else row.unreadable.push({ column: column.heading, value: shownText(cell), reason: read.reason });
  }
  return row;
}
