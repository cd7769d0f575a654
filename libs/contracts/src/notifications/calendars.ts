import { z } from 'zod';
import { defineEvent } from '../envelope';
import { withActor } from '../identity';
import { defineRpc } from '../rpc/rpc';

/**
 * The working-day calendar as data (DESIGN rule 7): one holiday table per year, kept by the notifications
 * service (which plans reminders on it), loaded by the province administrator from the State Council's
 * notice. Subjects and the event type live in the broker: stable.
 */

const dateText = z.string({ error: '必须是日期字符串' }).max(32, '不能超过 32 个字符');

/**
 * `PUT /api/calendars/:year`: the year's days off and adjusted working days (调休上班), or the notice file's
 * text (`file`: the text, JSON or CSV form, see the README) instead of both lists. Whether the dates suit
 * the year (in it, not both, working days on weekends) is the service's check, with the same Chinese fields.
 */
export const putCalendarYearBodySchema = z
  .object({
    daysOff: z.array(dateText, { error: '必须是日期数组' }).max(366, '不能超过 366 天').optional(),
    workdays: z.array(dateText, { error: '必须是日期数组' }).max(366, '不能超过 366 天').optional(),
    names: z
      .record(z.string(), z.string().max(40, '不能超过 40 个字符'), { error: '必须是“日期: 节日名称”的对象' })
      .optional(),
    source: z.string({ error: '必须是字符串' }).trim().max(200, '不能超过 200 个字符').optional(),
    file: z.string({ error: '必须是文件内容（文本）' }).max(200_000, '文件不能超过 200 KB').optional(),
  })
  .strict()
  .superRefine((body, context) => {
    if (body.file !== undefined && (body.daysOff !== undefined || body.workdays !== undefined))
      context.addIssue({ code: 'custom', path: ['file'], message: '上传文件时不能同时给出 daysOff 或 workdays' });
    if (body.file === undefined && body.daysOff === undefined)
      context.addIssue({ code: 'custom', path: ['daysOff'], message: '必须给出放假日（或上传文件 file）' });
  });
export type PutCalendarYearBody = z.infer<typeof putCalendarYearBodySchema>;

export const calendarYearSummarySchema = z.object({
  year: z.number().int(),
  /** The notice it comes from (文号), or the shipped data's name. */
  source: z.string(),
  daysOff: z.number().int().nonnegative(),
  workdays: z.number().int().nonnegative(),
  /** When and by whom it was loaded; null for the tables shipped with the system. */
  loadedAt: z.string().nullable(),
  loadedBy: z.string().nullable(),
});
export type CalendarYearSummary = z.infer<typeof calendarYearSummarySchema>;

export const calendarDayViewSchema = z.object({ date: z.string(), name: z.string() });

export const calendarYearViewSchema = calendarYearSummarySchema.extend({
  daysOff: z.array(calendarDayViewSchema),
  workdays: z.array(calendarDayViewSchema),
  counts: z.object({ daysOff: z.number().int(), workdays: z.number().int() }),
});
export type CalendarYearView = z.infer<typeof calendarYearViewSchema>;

export const calendarYearListSchema = z.object({ items: z.array(calendarYearSummarySchema) });
export type CalendarYearList = z.infer<typeof calendarYearListSchema>;

export const calendarYearLoadedViewSchema = calendarYearViewSchema.extend({
  /** The table it replaced (null: the year was new). */
  previous: z.object({ daysOff: z.number().int(), workdays: z.number().int(), source: z.string() }).nullable(),
  /** Open deadlines whose reminders were planned again on it. */
  replannedDeadlines: z.number().int().nonnegative(),
});
export type CalendarYearLoadedView = z.infer<typeof calendarYearLoadedViewSchema>;

export const ListCalendarYearsRpc = defineRpc({
  subject: 'notifications.calendar.list',
  service: 'notifications',
  request: withActor({}),
  response: calendarYearListSchema,
});

export const GetCalendarYearRpc = defineRpc({
  subject: 'notifications.calendar.get',
  service: 'notifications',
  request: withActor({ year: z.number().int() }),
  response: calendarYearViewSchema,
});

export const PutCalendarYearRpc = defineRpc({
  subject: 'notifications.calendar.put',
  service: 'notifications',
  // The body is re-parsed in the service (the gateway's check is a courtesy): any caller gets the same 400.
  request: withActor({
    year: z.number().int(),
    daysOff: z.unknown().optional(),
    workdays: z.unknown().optional(),
    names: z.unknown().optional(),
    source: z.unknown().optional(),
    file: z.unknown().optional(),
  }),
  response: calendarYearLoadedViewSchema,
});

export const calendarYearLoadedSchema = z.object({
  year: z.number().int(),
  source: z.string(),
  /** The instant it was loaded (the service's clock). */
  loadedAt: z.iso.datetime({ offset: true }),
  /** Every listed day of the year: a statutory day off, or an adjusted working day (`isOffDay: false`). */
  days: z.array(z.object({ date: z.iso.date(), isOffDay: z.boolean(), name: z.string() }).strict()),
});
export type CalendarYearLoadedData = z.infer<typeof calendarYearLoadedSchema>;

/**
 * A year's holiday table was loaded or replaced: the whole table, so a service that counts working days
 * (projects, for its status lights) keeps its own copy of the same table without reading this schema.
 */
export const CalendarYearLoaded = defineEvent({
  type: 'duban.notifications.calendar-year.loaded.v1',
  version: 1,
  aggregate: 'calendar-year',
  schema: calendarYearLoadedSchema,
});
