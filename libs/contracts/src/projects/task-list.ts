import { z } from 'zod';
import { withActor } from '../identity';
import { defineRpc } from '../rpc/rpc';
import { constructionProgressSchema, constructionTypeSchema, idSchema, regionCodeSchema } from './common';
import { reportMonthSchema } from './reports';

/**
 * The task list (附件1, 任务分解清单) as a table: what the Excel export shows and the import reads. The
 * projects service answers the project columns and the month's report; the money columns are funding's
 * (附件4's lines), joined by the gateway.
 */

/** One county's row: its project's 附件1 columns and, when a month is asked for, that month's 月报. */
export const taskListRowSchema = z.object({
  projectId: z.uuid(),
  regionCode: z.string(),
  cityName: z.string().nullable(),
  countyName: z.string(),
  population: z.number().int().nullable(),
  populationSource: z.string().nullable(),
  plannedAreaM2: z.number().int().nullable(),
  plannedAreaAtLeast: z.boolean(),
  noRecruitmentHall: z.boolean(),
  constructionType: constructionTypeSchema.nullable(),
  progress: constructionProgressSchema.nullable(),
  actualAreaM2: z.number().int().nullable(),
  address: z.string().nullable(),
  /** The month's report (null: none filed, or no month asked for). */
  report: z
    .object({
      workContent: z.string(),
      difficulties: z.string(),
      suggestions: z.string(),
      gigJobsOffered: z.number().int().nullable(),
      gigWorkerVisits: z.number().int().nullable(),
      placements: z.number().int().nullable(),
    })
    .nullable(),
});
export type TaskListRow = z.infer<typeof taskListRowSchema>;

export const taskListSchema = z.object({
  programmeId: z.uuid(),
  programmeYear: z.number().int(),
  regionCode: z.string(),
  regionName: z.string(),
  month: z.string().nullable(),
  rows: z.array(taskListRowSchema),
});
export type TaskList = z.infer<typeof taskListSchema>;

/** `GET /api/exports/task-list.xlsx?region=CODE&month=YYYY-MM` */
export const taskListQuerySchema = z
  .object({ region: regionCodeSchema, month: reportMonthSchema.optional(), programmeId: idSchema.optional() })
  .strict();
export type TaskListQuery = z.infer<typeof taskListQuerySchema>;

export const GetTaskListRpc = defineRpc({
  subject: 'projects.tasklist.get',
  service: 'projects',
  request: withActor(taskListQuerySchema.shape),
  response: taskListSchema,
});

/**
 * The columns an import may change, as the sheet names them. The money columns are funding's (allocations),
 * the month's columns are 月报's and the bold "no recruitment hall" marker does not survive CSV or every
 * editor: an import reads none of them.
 */
export const TASK_LIST_IMPORT_FIELDS = [
  'population',
  'plannedAreaM2',
  'constructionType',
  'progress',
  'actualAreaM2',
  'address',
] as const;
export type TaskListImportField = (typeof TASK_LIST_IMPORT_FIELDS)[number];

/** How an import writes: `preview` writes nothing; `all-or-nothing` refuses the file when a row is wrong; `valid-rows` applies the others. */
export const IMPORT_MODES = ['preview', 'all-or-nothing', 'valid-rows'] as const;
export const importModeSchema = z.enum(IMPORT_MODES, { error: '应为 preview、all-or-nothing 或 valid-rows' });
export type ImportMode = z.infer<typeof importModeSchema>;

export const importQuerySchema = z.object({ mode: importModeSchema.default('all-or-nothing') }).strict();
export type ImportQuery = z.infer<typeof importQuerySchema>;

/** A cell the gateway could not read as its column wants (e.g. 建设类型 "翻新"), with the reason. */
export const unreadableCellSchema = z.object({
  column: z.string().max(100),
  value: z.string().max(2000),
  reason: z.string(),
});

/**
 * One data row of an uploaded 附件1 as the gateway read it: the county (by code, else by name and city),
 * each import column's value typed as `PATCH /api/projects/:id` takes it (null: an empty cell), and the
 * cells it could not read. `row` is the sheet's row number, as the user sees it.
 */
export const taskListImportRowSchema = z
  .object({
    row: z.number().int().min(1),
    regionCode: z.string().max(20).nullable(),
    cityName: z.string().max(100).nullable(),
    countyName: z.string().max(100).nullable(),
    values: z
      .object({
        population: z.number().nullable(),
        plannedAreaM2: z.number().nullable(),
        plannedAreaAtLeast: z.boolean(),
        constructionType: constructionTypeSchema.nullable(),
        progress: constructionProgressSchema.nullable(),
        actualAreaM2: z.number().nullable(),
        address: z.string().max(2000).nullable(),
      })
      .partial()
      .strict(),
    /** The cell's text per field, for the report. */
    cells: z.record(z.string(), z.string().max(2000)),
    unreadable: z.array(unreadableCellSchema),
  })
  .strict();
export type TaskListImportRow = z.infer<typeof taskListImportRowSchema>;

/** One problem of an import, where the user finds it: sheet row, column heading, the cell's text, why (中文). */
export const importProblemSchema = z.object({
  row: z.number().int(),
  column: z.string(),
  value: z.string(),
  reason: z.string(),
});
export type ImportProblem = z.infer<typeof importProblemSchema>;

/** A row the import changes (or would, in a preview): each column before → after, as the sheet shows it. */
export const importChangeSchema = z.object({
  row: z.number().int(),
  regionCode: z.string(),
  countyName: z.string(),
  changes: z.array(z.object({ column: z.string(), before: z.string(), after: z.string() })),
});

/** What an import did (or would do): counted rows, the changes and every problem. */
export const importReportSchema = z.object({
  mode: importModeSchema,
  /** Whether anything was written. */
  applied: z.boolean(),
  rows: z.number().int(),
  changedRows: z.number().int(),
  unchangedRows: z.number().int(),
  errorRows: z.number().int(),
  changes: z.array(importChangeSchema),
  problems: z.array(importProblemSchema),
});
export type ImportReport = z.infer<typeof importReportSchema>;

/** The most data rows one upload may carry (a province's 117 counties, with room). */
export const IMPORT_MAX_ROWS = 500;

export const ImportTaskListRpc = defineRpc({
  subject: 'projects.tasklist.import',
  service: 'projects',
  request: withActor({
    mode: importModeSchema,
    programmeId: idSchema.optional(),
    rows: z.array(taskListImportRowSchema).max(IMPORT_MAX_ROWS),
  }),
  response: importReportSchema,
});
