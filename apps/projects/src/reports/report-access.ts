import { Injectable } from '@nestjs/common';
import { NotFoundError, type Actor, type Role } from '@duban/contracts';
import { ProjectAccess } from '../projects/project-access';
import { ProjectsRepository, type ProjectContext } from '../projects/projects.repository';
import { Denials } from '../scope/denials';
import { RegionScope } from '../scope/region-scope';
import { roleMayNotMessage } from '../scope/role-rules';
import type { MonthlyReportEntity } from './monthly-report.entity';
import type { ReportSchedule } from './report-rules';
import { ReportsRepository } from './reports.repository';

/** The county's own 专班 files its reports; the city (or the province) reviews them. */
export const REPORT_SUBMITTERS: readonly Role[] = ['county_officer'];
export const REPORT_REVIEWERS: readonly Role[] = ['city_officer', 'province_admin'];

export const REPORT_NOT_FOUND = '月报不存在';

/** A county project as the report rules and events need it: its programme's schedule and its city. */
export interface ReportProject {
  readonly projectId: string;
  readonly programmeId: string;
  readonly regionCode: string;
  /** The county's parent region: the city whose officers review its reports. */
  readonly cityRegionCode: string | null;
  readonly schedule: ReportSchedule;
}

function reportProjectOf({ project, programme, county }: ProjectContext): ReportProject {
  return {
    projectId: project.id,
    programmeId: programme.id,
    regionCode: project.regionCode,
    cityRegionCode: county.parentCode,
    schedule: {
      year: programme.year,
      reportDueDay: programme.reportDueDay,
      operatingFiguresFromMonth: programme.operatingFiguresFromMonth,
    },
  };
}

/**
 * Who may see and do what with monthly reports. A report is visible exactly when its project is: out of
 * scope reads as "not found" and, when the target exists, is audited as denied; a role that may not do
 * what it attempts on a report it can see is "forbidden", also audited.
 */
@Injectable()
export class ReportAccess {
  constructor(
    private readonly projectAccess: ProjectAccess,
    private readonly projects: ProjectsRepository,
    private readonly reports: ReportsRepository,
    private readonly scope: RegionScope,
    private readonly denials: Denials,
  ) {}

  async project(actor: Actor, projectId: string, action: string): Promise<ReportProject> {
    return reportProjectOf(await this.projectAccess.load(actor, projectId, action));
  }

  async report(
    actor: Actor,
    reportId: string,
    action: string,
  ): Promise<{ report: MonthlyReportEntity; project: ReportProject }> {
    const report = await this.reports.findById(reportId);
    if (!report) throw new NotFoundError(REPORT_NOT_FOUND);
    const visible = await this.scope.visibleRegionCodes(actor);
    const context = await this.projects.findContextInScope(report.projectId, visible);
    if (!context) {
      throw await this.denials.outOfScope(
        { actor, action, targetType: 'monthly_report', targetId: reportId },
        REPORT_NOT_FOUND,
      );
    }
    return { report, project: reportProjectOf(context) };
  }

  /** `what` completes "<role>无权…", e.g. 审核月报. */
  async requireRole(
    actor: Actor,
    allowed: readonly Role[],
    attempt: { action: string; targetType: string; targetId: string; what: string },
  ): Promise<void> {
    if (allowed.includes(actor.role)) return;
    const { action, targetType, targetId, what } = attempt;
    throw await this.denials.forbidden({ actor, action, targetType, targetId }, roleMayNotMessage(actor.role, what));
  }
}
