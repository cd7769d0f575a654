import { z } from 'zod';
import { withActor } from '../identity';
import { sentReminderSchema } from '../notifications/reminder-history';
import { defineRpc } from '../rpc/rpc';
import { localDateSchema, milestoneStatusSchema, officerRoleSchema, regionCodeSchema } from './common';

/**
 * 超时倒查: who overran, by how much. Two kinds of item are chased by a due date: milestones and monthly
 * reports. Each completion of a milestone and each first submission of a report records the working days it
 * came late (0 on time) and the officers who answered for it at that moment (a milestone's responsible
 * officers; a report's 组长); open ones past their deadline count with the working days they are late so far.
 */

/** An officer who answered for a milestone (as they were named when it was completed, or now for an open one). */
export const answerableOfficerSchema = z.object({
  officerId: z.uuid(),
  name: z.string(),
  role: officerRoleSchema,
  username: z.string().nullable(),
});
export type AnswerableOfficer = z.infer<typeof answerableOfficerSchema>;

/** Two years: a programme year with its lead-in; a wider period is a mistake, not a question. */
const MAX_PERIOD_DAYS = 731;

function daysApart(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

/** `GET /api/overruns?region=&from=&to=`: milestones and monthly reports due in [from, to] under a region. */
export const overrunsQuerySchema = z
  .object({
    region: regionCodeSchema,
    from: localDateSchema,
    to: localDateSchema,
  })
  .strict()
  .refine((query) => query.from <= query.to, { path: ['to'], message: '结束日期不能早于开始日期' })
  .refine((query) => daysApart(query.from, query.to) <= MAX_PERIOD_DAYS, {
    path: ['to'],
    message: `查询期间不能超过 ${MAX_PERIOD_DAYS} 天`,
  });
export type OverrunsQuery = z.infer<typeof overrunsQuerySchema>;

const count = z.number().int().min(0);

/** Count, total and worst working days late: the ranking's three figures. */
export const overrunFiguresSchema = z.object({
  /** Items (milestones and monthly reports) completed late or still open past their deadline. */
  count,
  /** Of which still open. */
  open: count,
  totalWorkingDaysLate: count,
  worstWorkingDaysLate: count,
});
export type OverrunFigures = z.infer<typeof overrunFiguresSchema>;

export const OVERRUN_ITEM_KINDS = ['milestone', 'report'] as const;
export const OVERRUN_ITEM_KIND_LABELS: Readonly<Record<(typeof OVERRUN_ITEM_KINDS)[number], string>> = {
  milestone: '节点',
  report: '月报',
};

export const overrunItemSchema = z.object({
  kind: z.enum(OVERRUN_ITEM_KINDS),
  /** The deadline the item is chased as (a milestone's id; `report:<project>:<month>`): its reminders' key. */
  deadlineId: z.string(),
  /** Null for a monthly report. */
  milestoneId: z.uuid().nullable(),
  /** A monthly report's month ('YYYY-MM'); null for a milestone. */
  month: z.string().nullable(),
  projectId: z.uuid(),
  regionCode: z.string(),
  regionName: z.string(),
  title: z.string(),
  dueDate: z.string().nullable(),
  dueAt: z.string().nullable(),
  /** A monthly report is `done` once filed and `pending` while missing. */
  status: milestoneStatusSchema,
  /** A milestone's completion, or a report's first submission. */
  completedAt: z.string().nullable(),
  /** Working days late at completion, or so far for an open one (at least 1 once the deadline has passed). */
  workingDaysLate: count,
  /** An open item past its deadline: the deadline instant; null once done. */
  overdueSince: z.string().nullable(),
  answerable: z.array(answerableOfficerSchema),
});
export type OverrunItem = z.infer<typeof overrunItemSchema>;

/**
 * 名次 in a ranking: 1 for the most working days late; equal figures (`compareOverruns`) share a place and the
 * next is counted on (1, 1, 3), so a tie is never ranked by an order no one chose.
 */
const rank = z.number().int().min(1);

export const countyOverrunsSchema = overrunFiguresSchema.extend({
  rank,
  regionCode: z.string(),
  regionName: z.string(),
  projectId: z.uuid().nullable(),
});
export type CountyOverruns = z.infer<typeof countyOverrunsSchema>;

export const officerOverrunsSchema = overrunFiguresSchema.extend({
  rank,
  officerId: z.uuid(),
  name: z.string(),
  role: officerRoleSchema,
  username: z.string().nullable(),
  regionCode: z.string(),
  regionName: z.string(),
});
export type OfficerOverruns = z.infer<typeof officerOverrunsSchema>;

/** The report: counties and officers ranked (most total working days late first), and the items behind them. */
export const overrunReportSchema = z.object({
  region: z.object({ code: z.string(), name: z.string() }),
  from: z.string(),
  to: z.string(),
  asOf: z.string(),
  total: overrunFiguresSchema,
  counties: z.array(countyOverrunsSchema),
  officers: z.array(officerOverrunsSchema),
  items: z.array(overrunItemSchema),
});
export type OverrunReport = z.infer<typeof overrunReportSchema>;

export const GetOverrunReportRpc = defineRpc({
  subject: 'projects.overruns.report',
  service: 'projects',
  request: withActor({ region: regionCodeSchema, from: localDateSchema, to: localDateSchema }),
  response: overrunReportSchema,
});

/** What the ranking sorts by, the same everywhere (service, exports): total, then worst, then count. */
export function compareOverruns(a: OverrunFigures, b: OverrunFigures): number {
  return (
    b.totalWorkingDaysLate - a.totalWorkingDaysLate ||
    b.worstWorkingDaysLate - a.worstWorkingDaysLate ||
    b.count - a.count
  );
}

/** `GET /api/overruns`: the report, each item with the reminders that were sent about it (the delivery log). */
export const overrunReportViewSchema = overrunReportSchema.extend({
  items: z.array(overrunItemSchema.extend({ reminders: z.array(sentReminderSchema) })),
  /** False when the notifications service did not answer: the items are shown without their reminders. */
  remindersKnown: z.boolean(),
});
export type OverrunReportView = z.infer<typeof overrunReportViewSchema>;
export type OverrunItemView = OverrunReportView['items'][number];
