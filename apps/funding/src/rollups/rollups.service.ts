import {
  NotFoundError,
  fenToWan,
  type Annex4,
  type FundingProject,
  type FundingRegionRequest,
  type FundingSource,
  type Rollup,
  type RollupRow,
} from '@duban/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FUNDING_READERS, FundingAccess } from '../access/funding-access';
import { LedgerRepository } from '../ledger/ledger.repository';
import { ProgrammeBudgetsRepository } from '../programme-budgets/programme-budgets.repository';
import { FundingProjectsRepository } from '../projects/funding-projects.repository';
import { emptyTable, figuresView, tableTotal, tableView, type Figures } from './figures';
import { rollupOf, type CountyLedger, type RollupNode } from './rollup-tree';

/** Rollups (county → city → province) and the 附件4 table, for a region in the caller's scope. */
@Injectable()
export class RollupsService {
  constructor(
    private readonly projects: FundingProjectsRepository,
    private readonly ledger: LedgerRepository,
    private readonly budgets: ProgrammeBudgetsRepository,
    private readonly access: FundingAccess,
    private readonly dataSource: DataSource,
  ) {}

  async rollup({ actor, region, programme }: FundingRegionRequest): Promise<Rollup> {
    const { programmeCode, counties } = await this.countiesOf(actor, region, programme, 'funding.rollup');
    const node = rollupOf(
      region,
      counties.map((c) => c.ledger),
    ) as RollupNode;
    const budget = await Promise.all(
      (await this.budgets.findByProgramme(programmeCode)).map(async (line) => {
        const allocated = await this.ledger.allocatedInProgramme(this.dataSource.manager, programmeCode, line.source);
        return {
          source: line.source,
          budgetWan: fenToWan(line.amountFen),
          allocatedWan: fenToWan(allocated),
          unallocatedWan: fenToWan(line.amountFen - allocated),
        };
      }),
    );
    return {
      programmeCode,
      programmeYear: counties[0]?.project.programmeYear ?? 0,
      region: row(node),
      children: node.children.map(row),
      budget,
    };
  }

  /** 附件4 (省级资金安排分配表): one line per county with its population base and the province's two funds. */
  async annex4({ actor, region, programme }: FundingRegionRequest): Promise<Annex4> {
    const { programmeCode, counties } = await this.countiesOf(actor, region, programme, 'funding.annex4');
    const rows = counties.map(({ project, ledger }, index) => {
      const special = ledger.table.province_special.allocated;
      const employment = ledger.table.province_employment.allocated;
      return {
        number: index + 1,
        projectId: project.projectId,
        cityName: project.cityName,
        regionCode: project.regionCode,
        countyName: project.regionName,
        population: project.population,
        populationSource: project.populationSource,
        special,
        employment,
      };
    });
    const special = rows.reduce((acc, r) => acc + r.special, 0n);
    const employment = rows.reduce((acc, r) => acc + r.employment, 0n);
    const node = rollupOf(
      region,
      counties.map((c) => c.ledger),
    );
    const countiesPopulation = rows.reduce((acc, r) => acc + (r.population ?? 0), 0);
    const countySources = [
      ...new Set(rows.map((r) => r.populationSource).filter((s): s is string => s !== null)),
    ].sort();
    // The province's line shows the province's own figure with its source, never a sum of county figures
    // from different statistics passed off as one; without it (older events, or a city) the sum, labelled.
    const own =
      node?.level === 'province' ? await this.projects.provinceFacts(programmeCode, region) : { population: null };
    const population =
      own.population !== null
        ? {
            population: own.population,
            populationBasis: 'region' as const,
            populationSources: own.populationSource === null ? [] : [own.populationSource],
          }
        : {
            population: countiesPopulation,
            populationBasis: 'sum_of_counties' as const,
            populationSources: countySources,
          };
    return {
      programmeCode,
      programmeYear: counties[0]?.project.programmeYear ?? 0,
      regionCode: region,
      regionName: node?.regionName ?? null,
      total: {
        counties: rows.length,
        ...population,
        countiesPopulation,
        specialWan: fenToWan(special),
        employmentWan: fenToWan(employment),
        totalWan: fenToWan(special + employment),
      },
      rows: rows.map(({ special: s, employment: e, ...rest }) => ({
        ...rest,
        specialWan: fenToWan(s),
        employmentWan: fenToWan(e),
        totalWan: fenToWan(s + e),
      })),
    };
  }

  /** The counties of a programme under the region, each with its ledger; 404 when out of scope or unknown. */
  private async countiesOf(
    actor: FundingRegionRequest['actor'],
    region: string,
    programme: string | undefined,
    action: string,
  ): Promise<{ programmeCode: string; counties: { project: FundingProject; ledger: CountyLedger }[] }> {
    await this.access.region(actor, region, action);
    await this.access.requireRole(
      actor,
      FUNDING_READERS,
      { action, targetType: 'region', targetId: region },
      '查看资金',
    );
    const programmeCode = programme ?? (await this.projects.latestProgrammeIn(region));
    const projects = programmeCode ? await this.projects.listForProgramme(programmeCode, region) : [];
    if (!programmeCode || projects.length === 0) throw new NotFoundError('该地区在此计划下没有项目');
    const lines = await this.ledger.ledgerLines(programmeCode, region);
    const tables = new Map<string, Record<FundingSource, Figures>>();
    for (const line of lines) {
      const table = tables.get(line.projectId) ?? emptyTable();
      table[line.source] = line;
      tables.set(line.projectId, table);
    }
    return {
      programmeCode,
      counties: projects.map((project) => ({
        project,
        ledger: {
          projectId: project.projectId,
          regionCode: project.regionCode,
          regionName: project.regionName,
          cityCode: project.cityRegionCode,
          cityName: project.cityName,
          provinceCode: project.provinceRegionCode,
          provinceName: project.provinceName,
          table: tables.get(project.projectId) ?? emptyTable(),
        },
      })),
    };
  }
}

function row(node: RollupNode): RollupRow {
  return {
    regionCode: node.regionCode,
    regionName: node.regionName,
    level: node.level,
    counties: node.counties,
    bySource: tableView(node.table),
    all: figuresView(tableTotal(node.table)),
  };
}
