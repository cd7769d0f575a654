import type { OfficerRecord } from '../officers/officers.repository';
import type { MilestoneRecord } from './milestones.repository';

/** Whether `username` is one of the milestone's responsible officers (among its project's leading group). */
export function isResponsibleOfficer(
  username: string,
  milestone: Pick<MilestoneRecord, 'responsibleOfficerIds'>,
  officers: readonly Pick<OfficerRecord, 'id' | 'username'>[],
): boolean {
  return officers.some(
    (officer) => officer.username === username && milestone.responsibleOfficerIds.includes(officer.id),
  );
}

/** The prerequisites of `milestone` (among its project's `siblings`) that are not done yet, in order. */
export function unfinishedPrerequisites(
  milestone: Pick<MilestoneRecord, 'afterIds'>,
  siblings: readonly Pick<MilestoneRecord, 'id' | 'title' | 'status'>[],
): Pick<MilestoneRecord, 'id' | 'title' | 'status'>[] {
  const after = new Set(milestone.afterIds);
  return siblings.filter((sibling) => after.has(sibling.id) && sibling.status !== 'done');
}

/** "请先完成前置节点：「出台建设方案（…）」、「完成选址」" */
export function unfinishedPrerequisitesMessage(unfinished: readonly Pick<MilestoneRecord, 'title'>[]): string {
  return `请先完成前置节点：${unfinished.map((milestone) => `「${milestone.title}」`).join('、')}`;
}

/** Ids from `requested` that are not among `known`, with their positions (for field errors). */
export function unknownIds(requested: readonly string[], known: Iterable<string>): { index: number; id: string }[] {
  const knownIds = new Set(known);
  return requested.flatMap((id, index) => (knownIds.has(id) ? [] : [{ index, id }]));
}

/** Same members, whatever the order or repetition. */
export function sameIdSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((id) => right.has(id));
}
