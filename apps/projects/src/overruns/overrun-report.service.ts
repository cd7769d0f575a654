import type { Actor, OverrunItem, OverrunReport } from '@duban/contracts';
import { Access, Clock, Transactions } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { WorkingDays } from '../calendar/working-days.service';
import { OfficersRepository } from '../officers/officers.repository';
import { RegionsRepository } from '../regions/regions.repository';
import { RegionScope } from '../scope/region-scope.service';
import { answerableOfficers } from './overrun-recorder.service';
import { deadlineInstant, rankOverruns, workingDaysLate } from './overrun-rules';
import { OverrunsRepository, type PeriodMilestone } from './overruns.repository';

/**
 * 超时倒查 for a region and a period of due days: the milestones completed late (as recorded at completion)
 * and those still open past their deadline (late so far, answered for by their responsible officers now),
 * ranked by county and by officer. Scope is the region's: a caller sees the report of a region in its scope.
 */
@Injectable()
export class OverrunReportService {
  constructor(
    private readonly transactions: Transactions,
    private readonly overruns: OverrunsRepository,
    private readonly regions: RegionsRepository,
    private readonly officers: OfficersRepository,
    private readonly scope: RegionScope,
    private readonly access: Access,
    private readonly workingDays: WorkingDays,
    private readonly clock: Clock,
  ) {}

  async report(request: { actor: Actor; region: string; from: string; to: string }): Promise<OverrunReport> {
    const { actor, from, to } = request;
    const tx = this.transactions.none;
    const found = await this.regions.findByCode(tx, request.region);
    const path = found ? await this.scope.regionPath(tx, found.code) : [];
    const region = await this.access.requireInScope(
      { actor, action: 'overruns.report', targetType: 'region', targetId: request.region },
      found,
      () => path,
      '地区不存在',
    );
    const now = this.clock.now();
    const counties = await this.overruns.countiesUnder(tx, region.code);
    const candidates = await this.overruns.dueBetween(
      tx,
      counties.map((county) => county.regionCode),
      from,
      to,
    );
    const officers = await this.officers.findByProjects(tx, [...new Set(candidates.map((m) => m.projectId))]);
    const calendar = this.workingDays.current;
    const items = candidates
      .map((milestone): OverrunItem => {
        const open = milestone.status !== 'done';
        return {
          milestoneId: milestone.id,
          projectId: milestone.projectId,
          regionCode: milestone.regionCode,
          regionName: milestone.regionName,
          title: milestone.title,
          dueDate: milestone.dueDate,
          dueAt: milestone.dueAt ? milestone.dueAt.toISOString() : null,
          status: milestone.status,
          completedAt: milestone.completedAt ? milestone.completedAt.toISOString() : null,
          workingDaysLate: open ? workingDaysLate(milestone, now, calendar) : (milestone.workingDaysLate ?? 0),
          overdueSince: open ? deadlineInstant(milestone).toISOString() : null,
          answerable: open ? answerableOfficers(milestone, officers) : answerableOf(milestone),
        };
      })
      .filter((item) => item.workingDaysLate > 0);
    return {
      region: { code: region.code, name: region.name },
      from,
      to,
      asOf: now.toISOString(),
      ...rankOverruns(items, counties),
      items,
    };
  }
}

function answerableOf(milestone: PeriodMilestone) {
  return milestone.answerable ?? [];
}
