import type { FieldError, ProgrammeTemplateDefinition } from '@duban/contracts';
import type { MilestoneRecord } from '../milestones/milestones.repository';
import { templateDueDate, templateFieldErrors } from './milestone-template-rules';
import type { MilestoneTemplateItem, ProgrammeDefinition } from './programmes.repository';

/**
 * Everything wrong with a template body, as field errors in Chinese: the milestones' (duplicate keys, a
 * date outside the year, unknown prerequisites, cycles) and a funding source listed twice.
 */
export function templateDefinitionErrors(definition: ProgrammeTemplateDefinition): FieldError[] {
  const errors = templateFieldErrors(definition.milestones);
  const sources = new Set<string>();
  definition.fundingSources.forEach((rule, index) => {
    if (sources.has(rule.source))
      errors.push({ field: `fundingSources.${index}.source`, message: `资金来源 ${rule.source} 重复` });
    sources.add(rule.source);
  });
  return errors;
}

/** The parts of a template a programme copies onto its own row (what its milestones and lights read). */
export function programmeDefinitionOf(definition: ProgrammeTemplateDefinition): ProgrammeDefinition {
  return {
    milestoneTemplate: definition.milestones,
    reminderPolicy: definition.reminderPolicy,
    reportDueDay: definition.reportDueDay,
    operatingFiguresFromMonth: definition.operatingFiguresFromMonth,
    yellowWithinWorkingDays: definition.yellowWithinWorkingDays,
  };
}

/** Whether two template bodies say the same (saving an unchanged body makes no new version). */
export function sameDefinition(a: ProgrammeTemplateDefinition, b: ProgrammeTemplateDefinition): boolean {
  return canonical(a) === canonical(b);
}

/** What following a new template version changes on one milestone of a programme of `year`. */
export interface MilestoneFollowing {
  readonly dueDate: string;
  readonly title: string;
  readonly dueChanged: boolean;
  readonly titleChanged: boolean;
}

/**
 * The template item's date and title for an open template milestone, or null when the milestone does not
 * follow it: done (its deadline is history), an extra milestone (no key), or a key the template no longer
 * has (the county keeps it as it is).
 */
export function followTemplateItem(
  milestone: Pick<MilestoneRecord, 'key' | 'status' | 'dueDate' | 'title'>,
  items: ReadonlyMap<string, MilestoneTemplateItem>,
  year: number,
): MilestoneFollowing | null {
  if (milestone.key === null || milestone.status === 'done') return null;
  const item = items.get(milestone.key);
  if (!item) return null;
  const dueDate = templateDueDate(item, year);
  return {
    dueDate,
    title: item.title,
    dueChanged: dueDate !== milestone.dueDate,
    titleChanged: item.title !== milestone.title,
  };
}

/** JSON with object keys sorted, so the same content always reads the same. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}
