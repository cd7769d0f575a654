import { z } from 'zod';
import { withActor } from '../identity';
import { regionLevelSchema } from '../regions';
import { defineRpc } from '../rpc/rpc';
import { idSchema, milestoneStatusSchema, regionCodeSchema, statusLightSchema } from './common';
import { monthlyReportStatusSchema, reportMonthSchema } from './reports';

const count = z.number().int().min(0);

/** Milestones by light; `green + yellow + red + done = total`, always. */
export const milestoneLightCountsSchema = z.object({
  green: count,
  yellow: count,
  red: count,
  done: count,
  total: count,
});
export type MilestoneLightCounts = z.infer<typeof milestoneLightCountsSchema>;

/**
 * Counties by the status of their latest monthly report (the report with the latest month, whatever its
 * status); `none` counts counties with no report yet, or no project. The four add up to `countyCount`.
 */
export const reportStatusCountsSchema = z.object({
  submitted: count,
  returned: count,
  accepted: count,
  none: count,
});
export type ReportStatusCounts = z.infer<typeof reportStatusCountsSchema>;

export const latestReportSchema = z.object({
  id: z.uuid(),
  month: z.string(),
  status: monthlyReportStatusSchema,
  late: z.boolean(),
});
export type LatestReport = z.infer<typeof latestReportSchema>;

/**
 * The three operating figures (附件1: 当月提供零工岗位数, 当月服务零工人次, 当月达成意向上岗人次) of one month,
 * summed over the counties' monthly reports of that month, whatever the report's status. Reports before the
 * programme's operating-figures month may leave a figure out: a sum is null when no report gives it, so
 * "nobody reported" never reads as "zero".
 */
export const operatingFigureSumsSchema = z.object({
  /** Counties whose report of the month gives at least one of the three figures. */
  counties: count,
  /** 当月提供零工岗位数, summed; null when no report of the month gives it. */
  gigJobsOffered: count.nullable(),
  /** 当月服务零工人次, summed; null when no report of the month gives it. */
  gigWorkerVisits: count.nullable(),
  /** 当月达成意向上岗人次, summed; null when no report of the month gives it. */
  placements: count.nullable(),
});
export type OperatingFigureSums = z.infer<typeof operatingFigureSumsSchema>;

/** The operating figures of the latest month in which any of the region's counties reported one. */
export const latestFiguresSchema = operatingFigureSumsSchema.extend({
  /** 'YYYY-MM': the latest month for which some county's report gives an operating figure. */
  month: reportMonthSchema,
});
export type LatestFigures = z.infer<typeof latestFiguresSchema>;

/** One month of the region's progress over the programme year. */
export const dashboardMonthSchema = z.object({
  /** 'YYYY-MM', in Asia/Shanghai. */
  month: reportMonthSchema,
  /** Milestones due by the end of this month (cumulative): the plan. */
  plannedDue: count,
  /**
   * Milestones done by the end of this month (cumulative, by completion time in Asia/Shanghai); null for a
   * month after `asOf`'s, which has not happened yet.
   */
  done: count.nullable(),
  /** The operating figures of this month's reports (not cumulative). */
  figures: operatingFigureSumsSchema,
});
export type DashboardMonth = z.infer<typeof dashboardMonthSchema>;

export const dashboardRegionSchema = z.object({ code: z.string(), name: z.string(), level: regionLevelSchema });

/** One region's rollup: a child region of the one asked for, or that region's own total. */
export const dashboardRowSchema = z.object({
  region: dashboardRegionSchema,
  /** Counties in this region (1 for a county). */
  countyCount: count,
  /** Counties in this region with a project under the programme. */
  projectCount: count,
  milestones: milestoneLightCountsSchema,
  /**
   * Share of milestones done, as a fraction with exactly four decimals ("0.1250" = 12.5 %), rounded half up
   * from the exact counts; null when the region has no milestones.
   */
  doneShare: z
    .string()
    .regex(/^[01]\.\d{4}$/)
    .nullable(),
  /** Milestones past due and not done (the red ones). */
  overdue: count,
  reports: reportStatusCountsSchema,
  /** A county's latest report; null for a city or a county without reports. */
  latestReport: latestReportSchema.nullable(),
  /** The worst light of the region's milestones (a county's project light); null when it has no milestones. */
  light: statusLightSchema.nullable(),
  /** The operating figures of the latest month any of its counties reported one; null when none has. */
  latestFigures: latestFiguresSchema.nullable(),
  /** The county's project (for a link to it); null for a city, or a county without a project. */
  projectId: z.uuid().nullable(),
});
export type DashboardRow = z.infer<typeof dashboardRowSchema>;

export const dashboardMilestoneSchema = z.object({
  id: z.uuid(),
  key: z.string().nullable(),
  title: z.string(),
  /** Exactly one of dueDate (a local date, due at the end of that day in Asia/Shanghai) and dueAt. */
  dueDate: z.string().nullable(),
  dueAt: z.iso.datetime({ offset: true }).nullable(),
  status: milestoneStatusSchema,
  light: statusLightSchema,
});
export type DashboardMilestone = z.infer<typeof dashboardMilestoneSchema>;

export const dashboardProjectSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  regionCode: z.string(),
  /** The worst light of its milestones; null when it has none. */
  light: statusLightSchema.nullable(),
  milestones: z.array(dashboardMilestoneSchema),
  latestReport: latestReportSchema.nullable(),
});
export type DashboardProject = z.infer<typeof dashboardProjectSchema>;

export const dashboardSchema = z.object({
  programme: z.object({ id: z.uuid(), code: z.string(), name: z.string(), year: z.number().int() }).nullable(),
  region: dashboardRegionSchema,
  /** The regions above `region`, from the top down (山西省 for 吕梁市; 山西省, 吕梁市 for 临县), for a breadcrumb. */
  ancestors: z.array(dashboardRegionSchema),
  /** The instant the lights were computed for. */
  asOf: z.iso.datetime({ offset: true }),
  /** The region asked for as a whole: each count is the sum of the children's. */
  total: dashboardRowSchema,
  /** Cities under a province, counties under a city; empty for a county. */
  children: z.array(dashboardRowSchema),
  /** For a county: its project and milestones with their lights. Null otherwise. */
  project: dashboardProjectSchema.nullable(),
  /**
   * The region as a whole, month by month over the programme year (January to December of its year, longer
   * when a milestone's due date or completion or a report falls later); empty without a programme. The last
   * month's `plannedDue` equals `total.milestones.total`; the `done` of `asOf`'s month (or of the last month,
   * once the year is over) equals `total.milestones.done`.
   */
  series: z.array(dashboardMonthSchema),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

/** `GET /api/dashboard?region=CODE[&programmeId=UUID]`; without a programme, the newest covering the region. */
export const dashboardQuerySchema = z.object({ region: regionCodeSchema, programmeId: idSchema.optional() }).strict();
export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;

/** Request/reply subject of the projects service: stable. */
export const GetDashboardRpc = defineRpc({
  subject: 'projects.dashboard.get',
  service: 'projects',
  request: withActor({ region: regionCodeSchema, programmeId: idSchema.optional() }),
  response: dashboardSchema,
});

export type GetDashboardRequest = z.infer<typeof GetDashboardRpc.request>;
