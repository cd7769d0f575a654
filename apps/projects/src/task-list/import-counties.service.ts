import { ValidationError, type Actor, type ImportProblem } from '@duban/contracts';
import { Access, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { requireWritable } from '../programmes/programme-status-rules';
import { ProgrammesRepository, type ProgrammeRecord } from '../programmes/programmes.repository';
import { ProjectsRepository } from '../projects/projects.repository';
import { RegionsRepository, type RegionRecord } from '../regions/regions.repository';
import { RegionScope } from '../scope/region-scope.service';
import { COUNTY_COLUMN, matchCounty, type CountyCandidate, type CountyNaming } from './task-list-import-rules';

/**
 * What every sheet import does first: the programme it goes to, and each row's county (by code, else by name
 * and city) among that programme's counties, within the caller's scope (a row outside it is refused, and the
 * attempt audited as any out-of-scope access).
 */
@Injectable()
export class ImportCounties {
  constructor(
    private readonly programmes: ProgrammesRepository,
    private readonly projects: ProjectsRepository,
    private readonly regions: RegionsRepository,
    private readonly scope: RegionScope,
    private readonly access: Access,
  ) {}

  /** The programme named, else the newest one that has county projects. */
  async programmeOf(tx: Tx, programmeId: string | undefined): Promise<ProgrammeRecord> {
    const programmes = programmeId
      ? [await this.programmes.findById(tx, programmeId)].filter((p): p is ProgrammeRecord => p !== null)
      : (await this.programmes.findAll(tx)).reverse();
    const counts = await this.projects.countByProgrammes(
      tx,
      programmes.map((programme) => programme.id),
    );
    const programme = programmes.find((candidate) => (counts.get(candidate.id) ?? 0) > 0);
    if (!programme) throw new ValidationError([{ field: 'programmeId', message: '没有可导入的年度计划' }]);
    // Imports write: a closed or archived programme is read-only.
    requireWritable(programme);
    return programme;
  }

  /** Each row with its county, or a problem on the county column. */
  async resolve<R extends CountyNaming & { readonly row: number }>(
    tx: Tx,
    actor: Actor,
    programme: ProgrammeRecord,
    rows: readonly R[],
    action: string,
  ): Promise<{ matched: { row: R; region: RegionRecord }[]; problems: ImportProblem[] }> {
    const counties = await this.regions.findByCodes(
      tx,
      (await this.projects.findByProgramme(tx, programme.id)).map((project) => project.regionCode),
    );
    const cities = await this.regions.findByCodes(
      tx,
      counties.flatMap((county) => (county.parentCode ? [county.parentCode] : [])),
    );
    const cityName = new Map(cities.map((city) => [city.code, city.name]));
    const candidates: (CountyCandidate & { region: RegionRecord })[] = counties.map((region) => ({
      regionCode: region.code,
      countyName: region.name,
      cityName: region.parentCode ? (cityName.get(region.parentCode) ?? null) : null,
      region,
    }));
    const visible = await this.scope.visibleRegionCodes(tx, actor);
    const matched: { row: R; region: RegionRecord }[] = [];
    const problems: ImportProblem[] = [];
    for (const row of rows) {
      const match = matchCounty(row, candidates);
      if (!('county' in match)) {
        problems.push({ row: row.row, column: COUNTY_COLUMN, value: match.value, reason: match.reason });
      } else if (!visible.has(match.county.region.code)) {
        const { region } = match.county;
        await this.access.recordOutOfScope({ actor, action, targetType: 'region', targetId: region.code });
        problems.push({
          row: row.row,
          column: COUNTY_COLUMN,
          value: region.name,
          reason: '该县（市、区）不在您的权限范围内',
        });
      } else {
        matched.push({ row, region: match.county.region });
      }
    }
    return { matched, problems };
  }
}
