import type { InspectionSummary, InspectionView, RubricView } from '@duban/contracts';

/**
 * Test data shaped like the evaluation service's answers for 附件2 (15 items in four sections, 100 points),
 * for the component tests of this folder.
 */
export const RUBRIC_SECTIONS = [
  { title: '一、调研论证', maxima: [5, 5, 5] },
  { title: '二、基础设施', maxima: [10, 5, 5, 10, 10] },
  { title: '三、服务管理', maxima: [5, 5, 5, 15] },
  { title: '四、信息支撑', maxima: [5, 5, 5] },
] as const;

export const itemId = (number: number) => `00000000-0000-4000-8000-${String(number).padStart(12, '0')}`;

const rubricItems = RUBRIC_SECTIONS.flatMap(({ title, maxima }, sectionIndex) =>
  maxima.map((maxPoints, index) => {
    const number =
      RUBRIC_SECTIONS.slice(0, sectionIndex).reduce((sum, section) => sum + section.maxima.length, 0) + index + 1;
    return { number, sectionTitle: title, maxPoints };
  }),
);

export const RUBRIC_ID = '0195d000-0000-7000-8000-000000000001';

export function rubric(): RubricView {
  return {
    id: RUBRIC_ID,
    code: 'gig-market-checklist',
    version: 1,
    title: '建设暨评价标准清单',
    total: 100,
    sections: RUBRIC_SECTIONS.map(({ title, maxima }) => ({
      title,
      points: maxima.reduce((sum, points) => sum + points, 0),
      items: rubricItems
        .filter((item) => item.sectionTitle === title)
        .map(({ number, maxPoints }) => ({
          id: itemId(number),
          number,
          text: `第${number}条的内容`,
          maxPoints,
          remarks: number === 6 ? '名称随被检查县而定' : '',
        })),
    })),
    contentHash: 'f'.repeat(64),
    createdAt: '2025-01-01T00:00:00.000Z',
  };
}

/** An inspection of 临县 with the given stored scores (item number → score), totals computed from them. */
export function inspection(
  overrides: Partial<InspectionView> = {},
  scores: Readonly<Record<number, number>> = {},
): InspectionView {
  const items = rubricItems.map(({ number, sectionTitle, maxPoints }) => ({
    id: itemId(number),
    number,
    sectionTitle,
    text: number === 6 ? '明显位置悬挂统一标识，名称为：“临县零工市场”。' : `第${number}条的内容`,
    maxPoints,
    scored: true,
    score: scores[number] ?? null,
    note: scores[number] === undefined ? null : '',
    carriedOver: false,
    evidence: [],
  }));
  const sectionTotals = RUBRIC_SECTIONS.map(({ title, maxima }) => ({
    title,
    points: maxima.reduce((sum, points) => sum + points, 0),
    score: items.filter((item) => item.sectionTitle === title).reduce((sum, item) => sum + (item.score ?? 0), 0),
  }));
  return {
    id: '0195d000-0000-7000-8000-0000000000aa',
    projectId: '0195d000-0000-7000-8000-0000000000bb',
    programmeId: '0195d000-0000-7000-8000-0000000000cc',
    regionCode: '141124',
    regionName: '临县',
    projectName: '临县公益性零工市场',
    rubricId: RUBRIC_ID,
    rubricVersion: 1,
    kind: 'inspection',
    reinspectionOf: null,
    status: 'open',
    date: '2025-10-20',
    inspectors: ['inspector'],
    inspectorNames: ['吕梁市验收组'],
    openedBy: 'lvliang',
    total: sectionTotals.reduce((sum, section) => sum + section.score, 0),
    maxTotal: 100,
    sectionTotals,
    scoredCount: Object.keys(scores).length,
    toScoreCount: 15,
    passThreshold: 80,
    passed: null,
    signatures: { inspector: null, county: null },
    cancellation: null,
    items,
    rectifications: [],
    version: 1,
    ...overrides,
  };
}

/** Full marks on every item, as a score map. */
export function fullMarks(): Record<number, number> {
  return Object.fromEntries(rubricItems.map(({ number, maxPoints }) => [number, maxPoints]));
}

export function summary(view: InspectionView): InspectionSummary {
  const { items: _items, rectifications: _rectifications, ...rest } = view;
  return rest;
}
