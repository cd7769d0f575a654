import type { MonthlyReportFields } from '@duban/contracts';
import type { MonthlyReportRecord } from './reports.repository';

/** The 附件1 columns a county fills in, as stored: a field left out is stored as null (unknown). */
export type ReportContent = Pick<
  MonthlyReportRecord,
  | 'constructionType'
  | 'progress'
  | 'actualAreaM2'
  | 'address'
  | 'workContent'
  | 'difficulties'
  | 'suggestions'
  | 'gigJobsOffered'
  | 'gigWorkerVisits'
  | 'placements'
>;

export function contentOf(fields: MonthlyReportFields): ReportContent {
  return {
    constructionType: fields.constructionType,
    progress: fields.progress,
    actualAreaM2: fields.actualAreaM2 ?? null,
    address: fields.address ?? null,
    workContent: fields.workContent,
    difficulties: fields.difficulties,
    suggestions: fields.suggestions,
    gigJobsOffered: fields.gigJobsOffered ?? null,
    gigWorkerVisits: fields.gigWorkerVisits ?? null,
    placements: fields.placements ?? null,
  };
}

/** The fields a resubmission changes, for the history ("what"), in a stable order. */
export function changedFields(current: ReportContent, fields: MonthlyReportFields): string[] {
  const next = contentOf(fields);
  return (Object.keys(next) as (keyof ReportContent)[]).filter((key) => next[key] !== current[key]);
}
