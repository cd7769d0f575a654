import { Injectable } from '@nestjs/common';
import { NotFoundError, type ProgrammeView, type PutReportSettingsRequest } from '@duban/contracts';
import { Access, AuditLog, Clock, Transactions } from '@duban/platform';
import { toProgrammeView } from '../programmes/programme-view';
import { ProgrammesRepository, type ReportSettings } from '../programmes/programmes.repository';
import { ProjectsRepository } from '../projects/projects.repository';
import { RegionScope } from '../scope/region-scope.service';
import { mayCreateProgramme, roleMayNotMessage } from '../scope/role-rules';
import { ReportDeadlines } from './report-deadlines.service';

const PROGRAMME_NOT_FOUND = '计划不存在';

/**
 * A programme's report settings (province admin): the report day, the working days to resubmit a returned
 * report, and an optional exact reminder plan. One transaction with its audit row and the months not yet
 * filed announced again, so their reminders follow the new settings.
 */
@Injectable()
export class ReportSettingsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly programmes: ProgrammesRepository,
    private readonly projects: ProjectsRepository,
    private readonly deadlines: ReportDeadlines,
    private readonly scope: RegionScope,
    private readonly access: Access,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async put({ actor, programmeId, ...settings }: PutReportSettingsRequest): Promise<ProgrammeView> {
    const action = 'programme.report-settings';
    return this.transactions.runAndAnswer(async (tx) => {
      const before = await this.programmes.findById(tx, programmeId, { lock: true });
      if (!before) throw new NotFoundError(PROGRAMME_NOT_FOUND);
      const attempt = { actor, action, targetType: 'programme', targetId: programmeId };
      if (!(await this.scope.walkableRegionCodes(tx, actor)).has(before.rootRegionCode)) {
        throw await this.access.outOfScope(attempt, PROGRAMME_NOT_FOUND);
      }
      await this.access.requireRole(
        attempt,
        mayCreateProgramme(actor.role),
        roleMayNotMessage(actor.role, '修改月报设置（仅限省级管理员）'),
      );
      const after = await this.programmes.updateReportSettings(tx, programmeId, settings);
      if (!after) throw new NotFoundError(PROGRAMME_NOT_FOUND);
      const projects = await this.projects.findByProgramme(tx, programmeId);
      const announced = await this.deadlines.rescheduleProgramme(tx, after, projects, this.clock.now());
      await this.audit.recordDone(tx, {
        actor,
        action,
        targetType: 'programme',
        targetId: programmeId,
        before: reportSettingsOf(before),
        after: { ...reportSettingsOf(after), reannouncedDeadlines: announced },
      });
      return toProgrammeView(after, projects.length);
    });
  }
}

function reportSettingsOf(programme: ReportSettings): ReportSettings {
  return {
    reportDueDay: programme.reportDueDay,
    reportResubmitWorkingDays: programme.reportResubmitWorkingDays,
    reportReminderPlan: programme.reportReminderPlan,
  };
}
