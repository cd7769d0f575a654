import { render, screen } from '@testing-library/react';
import dayjs from 'dayjs';
import { aMilestone } from './county-fixtures';
import { MilestoneTimeline } from './MilestoneTimeline';

describe('the milestone timeline', () => {
  it('spans the programme’s year only: twelve months, and deadlines beyond it end at the edge with their real date', () => {
    const plan = aMilestone({ key: 'plan', title: '出台建设方案', dueDate: '2023-03-31' });
    const moved = aMilestone({ key: 'finish', title: '完成建设', dueDate: '2025-06-30', after: [plan.id] });
    const early = aMilestone({ key: null, title: '上年度遗留事项', dueDate: null, dueAt: '2022-11-30T02:00:00.000Z' });
    render(<MilestoneTimeline milestones={[plan, moved, early]} year={2023} now={dayjs('2023-05-10T02:00:00Z')} />);

    const chart = screen.getByRole('figure', { name: '节点时间轴' });
    const months = [...chart.querySelectorAll('span')]
      .map((label) => label.textContent)
      .filter((text) => /月$/.test(text ?? ''));
    expect(months).toEqual(['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月']);

    const bar = (name: string) => screen.getByRole('img', { name });
    // From the prerequisite's deadline to the year's end, not to 2025.
    const finish = bar('完成建设：期限 2025-06-30（期限在本年度之后），正常');
    expect(parseFloat(finish.style.left)).toBeCloseTo((90 / 365) * 100, 0); // from the end of 31 March
    expect(parseFloat(finish.style.left) + parseFloat(finish.style.width)).toBeCloseTo(100, 6);
    expect(finish.textContent).toBe('▶');
    // Before the year: a mark at its left edge.
    const leftover = bar('上年度遗留事项：期限 2022-11-30 10:00（期限在本年度之前），正常');
    expect(leftover.style.left).toBe('0%');
    expect(leftover.textContent).toBe('◀');
    expect(bar('出台建设方案：期限 2023-03-31，正常').textContent).toBe('');
    expect(screen.getByLabelText('今天 2023-05-10')).toBeInTheDocument();
  });

  it('draws no line for today outside the year', () => {
    render(<MilestoneTimeline milestones={[aMilestone()]} year={2023} now={dayjs('2026-12-05T02:00:00Z')} />);
    expect(screen.queryByLabelText(/^今天/)).not.toBeInTheDocument();
  });
});
