import type { EventActor, MonthlyReport, MonthlyReportEvent } from '@duban/contracts';
import type { ReportProject } from './report-access.service';
import { reportDueAt } from './report-rules';
import type { MonthlyReportRecord } from './reports.repository';

/** How a report reads over RPC and HTTP. */
export function toMonthlyReport(report: MonthlyReportRecord, project: ReportProject): MonthlyReport {
  return {
    id: report.id,
    projectId: report.projectId,
    programmeId: project.programmeId,
    regionCode: project.regionCode,
    month: report.month,
    constructionType: report.constructionType,
    progress: report.progress,
    actualAreaM2: report.actualAreaM2,
    address: report.address,
    workContent: report.workContent,
    difficulties: report.difficulties,
    suggestions: report.suggestions,
    gigJobsOffered: report.gigJobsOffered,
    gigWorkerVisits: report.gigWorkerVisits,
    placements: report.placements,
    status: report.status,
    late: report.late,
    dueAt: reportDueAt(report.month, project.schedule).toISOString(),
    submittedAt: report.submittedAt.toISOString(),
    submittedBy: report.submittedBy,
    reviewComment: report.reviewComment,
    reviewedAt: report.reviewedAt?.toISOString() ?? null,
    reviewedBy: report.reviewedBy,
    history: report.history,
    version: report.version,
  };
}

/** The audit trail's before/after: the report without its history, which the trail itself already is. */
export function auditSnapshot(report: MonthlyReport): Omit<MonthlyReport, 'history'> {
  const { history: _history, ...rest } = report;
  return rest;
}

export function reportEvent(
  report: MonthlyReport,
  project: ReportProject,
  by: EventActor,
  comment: string | null,
): MonthlyReportEvent {
  return {
    reportId: report.id,
    projectId: report.projectId,
    programmeId: project.programmeId,
    regionCode: project.regionCode,
    cityRegionCode: project.cityRegionCode,
    month: report.month,
    status: report.status,
    late: report.late,
    dueAt: report.dueAt,
    by,
    comment,
  };
}
