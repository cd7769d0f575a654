import {
  CONSTRUCTION_PROGRESS_LABELS,
  CONSTRUCTION_TYPE_LABELS,
  PROJECT_FIELD_LABELS,
  TASK_LIST_IMPORT_FIELDS,
  ValidationError,
  type FieldError,
  type ImportMode,
  type ImportProblem,
  type ImportReport,
  type ProjectField,
  type TaskListImportRow,
  type UpdateProjectBody,
} from '@duban/contracts';
import type { EditableProjectColumns } from '../projects/project-view';

/** The county column as the sheet names it (the documents' 县(市、区)). */
export const COUNTY_COLUMN = '县(市、区)';

/** Where a population figure changed by an import comes from: the uploaded 附件1 (never passed off as a yearbook figure). */
export const IMPORTED_POPULATION_SOURCE = '附件1导入';

/** A county in the import's programme, as a row may name it. */
export interface CountyCandidate {
  readonly regionCode: string;
  readonly countyName: string;
  readonly cityName: string | null;
}

/** Names compared without any whitespace (the documents write 临 县). */
export function normalizedName(name: string): string {
  return name.replace(/[\s\u3000]+/g, '');
}

/** How a sheet row names its county. */
export type CountyNaming = Pick<TaskListImportRow, 'regionCode' | 'cityName' | 'countyName'>;

export type CountyMatch<C> = { readonly county: C } | { readonly reason: string; readonly value: string };

/**
 * The county a row means: by its code when given, else by its name (and its city's, where two cities
 * have a county of the same name). A row naming neither, or one no candidate answers, says why.
 */
export function matchCounty<C extends CountyCandidate>(row: CountyNaming, candidates: readonly C[]): CountyMatch<C> {
  const code = row.regionCode?.trim() ?? '';
  if (code !== '') {
    const county = candidates.find((candidate) => candidate.regionCode === code);
    return county ? { county } : { reason: `找不到区划代码为 ${code} 的县（市、区）`, value: code };
  }
  const name = normalizedName(row.countyName ?? '');
  if (name === '') return { reason: '未填写县（市、区）名称', value: '' };
  const named = candidates.filter((candidate) => normalizedName(candidate.countyName) === name);
  const city = normalizedName(row.cityName ?? '');
  const inCity = city === '' ? named : named.filter((candidate) => normalizedName(candidate.cityName ?? '') === city);
  if (inCity.length === 1) return { county: inCity[0] as C };
  if (inCity.length > 1)
    return { reason: `有多个名为 ${name} 的县（市、区），请填写市别`, value: row.countyName ?? '' };
  return named.length > 0
    ? { reason: `${row.cityName ?? ''}没有名为 ${name} 的县（市、区）`, value: row.countyName ?? '' }
    : { reason: `找不到名为 ${name} 的县（市、区）`, value: row.countyName ?? '' };
}

/**
 * What a row asks of its project, as `PATCH /api/projects/:id` takes it: every import column the sheet
 * carried. Population travels with its source, and only when it differs from the stored figure (an
 * unchanged figure keeps its yearbook or census source).
 */
export function importBody(row: TaskListImportRow, current: EditableProjectColumns): UpdateProjectBody {
  // A cell the gateway could not read is absent from `values` (and reported as unreadable).
  const readable = (field: ProjectField): boolean =>
    row.values[field as keyof TaskListImportRow['values']] !== undefined;
  const body: Record<string, unknown> = {};
  for (const field of TASK_LIST_IMPORT_FIELDS) {
    if (field === 'population' || !readable(field)) continue;
    body[field] = row.values[field];
  }
  if (readable('plannedAreaM2')) body.plannedAreaAtLeast = row.values.plannedAreaAtLeast ?? false;
  if (readable('population') && row.values.population !== current.population) {
    body.population = row.values.population;
    body.populationSource = row.values.population === null ? null : IMPORTED_POPULATION_SOURCE;
  }
  return body as UpdateProjectBody;
}

/** The field whose cell shows `field` (the area's "+" lives in the area's cell, a population's source in its figure's). */
export function cellFieldOf(field: string): string {
  if (field === 'plannedAreaAtLeast') return 'plannedAreaM2';
  if (field === 'populationSource') return 'population';
  return field;
}

/** The column heading a field shows in. */
export function columnOf(field: string): string {
  return PROJECT_FIELD_LABELS[cellFieldOf(field) as ProjectField] ?? field;
}

/** A role's refusal of changed fields, one problem per cell. */
export function forbiddenProblems(
  row: TaskListImportRow,
  fields: readonly ProjectField[],
  message: (field: ProjectField) => string,
): ImportProblem[] {
  const cells = [...new Set(fields.map(cellFieldOf))] as ProjectField[];
  return cells.map((field) => ({
    row: row.row,
    column: columnOf(field),
    value: row.cells[field] ?? '',
    reason: message(field),
  }));
}

/** The validation issues of a row, where the user finds them: row, column, the cell's text, why. */
export function rowProblems(
  row: TaskListImportRow,
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): ImportProblem[] {
  return issues.map((issue) => {
    const field = String(issue.path[0] ?? '');
    return { row: row.row, column: columnOf(field), value: row.cells[cellFieldOf(field)] ?? '', reason: issue.message };
  });
}

/** A stored or imported value as the sheet shows it (新建, 150+, an empty cell). */
export function shownValue(field: ProjectField, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (field === 'constructionType') return CONSTRUCTION_TYPE_LABELS[value as keyof typeof CONSTRUCTION_TYPE_LABELS];
  if (field === 'progress') return CONSTRUCTION_PROGRESS_LABELS[value as keyof typeof CONSTRUCTION_PROGRESS_LABELS];
  if (typeof value === 'boolean') return value ? '是' : '否';
  return String(value);
}

/** An import's problems as a 400's field errors: `第 3 行 建设类型` — `应为 新建 或 改建（填写的是“翻新”）`. */
export function problemsAsFieldErrors(problems: readonly ImportProblem[]): FieldError[] {
  return problems.map((problem) => ({
    field: `第 ${problem.row} 行 ${problem.column}`,
    message: `${problem.reason}（填写的是${problem.value === '' ? '空白' : `“${problem.value}”`}）`,
  }));
}

/**
 * Whether an import writes: never in a preview; in all-or-nothing mode a single problem refuses the whole
 * file (a 400 listing every problem); valid-rows writes the rows without one.
 */
export function importDecision(
  mode: ImportMode,
  problems: readonly ImportProblem[],
): { apply: boolean; errorRows: number } {
  const errorRows = new Set(problems.map((problem) => problem.row)).size;
  if (mode === 'all-or-nothing' && problems.length > 0) {
    throw new ValidationError(
      problemsAsFieldErrors(problems),
      `导入被拒绝：${errorRows} 行有误，未写入任何数据（可先预览，或选择只导入无误的行）`,
    );
  }
  return { apply: mode !== 'preview', errorRows };
}

/** An import's report: the rows counted (a row is changed, unchanged or wrong), its changes and problems. */
export function importReport(
  mode: ImportMode,
  decision: { apply: boolean; errorRows: number },
  counts: { rows: number; valid: number },
  changes: ImportReport['changes'],
  problems: ImportProblem[],
): ImportReport {
  return {
    mode,
    applied: decision.apply && changes.length > 0,
    rows: counts.rows,
    changedRows: changes.length,
    unchangedRows: counts.valid - changes.length,
    errorRows: decision.errorRows,
    changes,
    problems,
  };
}
