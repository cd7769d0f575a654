import { Injectable } from '@nestjs/common';
import { endOfLocalDay, localDateOf } from '@duban/calendar';
import { ProjectDeadlines, type Deadline, type Notice } from '@duban/contracts';
import { Outbox, type Tx } from '@duban/platform';
import { WorkingDays } from '../calendar/working-days.service';
import type { ProgrammeRecord } from '../programmes/programmes.repository';
import type { ProjectRecord } from '../projects/projects.repository';
import { OfficersRepository } from '../officers/officers.repository';
import { RegionsRepository } from '../regions/regions.repository';
import {
  leaderOf,
  monthDeadline,
  monthDeadlineId,
  monthsOfYear,
  reportMonths,
  returnCount,
  returnDeadline,
  returnDeadlineId,
  resubmitDueDate,
  reportAnswerable,
  returnedNotice,
  submittedNotice,
  type ReportChase,
  type ReportCounty,
} from './report-deadline-rules';
import { workingDaysLate } from '../overruns/overrun-rules';
import { owesReport, reportDueDate } from './report-rules';
import type { MonthlyReportRecord } from './reports.repository';
import { ReportsRepository } from './reports.repository';

/**
 * Announces the monthly reports' deadlines and notices through the outbox, in the caller's transaction (the
 * write they follow from): every month of a programme's year when its projects are created or its report
 * settings change, cleared by a submission, a new one for each return; a submission tells the city, a
 * return the county. The notifications service plans the reminders and escalation and delivers the notices.
 */
@Injectable()
export class ReportDeadlines {
  constructor(
    private readonly outbox: Outbox,
    private readonly regions: RegionsRepository,
    private readonly reports: ReportsRepository,
    private readonly workingDays: WorkingDays,
    private readonly officers: OfficersRepository,
  ) {}

  /**
   * Every month the programme's counties owe (`reportMonths`) for one new project (at instantiation). A
   * programme loaded as history announces none: its reports were due long ago and would only be recorded as
   * skipped (a change of its report settings announces its unfiled months, live if its year has not ended).
   */
  async scheduleProject(tx: Tx, programme: ProgrammeRecord, county: ReportCounty, history: boolean, at: Date) {
    if (history) return;
    const led = await this.withLeader(tx, county);
    for (const month of reportMonths(programme)) {
      await this.set(tx, monthDeadline(led, programme, month, false), at);
    }
  }

  /**
   * After a change of the programme's report settings: the owed months not yet filed of each project, again
   * (same deadline ids, so the notifications service re-plans them), and the months it does not owe withdrawn
   * (`withdrawUnowed`). Returns how many were announced.
   */
  async rescheduleProgramme(tx: Tx, programme: ProgrammeRecord, projects: readonly ProjectRecord[], at: Date) {
    const filed = await this.filedIn(tx, programme);
    await this.withdrawUnowed(tx, programme, projects, at, filed);
    const counties = await this.countiesOf(tx, projects);
    const history = programme.year < Number(localDateOf(at).slice(0, 4));
    let announced = 0;
    for (const project of projects) {
      const county = counties.get(project.id);
      if (!county) continue;
      for (const month of reportMonths(programme)) {
        if (filed.has(`${project.id} ${month}`)) continue;
        await this.set(tx, monthDeadline(county, programme, month, history), at);
        announced++;
      }
    }
    return announced;
  }

  /**
   * Withdraws the months of its year the programme does not owe (it was set up after that report fell due) and
   * no county filed: a programme made mid-year before that rule announced every month of its year, and its
   * counties were chased for reports due before it existed. Returns how many were withdrawn.
   */
  async withdrawUnowed(
    tx: Tx,
    programme: ProgrammeRecord,
    projects: readonly ProjectRecord[],
    at: Date,
    filed?: ReadonlySet<string>,
  ): Promise<number> {
    const owed = new Set(reportMonths(programme));
    const unowed = monthsOfYear(programme.year).filter((month) => !owed.has(month));
    if (unowed.length === 0) return 0;
    const filedMonths = filed ?? (await this.filedIn(tx, programme));
    let withdrawn = 0;
    for (const project of projects) {
      for (const month of unowed) {
        if (filedMonths.has(`${project.id} ${month}`)) continue;
        await this.clear(tx, monthDeadlineId(project.id, month), 'cancelled', at);
        withdrawn++;
      }
    }
    return withdrawn;
  }

