import type { RubricVersionView, RubricView } from '@duban/contracts';
import { fromHalfPoints, sectionsOf } from './rubric-integrity.rules';
import type { RubricRecord } from './rubrics.repository';

export function toRubricView(rubric: RubricRecord): RubricView {
  return {
    id: rubric.id,
    code: rubric.code,
    version: rubric.version,
    title: rubric.title,
    total: fromHalfPoints(rubric.totalHalfPoints),
    sections: sectionsOf(rubric).map((section) => ({
      title: section.title,
      points: fromHalfPoints(section.halfPoints),
      items: section.items.map((item) => ({
        id: item.id,
        number: item.number,
        text: item.text,
        maxPoints: fromHalfPoints(item.maxHalfPoints),
        remarks: item.remarks,
      })),
    })),
    contentHash: rubric.contentHash,
    createdAt: rubric.createdAt.toISOString(),
  };
}

export function toRubricVersionView(rubric: RubricRecord): RubricVersionView {
  const { sections, ...head } = toRubricView(rubric);
  return { ...head, sectionCount: sections.length, itemCount: rubric.items.length };
}
