import { localDateOf, type WorkingDayCalendar } from '@duban/calendar';
import { AGENDA_UPCOMING_LIMIT, type AgendaItem } from '@duban/contracts';
import { deadlineInstant, dueDayOf, workingDaysLate, type DeadlineOf } from '../overruns/overrun-rules';
import { reportMonths, reportTitle } from '../reports/report-deadline-rules';
import { reportDueAt, reportDueDate, type ReportSchedule } from '../reports/report-rules';

/** An open milestone as the agenda lists it. */
export interface AgendaMilestone extends DeadlineOf {
  readonly id: string;
  readonly title: string;
}

/** Something with a deadline, before it is sorted into upcoming and overdue. */
interface Due {
  readonly kind: AgendaItem['kind'];
  readonly milestoneId: string | null;
  readonly month: string | null;
  readonly title: string;
  readonly deadline: DeadlineOf;
}

/**
 * The months the programme owes (`reportMonths`) whose report is not filed, each due at the end of the
 * programme's report day. Of those still to come only the next one is listed: the county files one report a
 * month, and eleven future months would bury what matters today.
 */
export function unfiledReports(
  schedule: Pick<ReportSchedule, 'year' | 'reportDueDay' | 'createdAt'>,
  filedMonths: ReadonlySet<string>,
  now: Date,
): Due[] {
  const unfiled = reportMonths(schedule)
    .filter((month) => !filedMonths.has(month))
    .map((month) => ({
      kind: 'report' as const,
      milestoneId: null,
      month,
      title: reportTitle(month),
      deadline: { dueDate: reportDueDate(month, schedule), dueAt: null },
    }));
  const past = unfiled.filter((due) => reportDueAt(due.month, schedule).getTime() <= now.getTime());
  const next = unfiled.find((due) => reportDueAt(due.month, schedule).getTime() > now.getTime());
  return next ? [...past, next] : past;
}

export function milestoneDues(milestones: readonly AgendaMilestone[]): Due[] {
  return milestones.map((milestone) => ({
    kind: 'milestone',
    milestoneId: milestone.id,
    month: null,
    title: milestone.title,
    deadline: milestone,
  }));
}

/**
 * Sorts what is due into upcoming (soonest first, with the working days left until the due day) and
 * overdue (longest overdue first, with the working days late, counted as 超时倒查 counts them).
 */
export function agendaOf(
  dues: readonly Due[],
  now: Date,
  calendar: WorkingDayCalendar,
): { upcoming: AgendaItem[]; overdue: AgendaItem[] } {
  const today = localDateOf(now);
  const item = (due: Due, workingDays: number): AgendaItem => ({
    kind: due.kind,
    milestoneId: due.milestoneId,
    month: due.month,
    title: due.title,
    dueAt: deadlineInstant(due.deadline).toISOString(),
    dueDay: dueDayOf(due.deadline),
    exact: due.deadline.dueDate === null,
    workingDays,
  });
  const byDue = [...dues].sort((a, b) => deadlineInstant(a.deadline).getTime() - deadlineInstant(b.deadline).getTime());
  const isPast = (due: Due) => deadlineInstant(due.deadline).getTime() <= now.getTime();
  return {
    upcoming: byDue
      .filter((due) => !isPast(due))
      .slice(0, AGENDA_UPCOMING_LIMIT)
      .map((due) => item(due, calendar.workingDaysBetween(today, dueDayOf(due.deadline)))),
    overdue: byDue.filter(isPast).map((due) => item(due, workingDaysLate(due.deadline, now, calendar))),
  };
}
