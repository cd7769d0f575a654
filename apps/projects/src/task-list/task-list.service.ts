import { type Actor, type ProjectView, type TaskList, type TaskListQuery } from '@duban/contracts';
import { Transactions } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { ReportsRepository } from '../reports/reports.repository';
import { RegionProjects } from './region-projects.service';
import { toTaskListRow } from './task-list-view';

/**
 * The task list (附件1) of a region for the caller: one row per county project of the programme (the
 * newest one unless named), in the caller's scope, with the month's report when a month is asked for.
 */
@Injectable()
export class TaskListService {
  constructor(
    private readonly transactions: Transactions,
    private readonly regionProjects: RegionProjects,
    private readonly reports: ReportsRepository,
  ) {}

  async get(actor: Actor, query: TaskListQuery): Promise<TaskList> {
    const tx = this.transactions.none;
    const { region, projects, cityNameOf } = await this.regionProjects.of(actor, query.region, query.programmeId);
    const first = projects[0] as ProjectView;
    const reports = query.month
      ? await this.reports.findByProjectsAndMonth(
          tx,
          projects.map((project) => project.id),
          query.month,
        )
      : [];
    const reportOf = new Map(reports.map((report) => [report.projectId, report]));
    return {
      programmeId: first.programmeId,
      programmeYear: first.programmeYear,
      regionCode: region.code,
      regionName: region.name,
      month: query.month ?? null,
      rows: projects.map((project) => toTaskListRow(project, cityNameOf(project), reportOf.get(project.id) ?? null)),
    };
  }
}
