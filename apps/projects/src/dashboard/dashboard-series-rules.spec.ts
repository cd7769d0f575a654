import {
  dueMonthOf,
  latestFigures,
  monthlySeries,
  monthOf,
  sumFigures,
  type SeriesMilestone,
} from './dashboard-series-rules';

const due = (dueDate: string, completedAt: string | null = null): SeriesMilestone => ({
  dueDate,
  dueAt: null,
  completedAt: completedAt === null ? null : new Date(completedAt),
});
const figures = (month: string, jobs: number | null, visits: number | null, placed: number | null) => ({
  month,
  gigJobsOffered: jobs,
  gigWorkerVisits: visits,
  placements: placed,
});

describe('dashboard series', () => {
  it('reads months on the wall calendar of Asia/Shanghai', () => {
    // 31 March, 16:00 UTC is already 1 April in China.
    expect(monthOf(new Date('2023-03-31T15:59:59Z'))).toBe('2023-03');
    expect(monthOf(new Date('2023-03-31T16:00:00Z'))).toBe('2023-04');
    expect(dueMonthOf({ dueDate: '2023-04-30', dueAt: null, completedAt: null })).toBe('2023-04');
    expect(dueMonthOf({ dueDate: null, dueAt: new Date('2023-05-31T16:30:00Z'), completedAt: null })).toBe('2023-06');
  });

  it('keeps a figure nobody gave null, and sums the ones given', () => {
    expect(sumFigures([])).toEqual({ counties: 0, gigJobsOffered: null, gigWorkerVisits: null, placements: null });
    expect(sumFigures([figures('2023-10', 3, null, 0), figures('2023-10', 4, null, null)])).toEqual({
      counties: 2,
      gigJobsOffered: 7,
      gigWorkerVisits: null,
      placements: 0,
    });
    expect(latestFigures([])).toBeNull();
    expect(latestFigures([figures('2023-11', 1, 2, 3), figures('2023-10', 5, 5, 5)])).toEqual({
      month: '2023-11',
      counties: 1,
      gigJobsOffered: 1,
      gigWorkerVisits: 2,
      placements: 3,
    });
  });

  it('counts planned and done milestones cumulatively by month end, with no done for months to come', () => {
    const milestones = [
      due('2023-03-31', '2023-03-31T15:59:00Z'), // done on the last evening of March, China time
      due('2023-03-31', '2023-03-31T16:00:00Z'), // done at midnight: April
      due('2023-04-30', '2023-05-10T02:00:00Z'),
      due('2023-05-31'),
      { dueDate: null, dueAt: new Date('2023-05-17T10:00:00Z'), completedAt: null },
      due('2023-10-31'),
    ];
    const series = monthlySeries(
      2023,
      milestones,
      [figures('2023-04', 5, 6, 7), figures('2023-04', 1, null, 1)],
      new Date('2023-05-15T02:00:00Z'),
    );
    expect(series.map((month) => month.month)).toEqual([
      '2023-01',
      '2023-02',
      '2023-03',
      '2023-04',
      '2023-05',
      '2023-06',
      '2023-07',
      '2023-08',
      '2023-09',
      '2023-10',
      '2023-11',
      '2023-12',
    ]);
    expect(series.map((month) => month.plannedDue)).toEqual([0, 0, 2, 3, 5, 5, 5, 5, 5, 6, 6, 6]);
    expect(series.map((month) => month.done)).toEqual([0, 0, 1, 2, 3, null, null, null, null, null, null, null]);
    expect(series[3]?.figures).toEqual({ counties: 2, gigJobsOffered: 6, gigWorkerVisits: 6, placements: 8 });
    expect(series[2]?.figures).toEqual({ counties: 0, gigJobsOffered: null, gigWorkerVisits: null, placements: null });
  });

  it('runs past December when a milestone falls due or is done later, and ends at December otherwise', () => {
    const series = monthlySeries(
      2023,
      [due('2024-02-29', '2024-03-02T01:00:00Z')],
      [],
      new Date('2024-06-01T00:00:00Z'),
    );
    expect(series).toHaveLength(15);
    expect(series.at(-1)).toMatchObject({ month: '2024-03', plannedDue: 1, done: 1 });
    expect(series.at(-2)).toMatchObject({ month: '2024-02', plannedDue: 1, done: 0 });
    expect(monthlySeries(2023, [], [], new Date('2023-01-01T00:00:00Z'))).toHaveLength(12);
  });
});
