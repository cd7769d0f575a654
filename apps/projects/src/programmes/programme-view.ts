import type { ProgrammeView } from '@duban/contracts';
import type { ProgrammeRecord } from './programmes.repository';

export function toProgrammeView(programme: ProgrammeRecord, projectCount: number): ProgrammeView {
  return {
    id: programme.id,
    code: programme.code,
    name: programme.name,
    year: programme.year,
    rootRegionCode: programme.rootRegionCode,
    countyCount: programme.countyCount,
    milestoneTemplate: programme.milestoneTemplate,
    reminderPolicy: programme.reminderPolicy,
    reportDueDay: programme.reportDueDay,
    reportResubmitWorkingDays: programme.reportResubmitWorkingDays,
    reportReminderPlan: programme.reportReminderPlan,
    operatingFiguresFromMonth: programme.operatingFiguresFromMonth,
    yellowWithinWorkingDays: programme.yellowWithinWorkingDays,
    sourceProgrammeId: programme.sourceProgrammeId,
    templateId: programme.templateId,
    templateCode: programme.templateCode,
    templateVersion: programme.templateVersion,
    status: programme.status,
    closedAt: programme.closedAt ? programme.closedAt.toISOString() : null,
    projectCount,
    createdAt: programme.createdAt.toISOString(),
  };
}
