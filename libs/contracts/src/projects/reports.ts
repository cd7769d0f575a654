import { z } from 'zod';
import { defineEvent } from '../envelope';
import { withActor } from '../identity';
import { defineRpc } from '../rpc/rpc';
import { constructionProgressSchema, constructionTypeSchema, idSchema } from './common';
import { eventActorSchema } from './events';

/**
 * Monthly reports (月报): one per county project per month, with the 附件1 columns (建设类型 and 目前建设进度
 * share the project's enums in ./common). The values below are stored in the projects schema and carried
 * in events: they are stable.
 */
export const MONTHLY_REPORT_STATUSES = ['submitted', 'returned', 'accepted'] as const;
export type MonthlyReportStatus = (typeof MONTHLY_REPORT_STATUSES)[number];

export const monthlyReportStatusSchema = z.enum(MONTHLY_REPORT_STATUSES);

/** How the statuses read to users. */
export const MONTHLY_REPORT_STATUS_LABELS: Readonly<Record<MonthlyReportStatus, string>> = {
  submitted: '已报送',
  returned: '已退回',
  accepted: '已通过',
};

/**
 * Whether a programme's counties owe the report for `month` ('YYYY-MM'; due on day `reportDueDay` of that
 * month, at the end of the day in Asia/Shanghai). `setUpOn` is the local date the programme was set up. One set
 * up during its own year owes the months whose due day is that day or later: a plan made on 10 March owes March's
 * report on, not January's or February's, which nobody could have filed (and 超时倒查 must not count against
 * anyone). One set up before its year owes every month, and so does one loaded after its year ended (its
 * history, as it was then). The one rule for the projects service (deadlines, agenda, lateness, 超时倒查) and the
 * gateway (calendar feeds).
 */
export function owesMonthlyReport(
  month: string,
  programme: { readonly year: number; readonly reportDueDay: number },
  setUpOn: string,
): boolean {
  if (Number(setUpOn.slice(0, 4)) !== programme.year) return true;
  return `${month}-${String(programme.reportDueDay).padStart(2, '0')}` >= setUpOn;
}

/** The three operating figures (市场投入运行后即可填报有关数据，10月起各县均需填报), as 附件1 names them. */
export const OPERATING_FIGURES = ['gigJobsOffered', 'gigWorkerVisits', 'placements'] as const;
export type OperatingFigure = (typeof OPERATING_FIGURES)[number];
export const OPERATING_FIGURE_LABELS: Readonly<Record<OperatingFigure, string>> = {
  gigJobsOffered: '当月提供零工岗位数',
  gigWorkerVisits: '当月服务零工人次',
  placements: '当月达成意向上岗人次',
};

export const reportMonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');

/** A count of people or posts in one month: a whole number, never negative. */
const monthlyCount = z.number().int().min(0).max(10_000_000);
const longText = z.string().trim().max(5000);

/**
 * The 附件1 columns a county fills in each month. 建设类型 and 目前建设进度 are pick-one fields and
 * 本月工作内容 is the point of the report, so they are required; area and address may still be unknown
 * early on. Whether the operating figures are required depends on the month and the programme, so the
 * service checks that (see `operatingFiguresRequired` in the projects service), not this schema.
 */
export const monthlyReportFieldsShape = {
  constructionType: constructionTypeSchema,
  progress: constructionProgressSchema,
  actualAreaM2: z.number().int().min(0).max(1_000_000).nullish(),
  address: z.string().trim().max(500).nullish(),
  workContent: longText.min(1),
  difficulties: longText.default(''),
  suggestions: longText.default(''),
  gigJobsOffered: monthlyCount.nullish(),
  gigWorkerVisits: monthlyCount.nullish(),
  placements: monthlyCount.nullish(),
};

/** `POST /api/projects/:id/reports` body. */
export const submitMonthlyReportBodySchema = z
  .object({ month: reportMonthSchema, ...monthlyReportFieldsShape })
  .strict();
export type SubmitMonthlyReportBody = z.infer<typeof submitMonthlyReportBodySchema>;

/** `PUT /api/reports/:id` body: the same fields; the month of a report never changes. */
export const resubmitMonthlyReportBodySchema = z.object(monthlyReportFieldsShape).strict();
export type ResubmitMonthlyReportBody = z.infer<typeof resubmitMonthlyReportBodySchema>;

/** `POST /api/reports/:id/return` body: the city says what to fix. */
export const returnMonthlyReportBodySchema = z.object({ comment: z.string().trim().min(1).max(2000) }).strict();
export type ReturnMonthlyReportBody = z.infer<typeof returnMonthlyReportBodySchema>;

/** `POST /api/reports/:id/accept` body (may be empty). */
export const acceptMonthlyReportBodySchema = z.object({ comment: z.string().trim().max(2000).optional() }).strict();
export type AcceptMonthlyReportBody = z.infer<typeof acceptMonthlyReportBodySchema>;

export const REPORT_HISTORY_ACTIONS = ['submitted', 'resubmitted', 'returned', 'accepted'] as const;

/** One step of the cycle: who did what, when, with which comment, and which fields a resubmission changed. */
export const reportHistoryEntrySchema = z.object({
  action: z.enum(REPORT_HISTORY_ACTIONS),
  status: monthlyReportStatusSchema,
  at: z.iso.datetime({ offset: true }),
  by: eventActorSchema,
  comment: z.string().nullable(),
  changedFields: z.array(z.string()).optional(),
});
export type ReportHistoryEntry = z.infer<typeof reportHistoryEntrySchema>;

