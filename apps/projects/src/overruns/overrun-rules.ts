import { endOfLocalDay, localDateOf, parseLocalDate, type LocalDate, type WorkingDayCalendar } from '@duban/calendar';
import {
  compareOverruns,
  type AnswerableOfficer,
  type CountyOverruns,
  type OfficerOverruns,
  type OverrunFigures,
  type OverrunItem,
} from '@duban/contracts';

/** A milestone's one deadline: a local due date (due at the end of that day) or an exact instant. */
export interface DeadlineOf {
  readonly dueDate: string | null;
  readonly dueAt: Date | null;
}

/** The instant a milestone falls due: the end of its due day (Asia/Shanghai) or its exact instant. */
export function deadlineInstant(due: DeadlineOf): Date {
  return due.dueDate !== null ? endOfLocalDay(parseLocalDate(due.dueDate)) : (due.dueAt as Date);
}

/** The local day a deadline falls due on: its due date, or the local date of an instant's last moment (as the status light reads it). */
export function dueDayOf(due: DeadlineOf): LocalDate {
  return due.dueDate !== null ? parseLocalDate(due.dueDate) : localDateOf(new Date((due.dueAt as Date).getTime() - 1));
}

/**
 * Working days late at `at` (a completion, or now for an open milestone): 0 until the deadline has passed;
 * after it, the working days from the due day to `at`'s day, counting `at`'s day and not the due day
 * (`workingDaysBetween`), and at least 1: work finished on a weekend after a Friday deadline, or an hour past
 * an exact instant, is late all the same, by the first working day it took.
 */
export function workingDaysLate(due: DeadlineOf, at: Date, calendar: WorkingDayCalendar): number {
  if (at.getTime() < deadlineInstant(due).getTime()) return 0;
  return Math.max(1, calendar.workingDaysBetween(dueDayOf(due), localDateOf(at)));
}

const ZERO: OverrunFigures = { count: 0, open: 0, totalWorkingDaysLate: 0, worstWorkingDaysLate: 0 };

function add(figures: OverrunFigures, item: OverrunItem): OverrunFigures {
  return {
    count: figures.count + 1,
    open: figures.open + (item.status === 'done' ? 0 : 1),
    totalWorkingDaysLate: figures.totalWorkingDaysLate + item.workingDaysLate,
    worstWorkingDaysLate: Math.max(figures.worstWorkingDaysLate, item.workingDaysLate),
  };
}

/** The counties under the report, with the project each has (if any). */
export interface CountyRef {
  readonly regionCode: string;
  readonly regionName: string;
  readonly projectId: string | null;
}

/**
 * The ranking from the late items: every county of the region (one without overruns has zeros, so the table
 * shows who was on time too) and every officer who answered for a late item, each sorted by total working
 * days late, then the worst, then the count, and given its place (名次: equal figures share one).
 */
export function rankOverruns(
  items: readonly OverrunItem[],
  counties: readonly CountyRef[],
): { total: OverrunFigures; counties: CountyOverruns[]; officers: OfficerOverruns[] } {
  const late = items.filter((item) => item.workingDaysLate > 0);
  const byCounty = new Map<string, Unranked<CountyOverruns>>(
    counties.map((county) => [county.regionCode, { ...county, ...ZERO }]),
  );
  const byOfficer = new Map<string, Unranked<OfficerOverruns>>();
  let total = ZERO;
  for (const item of late) {
    total = add(total, item);
    const county = byCounty.get(item.regionCode) ?? {
      regionCode: item.regionCode,
      regionName: item.regionName,
      projectId: item.projectId,
      ...ZERO,
    };
    byCounty.set(item.regionCode, { ...county, ...add(county, item) });
    for (const officer of uniqueOfficers(item.answerable)) {
      const before = byOfficer.get(officer.officerId) ?? {
        ...officer,
        regionCode: item.regionCode,
        regionName: item.regionName,
        ...ZERO,
      };
      byOfficer.set(officer.officerId, { ...before, ...add(before, item) });
    }
  }
  return { total, counties: ranked([...byCounty.values()]), officers: ranked([...byOfficer.values()]) };
}

type Unranked<T> = Omit<T, 'rank'>;

/** Sorted by `compareOverruns` (ties by region code, for a stable order) and placed: equal figures share a 名次. */
export function ranked<T extends OverrunFigures & { readonly regionCode: string }>(
  rows: T[],
): (T & { rank: number })[] {
  const sorted = [...rows].sort((a, b) => compareOverruns(a, b) || a.regionCode.localeCompare(b.regionCode));
  const placed: (T & { rank: number })[] = [];
  sorted.forEach((row, index) => {
    const before = placed[index - 1];
    const rank = before && compareOverruns(before, row) === 0 ? before.rank : index + 1;
    placed.push({ ...row, rank });
  });
  return placed;
}

function uniqueOfficers(officers: readonly AnswerableOfficer[]): AnswerableOfficer[] {
  return [...new Map(officers.map((officer) => [officer.officerId, officer])).values()];
}
