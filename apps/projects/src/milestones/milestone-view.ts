import type { MilestoneView, StatusLightValue } from '@duban/contracts';
import type { MilestoneRecord } from './milestones.repository';

export function toMilestoneView(milestone: MilestoneRecord, light: StatusLightValue): MilestoneView {
  const evidence = milestone.evidence;
  return {
    id: milestone.id,
    projectId: milestone.projectId,
    key: milestone.key,
    title: milestone.title,
    dueDate: milestone.dueDate,
    dueAt: milestone.dueAt ? milestone.dueAt.toISOString() : null,
    status: milestone.status,
    light,
    after: milestone.afterIds,
    responsibleOfficerIds: milestone.responsibleOfficerIds,
    reminderPlan: milestone.reminderPlan,
    completedAt: milestone.completedAt ? milestone.completedAt.toISOString() : null,
    completedBy: milestone.completedBy,
    completedByName: evidence?.recordedBy?.displayName ?? null,
    evidence: evidence
      ? { text: evidence.text, ...(evidence.attachments ? { attachments: evidence.attachments } : {}) }
      : null,
    reopenings: milestone.reopenHistory.map(({ reason, reopenedAt, reopenedBy, reopenedByName }) => ({
      reason,
      reopenedAt,
      reopenedBy,
      reopenedByName: reopenedByName ?? reopenedBy,
    })),
    version: milestone.version,
  };
}

/** The fields an audit row keeps before and after a change: what a reader of the trail needs, no more. */
export function milestoneSnapshot(milestone: MilestoneRecord): Record<string, unknown> {
  return {
    title: milestone.title,
    dueDate: milestone.dueDate,
    dueAt: milestone.dueAt ? milestone.dueAt.toISOString() : null,
    status: milestone.status,
    responsibleOfficerIds: milestone.responsibleOfficerIds,
    completedAt: milestone.completedAt ? milestone.completedAt.toISOString() : null,
    completedBy: milestone.completedBy,
    evidence: milestone.evidence,
    version: milestone.version,
  };
}
