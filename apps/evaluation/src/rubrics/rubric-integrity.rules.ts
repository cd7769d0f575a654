import {
  fieldErrorsFromZod,
  rubricDefinitionSchema,
  ValidationError,
  type FieldError,
  type RubricDefinition,
} from '@duban/contracts';
import type { RubricItemRecord, RubricRecord } from './rubrics.repository';

/** Points as stored: integer half-points, so that sums are exact. */
export function toHalfPoints(points: number): number {
  return Math.round(points * 2);
}

export function fromHalfPoints(halfPoints: number): number {
  return halfPoints / 2;
}

/** "15" or "7.5" */
export function formatPoints(points: number): string {
  return Number.isInteger(points) ? String(points) : points.toFixed(1);
}

/**
 * Parses a rubric definition and checks that it adds up: each section's items to the section's points,
 * the sections to the total; item numbers unique. Refuses with every problem found, each naming the
 * section and both sums, e.g. `一、调研论证: 条目合计 30 分，与分区总分 15 分不符`.
 */
export function checkRubric(input: unknown): RubricDefinition {
  const parsed = rubricDefinitionSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrorsFromZod(parsed.error), '评分标准格式有误');
  const rubric = parsed.data;
  const problems: FieldError[] = [];
  const numbers = new Set<number>();
  let sectionsSum = 0;
  rubric.sections.forEach((section, index) => {
    const itemsSum = section.items.reduce((sum, item) => sum + toHalfPoints(item.maxPoints), 0);
    sectionsSum += toHalfPoints(section.points);
    if (itemsSum !== toHalfPoints(section.points)) {
      problems.push({
        field: `sections.${index}`,
        message: `${section.title}: 条目合计 ${formatPoints(fromHalfPoints(itemsSum))} 分，与分区总分 ${formatPoints(section.points)} 分不符`,
      });
    }
    for (const item of section.items) {
      if (numbers.has(item.number)) {
        problems.push({ field: `sections.${index}`, message: `${section.title}: 序号 ${item.number} 重复` });
      }
      numbers.add(item.number);
    }
  });
  if (sectionsSum !== toHalfPoints(rubric.total)) {
    problems.push({
      field: 'total',
      message: `${rubric.title}: 分区合计 ${formatPoints(fromHalfPoints(sectionsSum))} 分，与总分 ${formatPoints(rubric.total)} 分不符`,
    });
  }
  if (problems.length > 0) {
    throw new ValidationError(problems, `评分标准不能加载：${problems.map((problem) => problem.message).join('；')}`);
  }
  return rubric;
}

/** Sections in order, each with its items. */
export function sectionsOf(rubric: RubricRecord): { title: string; halfPoints: number; items: RubricItemRecord[] }[] {
  const sections = new Map<number, { title: string; halfPoints: number; items: RubricItemRecord[] }>();
  for (const item of rubric.items) {
    const section = sections.get(item.sectionPosition) ?? {
      title: item.sectionTitle,
      halfPoints: item.sectionHalfPoints,
      items: [],
    };
    section.items.push(item);
    sections.set(item.sectionPosition, section);
  }
  return [...sections.entries()].sort(([a], [b]) => a - b).map(([, section]) => section);
}
