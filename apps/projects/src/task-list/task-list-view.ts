import type { ProjectView, TaskListRow } from '@duban/contracts';
import type { MonthlyReportRecord } from '../reports/reports.repository';

/** A county's 附件1 row: its project's columns and the month's report, if any. */
export function toTaskListRow(
  project: ProjectView,
  cityName: string | null,
  report: MonthlyReportRecord | null,
): TaskListRow {
  return {
    projectId: project.id,
    regionCode: project.regionCode,
    cityName,
    countyName: project.regionName,
    population: project.population,
    populationSource: project.populationSource,
    plannedAreaM2: project.plannedAreaM2,
    plannedAreaAtLeast: project.plannedAreaAtLeast,
    noRecruitmentHall: project.noRecruitmentHall,
    constructionType: project.constructionType,
    progress: project.progress,
    actualAreaM2: project.actualAreaM2,
    address: project.address,
    report: report && {
      workContent: report.workContent,
      difficulties: report.difficulties,
      suggestions: report.suggestions,
      gigJobsOffered: report.gigJobsOffered,
      gigWorkerVisits: report.gigWorkerVisits,
      placements: report.placements,
    },
  };
}
