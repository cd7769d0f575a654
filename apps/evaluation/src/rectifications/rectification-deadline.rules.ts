import { DEFAULT_REMINDER_POLICY, type Deadline } from '@duban/contracts';
import { localDateOf } from '@duban/calendar';
import type { RectificationRecord } from '../inspections/inspections.repository';
import type { ProjectRef } from '../project-refs/project-refs.repository';
import type { RubricRecord } from '../rubrics/rubrics.repository';

/** The local date an instant falls due on (an instant at local midnight ends the day before). */
export function dueDateOf(dueAt: Date, timeZone: string): string {
  return localDateOf(new Date(dueAt.getTime() - 1), timeZone);
}

/**
 * The deadline the notifications service plans reminders for: due at the end of the due date (local) on
 * the default policy, or at the exact instant on its own plan (the policy when it has none); reminding the
 * named responsible officer, alerting the county's officers when overdue and escalating to the city's.
 */
export function deadlineOf(rectification: RectificationRecord, project: ProjectRef, rubric: RubricRecord): Deadline {
  const item = rubric.items.find((candidate) => candidate.id === rectification.itemId);
  return {
    deadlineId: rectification.id,
    subjectType: 'rectification',
    subjectId: rectification.id,
    title: `整改：第 ${item?.number ?? '?'} 项 ${rectification.what}`.slice(0, 200),
    programmeId: project.programmeId,
    projectId: project.id,
    regionCode: project.regionCode,
    regionName: project.regionName,
    cityRegionCode: project.cityRegionCode,
    due: rectification.dueAt ? { at: rectification.dueAt.toISOString() } : { date: rectification.dueDate },
    responsible: [{ kind: 'user', username: rectification.responsibleUsername, name: rectification.responsibleName }],
    countyLeader: { kind: 'role', role: 'county_officer', regionCode: project.regionCode },
    cityOfficer: project.cityRegionCode
      ? { kind: 'role', role: 'city_officer', regionCode: project.cityRegionCode }
      : null,
    policy: DEFAULT_REMINDER_POLICY,
    plan: rectification.dueAt && rectification.reminderPlan ? rectification.reminderPlan : null,
    history: false,
  };
}
