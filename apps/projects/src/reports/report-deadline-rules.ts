import { chineseDate, chineseMonth, localDateOf, type LocalDate, type WorkingDayCalendar } from '@duban/calendar';
import {
  DEFAULT_REMINDER_POLICY,
  asSentence,
  type AnswerableOfficer,
  type OfficerRole,
  reminderPolicySchema,
  type Addressee,
  type Deadline,
  type Notice,
  type ReminderPolicy,
  type Responsible,
} from '@duban/contracts';
import { owesReport, reportDueAt, reportDueDate, type ReportSchedule } from './report-rules';

/**
 * Monthly reports as deadlines (pure): what the projects service announces for the notifications service,
 * which plans and delivers them like any other deadline and notice.
 */

/** Where a county's report lies and who answers for it. */
export interface ReportCounty {
  readonly programmeId: string;
  readonly projectId: string;
  readonly regionCode: string;
  readonly regionName: string;
  readonly cityRegionCode: string | null;
  /** The county's 组长 (领导小组组长), who answers for its reports with the 专班; null while the group has none. */
  readonly leader?: Responsible | null;
}

/** What the programme says about chasing its reports. */
export interface ReportChase {
  readonly year: number;
  readonly reportDueDay: number;
  readonly reportResubmitWorkingDays: number;
  readonly reportReminderPlan: readonly string[] | null;
  readonly reminderPolicy: ReminderPolicy;
  /** When the programme was set up: the months before it owe no report. */
  readonly createdAt: Date;
}

/** Every month of the programme's year. */
export function monthsOfYear(year: number): string[] {
  return Array.from({ length: 12 }, (_, index) => `${year}-${String(index + 1).padStart(2, '0')}`);
}

/** The months a programme's counties report on: those of its year they owe (see `owesReport`). */
export function reportMonths(schedule: Pick<ReportSchedule, 'year' | 'reportDueDay' | 'createdAt'>): string[] {
  return monthsOfYear(schedule.year).filter((month) => owesReport(month, schedule));
}

/** The deadline of a county's report for a month; stable, so a settings change re-announces the same one. */
export function monthDeadlineId(projectId: string, month: string): string {
  return `report:${projectId}:${month}`;
}

/** The day a returned report is due again: the programme's working days after the return's local day. */
export function resubmitDueDate(
  returnedAt: Date,
  resubmitWorkingDays: number,
  calendar: WorkingDayCalendar,
): LocalDate {
  return calendar.addWorkingDays(localDateOf(returnedAt), resubmitWorkingDays);
}

/** The n-th return of a report is a deadline of its own (a new due date, a new plan). */
export function returnDeadlineId(reportId: string, returnNumber: number): string {
  return `report-return:${reportId}:${returnNumber}`;
}

/** How many times the report has been returned, the current return included. */
export function returnCount(history: readonly { action: string }[]): number {
  return history.filter((entry) => entry.action === 'returned').length;
}

/**
 * The programme's reminder policy, except that a report still missing when its day ends escalates to
 * the city at once (escalation 0 working days after the due date, at the due instant). A programme row from
 * before policies were data (its column default, `{}`) follows DESIGN's default policy.
 */
export function reportPolicy(policy: ReminderPolicy): ReminderPolicy {
  const parsed = reminderPolicySchema.safeParse(policy);
  const base = parsed.success ? parsed.data : DEFAULT_REMINDER_POLICY;
  return { ...base, escalation: { ...base.escalation, afterWorkingDaysOverdue: 0 } };
}

const countyOfficers = (county: ReportCounty): Addressee => ({
  kind: 'role',
  role: 'county_officer',
  regionCode: county.regionCode,
});

const cityOfficers = (county: ReportCounty): Addressee | null =>
  county.cityRegionCode ? { kind: 'role', role: 'city_officer', regionCode: county.cityRegionCode } : null;

/** '2023-10' → '2023年10月月报'. */
export function reportTitle(month: string): string {
  return `${chineseMonth(month)}月报`;
}

