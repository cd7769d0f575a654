import { endOfLocalDay, localDate, localDateOf, type LocalDate } from '@duban/calendar';
import {
  OPERATING_FIGURE_LABELS,
  OPERATING_FIGURES,
  owesMonthlyReport,
  type FieldError,
  type MonthlyReportStatus,
  type OperatingFigure,
} from '@duban/contracts';

/** What a programme says about its monthly reports. */
export interface ReportSchedule {
  /** The programme's year. */
  readonly year: number;
  /** Day of the month by which that month's report is due (1–28). */
  readonly reportDueDay: number;
  /** From this month of the programme's year on, the operating figures are required (10 = October). */
  readonly operatingFiguresFromMonth: number;
  /** When the programme was set up: the months before it owe no report (see `owesReport`). */
  readonly createdAt: Date;
}

function monthParts(month: string): { year: number; month: number } {
  return { year: Number(month.slice(0, 4)), month: Number(month.slice(5, 7)) };
}

function formatMonth(year: number, month: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/**
 * The late rule. The report for month M ('YYYY-MM') is due on day `reportDueDay` of M itself (the
 * programme's due day 25 makes 2023-10's report due on 2023-10-25), a local date in Asia/Shanghai that
 * falls due at the END of that day (DESIGN rule 7), i.e. at the next local midnight.
 */
export function reportDueDate(month: string, schedule: Pick<ReportSchedule, 'reportDueDay'>): LocalDate {
  const parts = monthParts(month);
  return localDate(parts.year, parts.month, schedule.reportDueDay);
}

/** The instant the report for `month` falls due: 2023-10-26T00:00+08:00 for 2023-10 with due day 25. */
export function reportDueAt(month: string, schedule: Pick<ReportSchedule, 'reportDueDay'>): Date {
  return endOfLocalDay(reportDueDate(month, schedule));
}

/** Whether the counties owe the report for `month`: see `owesMonthlyReport` (the months before a set-up do not). */
export function owesReport(
  month: string,
  schedule: Pick<ReportSchedule, 'year' | 'reportDueDay' | 'createdAt'>,
): boolean {
  return owesMonthlyReport(month, schedule, localDateOf(schedule.createdAt));
}

/**
 * A report is late when it is owed and first submitted at or after its due instant, that is on a later local
 * day than the due day; on the due day itself, up to 23:59:59.999 local, it is on time. Only the FIRST
 * submission counts: a resubmission after the city returns a report does not make it late.
 */
export function isLate(
  month: string,
  schedule: Pick<ReportSchedule, 'year' | 'reportDueDay' | 'createdAt'>,
  submittedAt: Date,
): boolean {
  return owesReport(month, schedule) && submittedAt.getTime() >= reportDueAt(month, schedule).getTime();
}

/** The month ('YYYY-MM') an instant falls in, Asia/Shanghai. */
export function localMonthOf(instant: Date): string {
  return localDateOf(instant).slice(0, 7);
}

/**
 * The October rule: from the programme's `operatingFiguresFromMonth` of its year on (10 → from 2023-10 for
 * 2023, and every month after, into the next year), the market is running and the three operating
 * figures are required; before it they are optional.
 */
export function operatingFiguresRequired(
  month: string,
  schedule: Pick<ReportSchedule, 'year' | 'operatingFiguresFromMonth'>,
): boolean {
  return month >= formatMonth(schedule.year, schedule.operatingFiguresFromMonth);
}

/** One error per operating figure the month requires and the report leaves out, each naming its field. */
export function missingOperatingFigures(
  month: string,
  schedule: Pick<ReportSchedule, 'year' | 'operatingFiguresFromMonth'>,
  figures: Readonly<Partial<Record<OperatingFigure, number | null>>>,
): FieldError[] {
  if (!operatingFiguresRequired(month, schedule)) return [];
  return OPERATING_FIGURES.filter((field) => figures[field] === undefined || figures[field] === null).map((field) => ({
    field,
    message: `自${schedule.year}年${schedule.operatingFiguresFromMonth}月起须填报${OPERATING_FIGURE_LABELS[field]}（非负整数）`,
  }));
}

/**
 * A report may be filed for a month of the programme's year or later, up to the current month: a report
 * for a month that has not begun yet cannot say what was done in it.
 */
export function invalidReportMonth(month: string, schedule: Pick<ReportSchedule, 'year'>, now: Date): FieldError[] {
  if (month < formatMonth(schedule.year, 1)) {
    return [{ field: 'month', message: `月份不能早于${schedule.year}年1月（民生实事项目年度）` }];
  }
  if (month > localMonthOf(now)) {
    return [{ field: 'month', message: '不能报送尚未开始的月份的月报' }];
  }
  return [];
}

/** What may be done to a report once it exists. Submitting a new one is `submit`, checked by uniqueness. */
export type ReportCommand = 'resubmit' | 'return' | 'accept';

export type Transition =
  { readonly allowed: true; readonly next: MonthlyReportStatus } | { readonly allowed: false; readonly reason: string };

const ACCEPTED_IS_FINAL = '该月报已审核通过，不能再修改、退回或重新报送';

/**
 * The cycle: submitted → returned (with a comment) → submitted again (resubmitted) → … → accepted, which
 * is final. The county may also correct a submitted report before the city reviews it. A table rather than
 * branches, so the compiler checks that every status has an answer for every command.
 */
const TRANSITIONS: Readonly<Record<ReportCommand, Readonly<Record<MonthlyReportStatus, Transition>>>> = {
  resubmit: {
    submitted: { allowed: true, next: 'submitted' },
    returned: { allowed: true, next: 'submitted' },
    accepted: { allowed: false, reason: ACCEPTED_IS_FINAL },
  },
  return: {
    submitted: { allowed: true, next: 'returned' },
    returned: { allowed: false, reason: '该月报已退回，须县级专班修改后重新报送' },
    accepted: { allowed: false, reason: ACCEPTED_IS_FINAL },
  },
  accept: {
    submitted: { allowed: true, next: 'accepted' },
    returned: { allowed: false, reason: '该月报已退回，须县级专班重新报送后才能审核通过' },
    accepted: { allowed: false, reason: '该月报已审核通过' },
  },
};

export function transition(status: MonthlyReportStatus, command: ReportCommand): Transition {
  return TRANSITIONS[command][status];
}
