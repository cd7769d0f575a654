import { Injectable } from '@nestjs/common';
import { NotFoundError, type Actor, type Role } from '@duban/contracts';
import { Access, type Tx } from '@duban/platform';
import { ProjectAccessService, type ProjectContext } from '../projects/project-access.service';
import { RegionScope } from '../scope/region-scope.service';
import type { ReportChase } from './report-deadline-rules';
import type { ReportSchedule } from './report-rules';
import { ReportsRepository, type MonthlyReportRecord } from './reports.repository';

/** The county's own 专班 files its reports; the city (or the province) reviews them. */
export const REPORT_SUBMITTERS: readonly Role[] = ['county_officer'];
export const REPORT_REVIEWERS: readonly Role[] = ['city_officer', 'province_admin'];

export const REPORT_NOT_FOUND = '月报不存在';

/** A county project as the report rules and events need it: its programme's schedule and its city. */
export interface ReportProject {
  readonly projectId: string;
  readonly programmeId: string;
  readonly regionCode: string;
  readonly regionName: string;
  /** The county's parent region: the city whose officers review its reports. */
  readonly cityRegionCode: string | null;
  readonly schedule: ReportSchedule;
  /** What a write needs to know of the programme: whether it is still open (requireWritable). */
  readonly programme: Pick<ProjectContext['programme'], 'name' | 'year' | 'status'>;
  /** How the programme chases its reports (deadlines, resubmission, reminders). */
  readonly chase: ReportChase;
}

function reportProjectOf({ project, programme, county }: ProjectContext): ReportProject {
  return {
    projectId: project.id,
    programmeId: programme.id,
    regionCode: project.regionCode,
    regionName: county.name,
    cityRegionCode: county.parentCode,
    programme: { name: programme.name, year: programme.year, status: programme.status },
    schedule: {
      year: programme.year,
      reportDueDay: programme.reportDueDay,
      operatingFiguresFromMonth: programme.operatingFiguresFromMonth,
      createdAt: programme.createdAt,
    },
    chase: programme,
  };
}

/**
 * The loader of monthly reports for a caller. A report is visible exactly when its project is: out of
 * scope reads as "not found" and, when the target exists, is audited as denied (the platform's Access).
 */
@Injectable()
export class ReportAccessService {
  constructor(
    private readonly projectAccess: ProjectAccessService,
    private readonly reports: ReportsRepository,
    private readonly scope: RegionScope,
    private readonly access: Access,
  ) {}

  async project(tx: Tx, actor: Actor, projectId: string, action: string): Promise<ReportProject> {
    return reportProjectOf(await this.projectAccess.load(tx, actor, projectId, action));
  }

  async report(
    tx: Tx,
    actor: Actor,
    reportId: string,
    action: string,
  ): Promise<{ report: MonthlyReportRecord; project: ReportProject }> {
    const report = await this.reports.findById(tx, reportId);
    if (!report) throw new NotFoundError(REPORT_NOT_FOUND);
    const context = await this.projectAccess.findContext(tx, report.projectId);
    // The foreign key keeps every report's project.
    if (!context) throw new Error(`Monthly report ${reportId} has lost its project ${report.projectId}`);
    const path = await this.scope.regionPath(tx, context.county.code);
    await this.access.requireInScope(
      { actor, action, targetType: 'monthly_report', targetId: reportId },
      context,
      () => path,
      REPORT_NOT_FOUND,
    );
    return { report, project: reportProjectOf(context) };
  }
}
