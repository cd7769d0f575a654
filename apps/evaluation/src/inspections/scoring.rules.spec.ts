import { checkRubric } from '../rubrics/rubric-integrity.rules';
import { GIG_MARKET_RUBRIC_2023 } from '../rubrics/gig-market-rubric-2023.rules';
import type { RubricRecord } from '../rubrics/rubrics.repository';
import { computeTotals, itemTextFor, scoreProblems } from './scoring.rules';

function rubricRecord(): RubricRecord {
  const definition = checkRubric(GIG_MARKET_RUBRIC_2023);
  return {
    id: 'r',
    code: definition.code,
    version: 1,
    title: definition.title,
    totalHalfPoints: 200,
    contentHash: 'h',
    createdAt: new Date(),
    items: definition.sections.flatMap((section, position) =>
      section.items.map((item) => ({
        id: `item-${item.number}`,
        sectionPosition: position,
        sectionTitle: section.title,
        sectionHalfPoints: section.points * 2,
        number: item.number,
        text: item.text,
        maxHalfPoints: item.maxPoints * 2,
        remarks: item.remarks,
      })),
    ),
  };
}

describe('scoring', () => {
  const rubric = rubricRecord();
  const all = new Set(rubric.items.map((item) => item.id));

  it('computes section subtotals and the total from half-points, exactly', () => {
    const scores = new Map(rubric.items.map((item) => [item.id, item.maxHalfPoints]));
    scores.set('item-1', 9); // 4.5 of 5
    scores.set('item-12', 25); // 12.5 of 15
    const totals = computeTotals(rubric, scores);
    expect(totals.totalHalfPoints).toBe(200 - 1 - 5);
    expect(totals.sections.map((s) => [s.title, s.scoreHalfPoints / 2])).toEqual([
      ['一、调研论证', 14.5],
      ['二、基础设施', 40],
      ['三、服务管理', 27.5],
      ['四、信息支撑', 15],
    ]);
  });

  it('names the item and both numbers for a score above its maximum; unknown and repeated items by index', () => {
    expect(scoreProblems(rubric, all, [{ itemId: 'item-1', score: 6 }])).toEqual([
      { field: 'scores.0.score', message: '第 1 项满分 5 分，不能给 6 分' },
    ]);
    expect(scoreProblems(rubric, all, [{ itemId: 'nope', score: 1 }])).toEqual([
      { field: 'scores.0.itemId', message: '评分标准中没有此项' },
    ]);
    expect(
      scoreProblems(rubric, all, [
        { itemId: 'item-2', score: 1 },
        { itemId: 'item-2', score: 2 },
      ]),
    ).toEqual([{ field: 'scores.1.itemId', message: '第 2 项重复' }]);
    expect(scoreProblems(rubric, all, [{ itemId: 'item-2', score: -1 }])[0]?.field).toBe('scores.0.score');
    expect(scoreProblems(rubric, new Set(['item-6']), [{ itemId: 'item-2', score: 1 }])[0]?.message).toContain(
      '不在本次复查范围内',
    );
    expect(scoreProblems(rubric, all, [{ itemId: 'item-12', score: 14.5 }])).toEqual([]);
  });

  it('shows item 6’s sign text for the county inspected', () => {
    const six = rubric.items.find((item) => item.number === 6);
    expect(itemTextFor(six?.text ?? '', '临县')).toBe('明显位置悬挂统一标识，名称为：“临县零工市场”。');
    expect(itemTextFor(six?.text ?? '', '离石区')).toContain('“离石区零工市场”');
  });
});