  /** The months filed in the programme, as '<project id> <month>'. */
  private async filedIn(tx: Tx, programme: ProgrammeRecord): Promise<Set<string>> {
    const rows = await this.reports.monthsFiledInProgramme(tx, programme.id);
    return new Set(rows.map((row) => `${row.projectId} ${row.month}`));
  }

  /**
   * A (re)submission: the month's deadline (or the return's) is met; the city has a report to review. The
   * first submission records how many working days late it met the month's deadline and who answered for it
   * (超时倒查; a resubmission after a return does not make a report late, as `isLate` says).
   */
  async submitted(
    tx: Tx,
    county: ReportCounty & { readonly chase: ReportChase },
    report: MonthlyReportRecord,
    previousStatus: MonthlyReportRecord['status'] | null,
    at: Date,
  ): Promise<void> {
    if (previousStatus === null) {
      await this.reports.recordFirstSubmission(tx, report.id, {
        // A month the programme does not owe is never late, however long after its day it is filed.
        workingDaysLate: owesReport(report.month, county.chase)
          ? workingDaysLate(
              { dueDate: reportDueDate(report.month, county.chase), dueAt: null },
              at,
              this.workingDays.current,
            )
          : 0,
        answerable: reportAnswerable(await this.officers.findByProject(tx, county.projectId)),
      });
    }
    const cleared =
      previousStatus === null
        ? monthDeadlineId(county.projectId, report.month)
        : previousStatus === 'returned'
          ? returnDeadlineId(report.id, returnCount(report.history))
          : null;
    if (cleared) await this.clear(tx, cleared, 'done', at);
    const notice = submittedNotice(county, {
      id: report.id,
      month: report.month,
      late: report.late,
      step: report.history.length,
      resubmission: previousStatus !== null,
    });
    if (notice) await this.raise(tx, notice, at);
  }

  /** A return: a new deadline for the resubmission, and the county told what to fix and by when. */
  async returned(
    tx: Tx,
    county: ReportCounty,
    chase: ReportChase,
    report: MonthlyReportRecord,
    returnedBy: string,
    at: Date,
  ): Promise<void> {
    const date = resubmitDueDate(at, chase.reportResubmitWorkingDays, this.workingDays.current);
    const due = { date, at: endOfLocalDay(date) };
    const returnNumber = returnCount(report.history);
    const led = await this.withLeader(tx, county);
    await this.set(tx, returnDeadline(led, chase, { id: report.id, month: report.month, returnNumber }, due), at);
    await this.raise(
      tx,
      returnedNotice(
        county,
        {
          id: report.id,
          month: report.month,
          step: report.history.length,
          comment: report.reviewComment ?? '',
          by: returnedBy,
        },
        date,
      ),
      at,
    );
  }

  private set(tx: Tx, deadline: Deadline, at: Date) {
    return this.outbox.append(tx, ProjectDeadlines.DeadlineSet, deadline, {
      aggregateId: deadline.deadlineId,
      occurredAt: at,
    });
  }

  private clear(tx: Tx, deadlineId: string, reason: 'done' | 'cancelled', at: Date) {
    return this.outbox.append(
      tx,
      ProjectDeadlines.DeadlineCleared,
      { deadlineId, reason },
      {
        aggregateId: deadlineId,
        occurredAt: at,
      },
    );
  }

  private raise(tx: Tx, notice: Notice, at: Date) {
    return this.outbox.append(tx, ProjectDeadlines.NoticeRaised, notice, {
      aggregateId: notice.noticeId,
      occurredAt: at,
    });
  }

  /** The county with its 组长 as the group now is. */
  private async withLeader(tx: Tx, county: ReportCounty): Promise<ReportCounty> {
    return { ...county, leader: leaderOf(await this.officers.findByProject(tx, county.projectId)) };
  }

  private async countiesOf(tx: Tx, projects: readonly ProjectRecord[]): Promise<Map<string, ReportCounty>> {
    const groups = await this.officers.findByProjects(
      tx,
      projects.map((project) => project.id),
    );
    const regions = new Map(
      (await this.regions.findByCodes(tx, [...new Set(projects.map((p) => p.regionCode))])).map((r) => [r.code, r]),
    );
    const result = new Map<string, ReportCounty>();
    for (const project of projects) {
      const region = regions.get(project.regionCode);
      if (!region) continue;
      result.set(project.id, {
        programmeId: project.programmeId,
        projectId: project.id,
        regionCode: region.code,
        regionName: region.name,
        cityRegionCode: region.parentCode,
        leader: leaderOf(groups.filter((officer) => officer.projectId === project.id)),
      });
    }
    return result;
  }
}