export const monthlyReportSchema = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  programmeId: z.uuid(),
  regionCode: z.string(),
  month: reportMonthSchema,
  constructionType: constructionTypeSchema.nullable(),
  progress: constructionProgressSchema.nullable(),
  actualAreaM2: z.number().int().nullable(),
  address: z.string().nullable(),
  workContent: z.string(),
  difficulties: z.string(),
  suggestions: z.string(),
  gigJobsOffered: z.number().int().nullable(),
  gigWorkerVisits: z.number().int().nullable(),
  placements: z.number().int().nullable(),
  status: monthlyReportStatusSchema,
  /** The first submission came after `dueAt`; a resubmission after a return does not change it. */
  late: z.boolean(),
  /** End of the programme's report due day of `month`, Asia/Shanghai. */
  dueAt: z.iso.datetime({ offset: true }),
  /** The latest (re)submission, the one the city reviews. */
  submittedAt: z.iso.datetime({ offset: true }),
  submittedBy: z.string(),
  reviewComment: z.string().nullable(),
  reviewedAt: z.iso.datetime({ offset: true }).nullable(),
  reviewedBy: z.string().nullable(),
  history: z.array(reportHistoryEntrySchema),
  version: z.number().int(),
});
export type MonthlyReport = z.infer<typeof monthlyReportSchema>;

const reportId = idSchema;
const projectId = idSchema;

/** Request/reply subjects of the projects service for monthly reports. They live on the wire: stable. */
export const SubmitMonthlyReportRpc = defineRpc({
  subject: 'projects.report.submit',
  service: 'projects',
  request: withActor({ projectId, month: reportMonthSchema, ...monthlyReportFieldsShape }),
  response: monthlyReportSchema,
});

export const ResubmitMonthlyReportRpc = defineRpc({
  subject: 'projects.report.resubmit',
  service: 'projects',
  request: withActor({ reportId, ...monthlyReportFieldsShape }),
  response: monthlyReportSchema,
});

export const ReturnMonthlyReportRpc = defineRpc({
  subject: 'projects.report.return',
  service: 'projects',
  request: withActor({ reportId, comment: returnMonthlyReportBodySchema.shape.comment }),
  response: monthlyReportSchema,
});

export const AcceptMonthlyReportRpc = defineRpc({
  subject: 'projects.report.accept',
  service: 'projects',
  request: withActor({ reportId, comment: acceptMonthlyReportBodySchema.shape.comment }),
  response: monthlyReportSchema,
});

export const GetMonthlyReportRpc = defineRpc({
  subject: 'projects.report.get',
  service: 'projects',
  request: withActor({ reportId }),
  response: monthlyReportSchema,
});

export const ListMonthlyReportsRpc = defineRpc({
  subject: 'projects.report.list',
  service: 'projects',
  request: withActor({ projectId }),
  response: z.object({ items: z.array(monthlyReportSchema) }),
});

/**
 * What every report event carries: enough for the notifications service to tell the county (returned) or
 * the city (submitted) without asking back.
 */
export const monthlyReportEventSchema = z.object({
  reportId: z.uuid(),
  projectId: z.uuid(),
  programmeId: z.uuid(),
  regionCode: z.string(),
  /** The county's city, whose officers review the report. */
  cityRegionCode: z.string().nullable(),
  month: reportMonthSchema,
  status: monthlyReportStatusSchema,
  late: z.boolean(),
  dueAt: z.iso.datetime({ offset: true }),
  by: eventActorSchema,
  comment: z.string().nullable(),
});
export type MonthlyReportEvent = z.infer<typeof monthlyReportEventSchema>;

/** Ordered per report: a return never overtakes the submission it answers. */
const REPORT_AGGREGATE = 'monthly_report';

/** Subjects live in the broker: stable. A resubmission is announced as `submitted` again. */
export const MonthlyReportSubmitted = defineEvent({
  type: 'duban.projects.report.submitted.v1',
  version: 1,
  aggregate: REPORT_AGGREGATE,
  schema: monthlyReportEventSchema,
});

export const MonthlyReportReturned = defineEvent({
  type: 'duban.projects.report.returned.v1',
  version: 1,
  aggregate: REPORT_AGGREGATE,
  schema: monthlyReportEventSchema,
});

export const MonthlyReportAccepted = defineEvent({
  type: 'duban.projects.report.accepted.v1',
  version: 1,
  aggregate: REPORT_AGGREGATE,
  schema: monthlyReportEventSchema,
});

export type SubmitMonthlyReportRequest = z.infer<typeof SubmitMonthlyReportRpc.request>;
export type ResubmitMonthlyReportRequest = z.infer<typeof ResubmitMonthlyReportRpc.request>;
export type ReturnMonthlyReportRequest = z.infer<typeof ReturnMonthlyReportRpc.request>;
export type AcceptMonthlyReportRequest = z.infer<typeof AcceptMonthlyReportRpc.request>;
export type GetMonthlyReportRequest = z.infer<typeof GetMonthlyReportRpc.request>;
export type ListMonthlyReportsRequest = z.infer<typeof ListMonthlyReportsRpc.request>;
/** The fields a county fills in, as the service receives them (defaults applied). */
export type MonthlyReportFields = Omit<ResubmitMonthlyReportRequest, 'actor' | 'reportId'>;
