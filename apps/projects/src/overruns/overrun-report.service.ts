import type { Actor, OverrunItem, OverrunReport } from '@duban/contracts';
import { Access, Clock, Transactions } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { WorkingDays } from '../calendar/working-days.service';
import { OfficersRepository } from '../officers/officers.repository';
import { RegionsRepository } from '../regions/regions.repository';
import { RegionScope } from '../scope/region-scope.service';
import { answerableOfficers } from './overrun-recorder.service';
import { deadlineInstant, dueDayOf, rankOverruns, workingDaysLate } from './overrun-rules';
import { OverrunsRepository } from './overruns.repository';
import { monthDeadlineId, reportAnswerable, reportTitle } from '../reports/report-deadline-rules';

/**
 * 超时倒查 for a region and a period of due days: the milestones completed late (as recorded at completion)
 * and those still open past their deadline (late so far, answered for by their responsible officers now), and
 * the monthly reports filed late (as recorded at the first submission) or still missing (answered for by the
 * group's 组长 now), ranked by county and by officer. Scope is the region's: a caller sees the report of a
 * region in its scope.
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
    const codes = counties.map((county) => county.regionCode);
    const [candidates, reports] = await Promise.all([
      this.overruns.dueBetween(tx, codes, from, to),
      this.overruns.reportsDueBetween(tx, codes, from, to),
    ]);
    const chased = reports.filter((report) => report.firstSubmittedAt !== null || !report.history);
    const projectIds = new Set([...candidates, ...chased].map((item) => item.projectId));
    const officers = await this.officers.findByProjects(tx, [...projectIds]);
    const calendar = this.workingDays.current;
    const milestoneItems = candidates.map((milestone): OverrunItem => {
      const open = milestone.status !== 'done';
      return {
        kind: 'milestone',
        deadlineId: milestone.id,
        milestoneId: milestone.id,
        month: null,
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
        answerable: open ? answerableOfficers(milestone, officers) : (milestone.answerable ?? []),
      };
    });
    // Each project's group once, not a scan of every officer per report (a province's year has thousands).
    const groups = new Map<string, typeof officers>();
    for (const officer of officers) {
      const group = groups.get(officer.projectId) ?? [];
      group.push(officer);
      groups.set(officer.projectId, group);
    }
    const reportItems = chased.map((report): OverrunItem => {
      const due = { dueDate: report.dueDate, dueAt: null };
      const filedAt = report.firstSubmittedAt;
      const group = groups.get(report.projectId) ?? [];
      return {
        kind: 'report',
        deadlineId: monthDeadlineId(report.projectId, report.month),
        milestoneId: null,
        month: report.month,
        projectId: report.projectId,
        regionCode: report.regionCode,
        regionName: report.regionName,
        title: reportTitle(report.month),
        dueDate: report.dueDate,
        dueAt: null,
        status: filedAt ? 'done' : 'pending',
        completedAt: filedAt ? filedAt.toISOString() : null,
        // A report filed before first submissions were recorded is counted from its first submission now.
        workingDaysLate: report.workingDaysLate ?? workingDaysLate(due, filedAt ?? now, calendar),
        overdueSince: filedAt ? null : deadlineInstant(due).toISOString(),
        answerable: report.answerable ?? reportAnswerable(group),
      };
    });
    const items = [...milestoneItems, ...reportItems]
      .filter((item) => item.workingDaysLate > 0)
      .sort((a, b) => a.regionCode.localeCompare(b.regionCode) || dueOrder(a).localeCompare(dueOrder(b)));
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

/** An item's due day (Asia/Shanghai), by which a county's items are listed. */
function dueOrder(item: OverrunItem): string {
  return dueDayOf({ dueDate: item.dueDate, dueAt: item.dueAt ? new Date(item.dueAt) : null });
}
