import { localDateOf } from '@duban/calendar';
import { AGENDA_URGE_DAYS, type Actor, type ProjectAgenda, type ReturnedReport } from '@duban/contracts';
import { Clock, Transactions } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { WorkingDays } from '../calendar/working-days.service';
import { MilestonesRepository } from '../milestones/milestones.repository';
import { instructionView, urgeView } from '../oversight/oversight-view';
import { OversightRepository } from '../oversight/oversight.repository';
import { ProjectAccessService } from '../projects/project-access.service';
import type { MonthlyReportRecord } from '../reports/reports.repository';
import { ReportsRepository } from '../reports/reports.repository';
import { resubmitDueDate } from '../reports/report-deadline-rules';
import { agendaOf, milestoneDues, unfiledReports } from './agenda-rules';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A county's agenda: read in one snapshot, for a caller whose scope holds the project. */
@Injectable()
export class AgendaService {
  constructor(
    private readonly transactions: Transactions,
    private readonly projectAccess: ProjectAccessService,
    private readonly milestones: MilestonesRepository,
    private readonly reports: ReportsRepository,
    private readonly oversight: OversightRepository,
    private readonly workingDays: WorkingDays,
    private readonly clock: Clock,
  ) {}

  async of(actor: Actor, projectId: string): Promise<ProjectAgenda> {
    const tx = this.transactions.none;
    const { project, programme } = await this.projectAccess.load(tx, actor, projectId, 'project.agenda');
    const now = this.clock.now();
    const calendar = this.workingDays.current;
    const [milestones, reports, instructions, urges] = await Promise.all([
      this.milestones.findByProject(tx, project.id),
      this.reports.listForProject(tx, project.id),
      this.oversight.unacknowledgedInstructionsOfProject(tx, project.id),
      this.oversight.recentUrgesOfProject(tx, project.id, new Date(now.getTime() - AGENDA_URGE_DAYS * DAY_MS)),
    ]);
    const { upcoming, overdue } = agendaOf(
      [
        ...milestoneDues(milestones.filter((milestone) => milestone.status !== 'done')),
        ...unfiledReports(programme, new Set(reports.map((report) => report.month)), now),
      ],
      now,
      calendar,
    );
    const resubmitBy = (report: MonthlyReportRecord) =>
      resubmitDueDate(report.reviewedAt ?? now, programme.reportResubmitWorkingDays, calendar);
    return {
      projectId: project.id,
      today: localDateOf(now),
      upcoming,
      overdue,
      returnedReports: reports
        .filter((report) => report.status === 'returned')
        .map((report): ReturnedReport => ({
          reportId: report.id,
          month: report.month,
          returnedAt: (report.reviewedAt ?? now).toISOString(),
          returnedBy: returner(report),
          comment: report.reviewComment ?? '',
          resubmitBy: resubmitBy(report),
        })),
      instructions: instructions.map((instruction) => ({
        ...instructionView(instruction),
        milestoneTitle: instruction.milestoneTitle,
      })),
      urges: urges.map((urge) => ({ ...urgeView(urge), milestoneTitle: urge.milestoneTitle })),
    };
  }
}

/** Who returned the report, by the cycle's last return (its 姓名或单位 as the account had it then). */
function returner(report: MonthlyReportRecord): ReturnedReport['returnedBy'] {
  const returned = report.history.findLast((entry) => entry.action === 'returned');
  const username = returned?.by.username ?? report.reviewedBy ?? '';
  return { username, displayName: returned?.by.displayName || username };
}