function deadline(
  county: ReportCounty,
  chase: ReportChase,
  facts: { deadlineId: string; title: string; due: { date: LocalDate; at: Date }; history: boolean },
): Deadline {
  // An exact plan is a list of offsets from an instant: such a deadline is announced by its instant.
  const due = chase.reportReminderPlan ? { at: facts.due.at.toISOString() } : { date: facts.due.date };
  return {
    deadlineId: facts.deadlineId,
    subjectType: 'report',
    subjectId: county.projectId,
    title: facts.title,
    programmeId: county.programmeId,
    projectId: county.projectId,
    regionCode: county.regionCode,
    regionName: county.regionName,
    cityRegionCode: county.cityRegionCode,
    due,
    // The county's 专班 files the report (REPORT_SUBMITTERS): whoever holds the role there; the 组长 answers
    // for it with them (reminded through their account or the group's contacts, ranked by 超时倒查).
    responsible: [countyOfficers(county), ...(county.leader ? [county.leader] : [])],
    countyLeader: county.leader ?? null,
    cityOfficer: cityOfficers(county),
    policy: reportPolicy(chase.reminderPolicy),
    plan: chase.reportReminderPlan ? [...chase.reportReminderPlan] : null,
    history: facts.history,
  };
}

/** The county's report for `month`, due at the end of the programme's report day of that month. */
export function monthDeadline(county: ReportCounty, chase: ReportChase, month: string, history: boolean): Deadline {
  return deadline(county, chase, {
    deadlineId: monthDeadlineId(county.projectId, month),
    title: reportTitle(month),
    due: { date: reportDueDate(month, chase), at: reportDueAt(month, chase) },
    history,
  });
}

/** A returned report, due again at the end of `dueDate` (the programme's working days after the return). */
export function returnDeadline(
  county: ReportCounty,
  chase: ReportChase,
  report: { id: string; month: string; returnNumber: number },
  due: { date: LocalDate; at: Date },
): Deadline {
  return deadline(county, chase, {
    deadlineId: returnDeadlineId(report.id, report.returnNumber),
    title: `${reportTitle(report.month)}（退回后重新报送）`,
    due,
    history: false,
  });
}

/** A (re)submission tells the city's officers there is a report to review. */
export function submittedNotice(
  county: ReportCounty,
  report: { id: string; month: string; late: boolean; step: number; resubmission: boolean },
): Notice | null {
  const city = cityOfficers(county);
  if (!city) return null;
  const what = `${county.regionName}${reportTitle(report.month)}`;
  return {
    noticeId: `report-submitted:${report.id}:${report.step}`,
    subjectType: 'report',
    subjectId: county.projectId,
    projectId: county.projectId,
    regionCode: county.regionCode,
    title: report.resubmission ? `【月报待审】${what}已重新报送` : `【月报待审】${what}已报送`,
    body: `${what}已${report.resubmission ? '重新' : ''}报送${report.late ? '（逾期报送）' : ''}，请及时审核（通过或退回并说明意见）。`,
    recipients: [city],
  };
}

/** A return tells the county's officers what to fix and by when. */
export function returnedNotice(
  county: ReportCounty,
  report: { id: string; month: string; step: number; comment: string; by: string },
  dueDate: LocalDate,
): Notice {
  const what = `${county.regionName}${reportTitle(report.month)}`;
  return {
    noticeId: `report-returned:${report.id}:${report.step}`,
    subjectType: 'report',
    subjectId: county.projectId,
    projectId: county.projectId,
    regionCode: county.regionCode,
    title: `【月报退回】${what}被退回`,
    body: `${what}被${report.by}退回，意见：${asSentence(report.comment)}请修改后于${chineseDate(dueDate)}（当日24时前）重新报送。`,
    recipients: [countyOfficers(county)],
  };
}

/** Who answers for a county's report in 超时倒查: the group's 组长 (the 专班 files it under the role, unnamed). */
export function reportAnswerable(
  group: readonly { id: string; name: string; role: OfficerRole; username: string | null }[],
): AnswerableOfficer[] {
  return group
    .filter((officer) => officer.role === 'leader')
    .map((officer) => ({ officerId: officer.id, name: officer.name, role: officer.role, username: officer.username }));
}

/** The group's 组长 as a deadline names them: by account when they have one, by the group's contacts otherwise. */
export function leaderOf(group: readonly { id: string; name: string; role: string; username: string | null }[]) {
  const leader = group.find((officer) => officer.role === 'leader');
  return leader
    ? ({ kind: 'officer', officerId: leader.id, name: leader.name, username: leader.username } satisfies Responsible)
    : null;
}
