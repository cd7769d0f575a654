import { DEMO_MILESTONE_TEMPLATE } from '../demo/demo-programme-rules';
import {
  codeForYear,
  milestonesFromTemplate,
  templateDueDate,
  templateFieldErrors,
  templateProblems,
} from './milestone-template-rules';

describe('milestone template', () => {
  it('puts each month-day in the programme’s year: a new year shifts every deadline', () => {
    const dates = (year: number) => DEMO_MILESTONE_TEMPLATE.map((item) => templateDueDate(item, year));
    expect(dates(2023)).toEqual([
      '2023-03-31',
      '2023-03-31',
      '2023-04-30',
      '2023-05-31',
      '2023-07-31',
      '2023-08-31',
      '2023-10-31',
      '2023-12-31',
    ]);
    expect(dates(2024)).toEqual(dates(2023).map((date) => date.replace('2023', '2024')));
  });

  it('keeps 02-29 in a leap year and moves it to 02-28 in a common year', () => {
    expect(templateDueDate({ due: '02-29' }, 2024)).toBe('2024-02-29');
    expect(templateDueDate({ due: '02-29' }, 2025)).toBe('2025-02-28');
    expect(templateDueDate({ due: '02-29' }, 2100)).toBe('2100-02-28');
  });

  it('makes the milestones of one project with fresh ids and prerequisites as those ids', () => {
    let n = 0;
    const planned = milestonesFromTemplate(DEMO_MILESTONE_TEMPLATE, 2023, () => `id-${++n}`);
    expect(planned.map((m) => [m.key, m.id, m.afterIds, m.sort])).toEqual([
      ['plan', 'id-1', [], 1],
      ['site', 'id-2', [], 2],
      ['push', 'id-3', ['id-1', 'id-2'], 3],
      ['build', 'id-4', ['id-3'], 4],
      ['built', 'id-5', ['id-4'], 5],
      ['trial', 'id-6', ['id-5'], 6],
      ['accept', 'id-7', ['id-6'], 7],
      ['finish', 'id-8', ['id-7'], 8],
    ]);
  });

  it('finds nothing wrong with the documents’ template, and names what is wrong with a broken one', () => {
    expect(templateProblems(DEMO_MILESTONE_TEMPLATE)).toEqual([]);
    expect(
      templateProblems([
        { key: 'a', title: 'A', due: '02-30', after: [] },
        { key: 'b', title: 'B', due: '03-01', after: ['a', 'zz'] },
        { key: 'b', title: 'B again', due: '03-02', after: [] },
      ]),
    ).toEqual(['节点 a 的日期 02-30 不在计划年度内（该年没有这一天）', '节点键 b 重复', '节点 b 的前置节点 zz 不存在']);
    expect(
      templateProblems([
        { key: 'a', title: 'A', due: '03-01', after: ['c'] },
        { key: 'b', title: 'B', due: '03-01', after: ['a'] },
        { key: 'c', title: 'C', due: '03-01', after: ['b'] },
      ]),
    ).toEqual(['前置节点成环：a → c → b → a']);
  });

  it('names the field of each problem under milestones, as a 400 about a template body does', () => {
    expect(
      templateFieldErrors([
        { key: 'a', title: 'A', due: '04-31', after: [] },
        { key: 'b', title: 'B', due: '05-01', after: ['c'] },
        { key: 'c', title: 'C', due: '06-01', after: ['b', 'x'] },
      ]),
    ).toEqual([
      { field: 'milestones.0.due', message: '节点 a 的日期 04-31 不在计划年度内（该年没有这一天）' },
      { field: 'milestones.2.after.1', message: '节点 c 的前置节点 x 不存在' },
      { field: 'milestones.1.after', message: '前置节点成环：b → c → b' },
    ]);
  });

  it('names a new year’s programme after its source, with the year replaced or appended', () => {
    expect(codeForYear('shanxi-2023-gig-markets', 2023, 2024)).toBe('shanxi-2024-gig-markets');
    expect(codeForYear('gig-markets', 2023, 2024)).toBe('gig-markets-2024');
    expect(codeForYear('gig-markets-2024', 2024, 2025)).toBe('gig-markets-2025');
  });
});
