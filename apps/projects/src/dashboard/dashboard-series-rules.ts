import { localDateOf } from '@duban/calendar';
import type { DashboardMonth, LatestFigures, OperatingFigureSums } from '@duban/contracts';

/** A milestone as the series counts it: when it falls due and, once done, when it was completed. */
export interface SeriesMilestone {
  /** 'YYYY-MM-DD', a local date in Asia/Shanghai. */
  readonly dueDate: string | null;
  readonly dueAt: Date | null;
  readonly completedAt: Date | null;
}

/** One county's monthly report that gives at least one operating figure. */
export interface ReportFigures {
  /** 'YYYY-MM' */
  readonly month: string;
  readonly gigJobsOffered: number | null;
  readonly gigWorkerVisits: number | null;
  readonly placements: number | null;
}

/** The month ('YYYY-MM') of an instant on the wall calendar of Asia/Shanghai, where every deadline is read. */
export function monthOf(instant: Date): string {
  return localDateOf(instant).slice(0, 7);
}

/** The month a milestone falls due in: a due date's own month, or the local month of an exact instant. */
export function dueMonthOf(milestone: SeriesMilestone): string {
  return milestone.dueDate !== null ? milestone.dueDate.slice(0, 7) : monthOf(milestone.dueAt as Date);
}

function nextMonth(month: string): string {
  const [year, number] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return number === 12 ? `${year + 1}-01` : `${year}-${String(number + 1).padStart(2, '0')}`;
}

/** Sums each figure over the reports; a figure no report gives stays null rather than becoming 0. */
export function sumFigures(reports: readonly ReportFigures[]): OperatingFigureSums {
  const sum = (pick: (report: ReportFigures) => number | null): number | null => {
    const given = reports.map(pick).filter((value): value is number => value !== null);
    return given.length === 0 ? null : given.reduce((total, value) => total + value, 0);
  };
  return {
    counties: reports.length,
    gigJobsOffered: sum((report) => report.gigJobsOffered),
    gigWorkerVisits: sum((report) => report.gigWorkerVisits),
    placements: sum((report) => report.placements),
  };
}

/** The sums of the latest month any of the reports (at most one per county and month) falls in; null without any. */
export function latestFigures(reports: readonly ReportFigures[]): LatestFigures | null {
  if (reports.length === 0) return null;
  const month = reports.reduce((latest, report) => (report.month > latest ? report.month : latest), reports[0].month);
  return { month, ...sumFigures(reports.filter((report) => report.month === month)) };
}

/**
 * The region month by month from January of the programme's year to December, or to the last month in
 * which a milestone falls due, is completed or has figures reported, if later. Planned and done are
 * cumulative counts of milestones by the end of each month; the figures are each month's own. Months after
 * `asOf`'s have no `done` yet.
 */
export function monthlySeries(
  year: number,
  milestones: readonly SeriesMilestone[],
  reports: readonly ReportFigures[],
  asOf: Date,
): DashboardMonth[] {
  const countBy = (months: readonly string[]) => {
    const counts = new Map<string, number>();
    for (const month of months) counts.set(month, (counts.get(month) ?? 0) + 1);
    return counts;
  };
  const figures = new Map<string, OperatingFigureSums>();
  for (const month of new Set(reports.map((report) => report.month))) {
    figures.set(month, sumFigures(reports.filter((report) => report.month === month)));
  }
  return seriesFromCounts(
    year,
    {
      due: countBy(milestones.map(dueMonthOf)),
      done: countBy(milestones.flatMap((milestone) => (milestone.completedAt ? [monthOf(milestone.completedAt)] : []))),
      figures,
    },
    asOf,
  );
}

/** Counts by month that a series is made of: milestones falling due, milestones completed, figures reported. */
export interface MonthCounts {
  readonly due: ReadonlyMap<string, number>;
  readonly done: ReadonlyMap<string, number>;
  readonly figures: ReadonlyMap<string, OperatingFigureSums>;
}

const NO_FIGURES: OperatingFigureSums = { counties: 0, gigJobsOffered: null, gigWorkerVisits: null, placements: null };

/** The series of `monthlySeries` from counts by month (as the read model keeps them). */
export function seriesFromCounts(year: number, counts: MonthCounts, asOf: Date): DashboardMonth[] {
  const last = [...counts.due.keys(), ...counts.done.keys(), ...counts.figures.keys()].reduce(
    (latest, month) => (month > latest ? month : latest),
    `${year}-12`,
  );
  const cumulative = (byMonth: ReadonlyMap<string, number>, month: string) => {
    let total = 0;
    for (const [at, n] of byMonth) if (at <= month) total += n;
    return total;
  };
  const current = monthOf(asOf);
  const series: DashboardMonth[] = [];
  for (let month = `${year}-01`; month <= last; month = nextMonth(month)) {
    series.push({
      month,
      plannedDue: cumulative(counts.due, month),
      done: month > current ? null : cumulative(counts.done, month),
      figures: counts.figures.get(month) ?? NO_FIGURES,
    });
  }
  return series;
}
