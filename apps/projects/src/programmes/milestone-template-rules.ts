import type { FieldError } from '@duban/contracts';
import type { MilestoneTemplateItem } from './programmes.repository';

/** A template milestone made concrete for one county's project in one year. */
export interface PlannedMilestone {
  readonly id: string;
  readonly key: string;
  readonly title: string;
  readonly dueDate: string;
  readonly afterIds: string[];
  readonly sort: number;
}

/**
 * The due date of a template item in `year`: its MM-DD in that year. The template holds month-days, not
 * dates, so a new year of a programme shifts every deadline by construction; 02-29 becomes 02-28 in a
 * common year rather than spilling into March.
 */
export function templateDueDate(item: Pick<MilestoneTemplateItem, 'due'>, year: number): string {
  const [month, day] = item.due.split('-').map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(Math.min(day, lastDay))}`;
}

/**
 * What is wrong with a template, in Chinese, or nothing: duplicate keys, impossible month-days, unknown
 * prerequisites, and cycles (a milestone that must follow itself could never be completed).
 */
export function templateProblems(template: readonly MilestoneTemplateItem[]): string[] {
  return templateFieldErrors(template).map((error) => error.message);
}

/**
 * The same problems as field errors, each naming the item's field under `milestones` (`milestones.2.due`,
 * `milestones.4.after.0`), as a 400 about a template body reports them.
 */
export function templateFieldErrors(template: readonly MilestoneTemplateItem[], prefix = 'milestones'): FieldError[] {
  const errors: FieldError[] = [];
  const keys = new Set<string>();
  template.forEach((item, index) => {
    if (keys.has(item.key)) errors.push({ field: `${prefix}.${index}.key`, message: `节点键 ${item.key} 重复` });
    keys.add(item.key);
    const [month, day] = item.due.split('-').map(Number) as [number, number];
    // 02-29 exists in a leap year and becomes 02-28 otherwise (templateDueDate); 02-30 exists in none.
    if (day > new Date(Date.UTC(2024, month, 0)).getUTCDate())
      errors.push({
        field: `${prefix}.${index}.due`,
        message: `节点 ${item.key} 的日期 ${item.due} 不在计划年度内（该年没有这一天）`,
      });
  });
  template.forEach((item, index) =>
    item.after.forEach((key, at) => {
      if (!keys.has(key))
        errors.push({ field: `${prefix}.${index}.after.${at}`, message: `节点 ${item.key} 的前置节点 ${key} 不存在` });
    }),
  );
  const indexOf = new Map(template.map((item, index) => [item.key, index]));
  const byKey = new Map(template.map((item) => [item.key, item]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (key: string, path: string[]): void => {
    if (state.get(key) === 'done' || !byKey.has(key)) return;
    if (state.get(key) === 'visiting') {
      const cycle = [...path.slice(path.indexOf(key)), key];
      errors.push({ field: `${prefix}.${indexOf.get(key)}.after`, message: `前置节点成环：${cycle.join(' → ')}` });
      return;
    }
    state.set(key, 'visiting');
    for (const next of byKey.get(key)?.after ?? []) visit(next, [...path, key]);
    state.set(key, 'done');
  };
  for (const item of template) visit(item.key, []);
  return errors;
}

/**
 * The template's milestones for one project in `year`, each with a fresh id (from `newId`) so that
 * prerequisites, given by key in the template, can be stored as the ids of the project's own milestones.
 */
export function milestonesFromTemplate(
  template: readonly MilestoneTemplateItem[],
  year: number,
  newId: () => string,
): PlannedMilestone[] {
  const ids = new Map(template.map((item) => [item.key, newId()]));
  return template.map((item, index) => ({
    id: ids.get(item.key) as string,
    key: item.key,
    title: item.title,
    dueDate: templateDueDate(item, year),
    afterIds: item.after.map((key) => ids.get(key) as string),
    sort: index + 1,
  }));
}

/**
 * The code of a programme's new year: the source's code with its year replaced (shanxi-2023-gig-markets →
 * shanxi-2024-gig-markets), or the year appended when the code names none.
 */
export function codeForYear(sourceCode: string, sourceYear: number, year: number): string {
  const parts = sourceCode.split('-');
  const at = parts.indexOf(String(sourceYear));
  if (at >= 0) {
    parts[at] = String(year);
    return parts.join('-');
  }
  return `${sourceCode}-${year}`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
