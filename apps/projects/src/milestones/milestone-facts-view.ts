import type { MilestoneFacts } from '@duban/contracts';
import { leaderOf, toOfficerRef } from '../officers/officer-view';
import type { OfficerRecord } from '../officers/officers.repository';
import type { ProjectContext } from '../projects/project-access.service';
import type { MilestoneRecord } from './milestones.repository';

/**
 * What every milestone event tells its consumers (see milestoneFactsSchema): the milestone as it now is,
 * where it is, whom to remind (its responsible officers, in the order given), whom to alert (the 组长),
 * and the programme's reminder policy, so the notifications service never has to ask back.
 */
export function milestoneFacts(
  context: ProjectContext,
  milestone: MilestoneRecord,
  officers: readonly OfficerRecord[],
): MilestoneFacts {
  const byId = new Map(officers.map((officer) => [officer.id, officer]));
  const leader = leaderOf(officers);
  return {
    programmeId: context.programme.id,
    programmeCode: context.programme.code,
    projectId: context.project.id,
    projectName: context.project.name,
    regionCode: context.county.code,
    regionName: context.county.name,
    cityRegionCode: context.county.parentCode,
    milestoneId: milestone.id,
    key: milestone.key,
    title: milestone.title,
    dueDate: milestone.dueDate,
    dueAt: milestone.dueAt ? milestone.dueAt.toISOString() : null,
    status: milestone.status,
    responsibleOfficers: milestone.responsibleOfficerIds.flatMap((id) => {
      const officer = byId.get(id);
      return officer ? [toOfficerRef(officer)] : [];
    }),
    countyLeader: leader ? toOfficerRef(leader) : null,
    reminderPlan: milestone.reminderPlan,
    reminderPolicy: context.programme.reminderPolicy,
  };
}
