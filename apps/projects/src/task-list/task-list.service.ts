import { NotFoundError, type Actor, type TaskList, type TaskListQuery } from '@duban/contracts';
import { Transactions } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { ProjectsService } from '../projects/projects.service';
import { RegionsRepository } from '../regions/regions.repository';
import { ReportsRepository } from '../reports/reports.repository';
import { toTaskListRow } from './task-list-view';

/**
 * The task list (附件1) of a region for the caller: one row per county project of the programme (the
 * newest one unless named), in the caller's scope, with the month's report when a month is asked for.
 */
@Injectable()
export class TaskListService {
  constructor(
    private readonly transactions: Transactions,
    private readonly projects: ProjectsService,
    private readonly regions: RegionsRepository,
    private readonly reports: ReportsRepository,
  ) {}

  async get(actor: Actor, query: TaskListQuery): Promise<TaskList> {
    const tx = this.transactions.none;
    // The projects' own listing decides scope (and audits a region wholly outside it).
    const listed = await this.projects.list(actor, { region: query.region, programmeId: query.programmeId });
    const newest = listed[0];
    const region = await this.regions.findByCode(tx, query.region);
    if (!newest || !region) throw new NotFoundError('该地区不存在、没有项目，或不在您的权限范围内');
    const projects = listed.filter((project) => project.programmeId === newest.programmeId);
    const cities = await this.regions.findByCodes(
      tx,
      projects.flatMap((project) => (project.cityRegionCode ? [project.cityRegionCode] : [])),
    );
    const cityName = new Map(cities.map((city) => [city.code, city.name]));
    const reports = query.month
      ? await this.reports.findByProjectsAndMonth(
          tx,
          projects.map((project) => project.id),
          query.month,
        )
      : [];
    const reportOf = new Map(reports.map((report) => [report.projectId, report]));
    return {
      programmeId: newest.programmeId,
      programmeYear: newest.programmeYear,
      regionCode: region.code,
      regionName: region.name,
      month: query.month ?? null,
      rows: projects.map((project) =>
        toTaskListRow(
          project,
          project.cityRegionCode ? (cityName.get(project.cityRegionCode) ?? null) : null,
          reportOf.get(project.id) ?? null,
        ),
      ),
    };
  }
}
