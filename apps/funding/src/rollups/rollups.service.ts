import {
  FLAGGED_PAGE_SIZE,
  NotFoundError,
  type Actor,
  type Annex4,
  type FlaggedExpenditures,
  type FundingRegionRequest,
  type FundingSource,
  type Rollup,
} from '@duban/contracts';
import { Transactions } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { FLAG_REVIEWERS, FUNDING_READERS, FundingAccess } from '../access/funding-access.service';
import { expenditureView } from '../ledger/ledger-view';
import { LedgerRepository } from '../ledger/ledger.repository';
import { ProgrammeBudgetsService } from '../programme-budgets/programme-budgets.service';
import { ProjectRefsRepository, type ProjectRef } from '../project-refs/project-refs.repository';
import { emptyTable, type Figures } from './figures.rules';
import { annex4View, rollupRowView } from './rollup-view';
import { rollupOf, type CountyLedger, type RollupNode } from './rollup-tree.rules';

/** Rollups (county → city → province) and the 附件4 table, for a region in the caller's scope. */
@Injectable()
export class RollupsService {
  constructor(
    private readonly projects: ProjectRefsRepository,
    private readonly ledger: LedgerRepository,
    private readonly budgets: ProgrammeBudgetsService,
    private readonly access: FundingAccess,
    private readonly transactions: Transactions,
  ) {}

  async rollup({ actor, region, programme }: FundingRegionRequest): Promise<Rollup> {
    const { programmeCode, counties } = await this.countiesOf(actor, region, programme, 'funding.rollup');
    const node = rollupOf(
      region,
      counties.map((c) => c.ledger),
    ) as RollupNode;
    return {
      programmeCode,
      programmeYear: counties[0]?.project.programmeYear ?? 0,
      region: rollupRowView(node),
      children: node.children.map(rollupRowView),
      budget: await this.budgets.lines(this.transactions.none, programmeCode),
    };
  }

  /** 附件4 (省级资金安排分配表): one line per county with its population base and the province's two funds. */
  async annex4({ actor, region, programme }: FundingRegionRequest): Promise<Annex4> {
    const { programmeCode, counties } = await this.countiesOf(actor, region, programme, 'funding.annex4');
    const node = rollupOf(
      region,
      counties.map((c) => c.ledger),
    );
    const province =
      node?.level === 'province'
        ? await this.projects.provinceFacts(this.transactions.none, programmeCode, region)
        : null;
    return annex4View({ programmeCode, regionCode: region, node, counties, province });
  }

  /**
   * Every flagged expenditure of the programme's counties under the region (reversed ones too, marked so):
   * what a city or the province looks at without opening each county.
   */
  async flagged({ actor, region, programme }: FundingRegionRequest): Promise<FlaggedExpenditures> {
    const attempt = { actor, action: 'funding.flagged', targetType: 'region', targetId: region };
    await this.access.region(attempt, region);
    await this.access.requireRole(attempt, FLAG_REVIEWERS, '查看各县的待核实支出');
    const reader = this.transactions.none;
    const programmeCode = programme ?? (await this.projects.latestProgrammeIn(reader, region));
    if (!programmeCode) throw new NotFoundError('该地区在此计划下没有项目');
    const rows = await this.ledger.flaggedExpenditures(reader, programmeCode, region, FLAGGED_PAGE_SIZE + 1);
    return {
      programmeCode,
      items: rows.slice(0, FLAGGED_PAGE_SIZE).map(({ regionCode, regionName, cityName, ...entry }) => ({
        ...expenditureView(entry),
        regionCode,
        regionName,
        cityName,
      })),
      truncated: rows.length > FLAGGED_PAGE_SIZE,
    };
  }

  /** The counties of a programme under the region, each with its ledger; 404 when out of scope or unknown. */
  private async countiesOf(
    actor: Actor,
    region: string,
    programme: string | undefined,
    action: string,
  ): Promise<{ programmeCode: string; counties: { project: ProjectRef; ledger: CountyLedger }[] }> {
    const attempt = { actor, action, targetType: 'region', targetId: region };
    await this.access.region(attempt, region);
    await this.access.requireRole(attempt, FUNDING_READERS, '查看资金');
    const reader = this.transactions.none;
    const programmeCode = programme ?? (await this.projects.latestProgrammeIn(reader, region));
    const projects = programmeCode ? await this.projects.listForProgramme(reader, programmeCode, region) : [];
    if (!programmeCode || projects.length === 0) throw new NotFoundError('该地区在此计划下没有项目');
    const tables = new Map<string, Record<FundingSource, Figures>>();
    for (const line of await this.ledger.ledgerLines(reader, programmeCode, region)) {
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
