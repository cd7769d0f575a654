import { ValidationError, type RubricDefinitionInput } from '@duban/contracts';
import { GIG_MARKET_RUBRIC_2023 } from './gig-market-rubric-2023.rules';
import { checkRubric } from './rubric-integrity.rules';

/** 附件2 exactly as the document prints it: items 4 and 5 under 一、调研论证 (15分). */
function asPrinted(): RubricDefinitionInput {
  const [one, two, three, four] = GIG_MARKET_RUBRIC_2023.sections;
  if (!one || !two || !three || !four) throw new Error('four sections expected');
  return {
    ...GIG_MARKET_RUBRIC_2023,
    sections: [
      { ...one, items: [...one.items, ...two.items.filter((item) => item.number <= 5)] },
      { ...two, items: two.items.filter((item) => item.number > 5) },
      three,
      four,
    ],
  };
}

function refusal(input: unknown): ValidationError {
  try {
    checkRubric(input);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected the rubric to be refused');
}

describe('rubric integrity', () => {
  it('refuses the 附件2 table as printed, naming section 一 and both of its sums (and 二)', () => {
    const error = refusal(asPrinted());
    expect(error.errors).toEqual([
      { field: 'sections.0', message: '一、调研论证: 条目合计 30 分，与分区总分 15 分不符' },
      { field: 'sections.1', message: '二、基础设施: 条目合计 25 分，与分区总分 40 分不符' },
    ]);
    expect(error.message).toContain('一、调研论证: 条目合计 30 分，与分区总分 15 分不符');
  });

  it('accepts the corrected 2023 rubric: four sections, 15 items, 100 points', () => {
    const rubric = checkRubric(GIG_MARKET_RUBRIC_2023);
    expect(rubric.total).toBe(100);
    expect(
      rubric.sections.map((section) => [section.title, section.points, section.items.map((i) => i.number)]),
    ).toEqual([
      ['一、调研论证', 15, [1, 2, 3]],
      ['二、基础设施', 40, [4, 5, 6, 7, 8]],
      ['三、服务管理', 30, [9, 10, 11, 12]],
      ['四、信息支撑', 15, [13, 14, 15]],
    ]);
    expect(rubric.sections.flatMap((section) => section.items).reduce((sum, item) => sum + item.maxPoints, 0)).toBe(
      100,
    );
  });

  it('refuses sections that do not add up to the total, naming both sums', () => {
    const error = refusal({ ...GIG_MARKET_RUBRIC_2023, total: 90 });
    expect(error.errors).toEqual([
      { field: 'total', message: '建设暨评价标准清单: 分区合计 100 分，与总分 90 分不符' },
    ]);
  });

  it('sums half points exactly and refuses quarter points and repeated numbers', () => {
    const half: RubricDefinitionInput = {
      code: 'half',
      title: '半分',
      total: 1,
      sections: [
        {
          title: '甲',
          points: 1,
          items: [
            { number: 1, text: 'a', maxPoints: 0.5 },
            { number: 2, text: 'b', maxPoints: 0.5 },
          ],
        },
      ],
    };
    expect(checkRubric(half).total).toBe(1);
    expect(
      refusal({ ...half, sections: [{ ...half.sections[0], items: [{ number: 1, text: 'a', maxPoints: 0.25 }] }] })
        .errors?.[0]?.message,
    ).toBe('分值须为 0.5 的整数倍');
    const repeated = refusal({
      ...half,
      sections: [
        {
          title: '甲',
          points: 1,
          items: [
            { number: 1, text: 'a', maxPoints: 0.5 },
            { number: 1, text: 'b', maxPoints: 0.5 },
          ],
        },
      ],
    });
    expect(repeated.errors).toEqual([{ field: 'sections.0', message: '甲: 序号 1 重复' }]);
  });
});
