import { NotFoundError, type Actor, type ProjectView } from '@duban/contracts';
import { Transactions } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { ProjectsService } from '../projects/projects.service';
import { RegionsRepository, type RegionRecord } from '../regions/regions.repository';

/** A region's county projects of one programme, as a table export lists them. */
export interface RegionProjectsTable {
  readonly region: RegionRecord;
  /** The programme's projects in the region and the caller's scope, by county code. */
  readonly projects: ProjectView[];
  /** Each project's city name (null for a county directly under the province). */
  cityNameOf(project: ProjectView): string | null;
}

/**
 * What every table export reads first: the county projects of a region in the caller's scope, of the
 * programme named or else the newest, with their cities' names. The projects' own listing decides scope (and
 * audits a region wholly outside it); no project to show is a 404.
 */
@Injectable()
export class RegionProjects {
  constructor(
    private readonly transactions: Transactions,
    private readonly projects: ProjectsService,
    private readonly regions: RegionsRepository,
  ) {}

  async of(actor: Actor, regionCode: string, programmeId?: string): Promise<RegionProjectsTable> {
    const tx = this.transactions.none;
    const listed = await this.projects.list(actor, { region: regionCode, programmeId });
    const newest = listed[0];
    const region = await this.regions.findByCode(tx, regionCode);
    if (!newest || !region) throw new NotFoundError('该地区不存在、没有项目，或不在您的权限范围内');
    const projects = listed.filter((project) => project.programmeId === newest.programmeId);
    const cities = await this.regions.findByCodes(
      tx,
      projects.flatMap((project) => (project.cityRegionCode ? [project.cityRegionCode] : [])),
    );
    const cityName = new Map(cities.map((city) => [city.code, city.name]));
    return {
      region,
      projects,
      cityNameOf: (project) => (project.cityRegionCode ? (cityName.get(project.cityRegionCode) ?? null) : null),
    };
  }
}
