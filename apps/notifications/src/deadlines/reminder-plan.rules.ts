import { atLocalTime, localDateOf, type LocalDate, type WorkingDayCalendar } from '@duban/calendar';
import { parseIsoOffset, type ReminderPolicy } from '@duban/contracts';
import { recipientKey, type Recipient } from '../recipients/recipient.rules';
import { dueLocalDate, type DeadlineFacts } from './deadline.rules';
import { plannedMessage, type StageMessage } from './reminder-message.rules';

/**
 * The reminder stages of a deadline (DESIGN "Reminder policy", rule 7), as pure functions of the deadline,
 * the working-day calendar and "now".
 *
 * Policy stages, each at the policy's `sendAt` (09:00 Asia/Shanghai) on a working day:
 * - `before-<n>wd`: n working days before the due date (7, 3, 1), to the responsible officers;
 * - `due-day`: on the due date when it is a working day (a due date on a day off gets none: the
 *   `before-1wd` reminder on the last working day before it already names the date);
 * - `overdue-<k>`: the first `afterWorkingDays` (1) working days after the due date, then every
 *   `repeatEveryWorkingDays` (3) working days, to the responsible officers and the county's 组长. Repetition
 *   goes on while the deadline is open: only the next one is materialised, and firing it plans the one after;
 * - `escalation`: `afterWorkingDaysOverdue` (5) working days after the due date, to the city officer; 0
 *   escalates at the due instant itself (a monthly report still missing when its day ends).
 *
 * An exact plan (`-PT10S`, `PT0S`, `PT5S` from `dueAt`) fires at those instants instead: stage
 * `offset-<offset>`; offsets up to 0 go to the before-due recipients, later ones are overdue alerts (overdue
 * recipients, the 组长 among them), and the last later one is also the escalation (escalation recipients);
 * with escalation at the due instant, the offset 0 is the escalation instead.
 *
 * A stage whose instant is already more than `lateGraceMs` past when it is planned is recorded as
 * `skipped`, as is every stage of a `history` deadline: loading the past never floods anyone. A stage that
 * an earlier plan of the deadline already sent at the same instant is `sent` again, not planned
 * (`carryOverSent`): a reopen or a reschedule never reminds anyone twice of the same stage.
 *
 * In a year without a holiday table the calendar answers Monday–Friday (a guess): `assumedCalendarYears`
 * names those years of a plan, so it can be flagged and re-planned when the table arrives.
 */

export interface PlannedStage {
  readonly stage: string;
  readonly fireAt: Date;
  readonly recipients: readonly Recipient[];
  readonly state: 'planned' | 'skipped' | 'sent';
  /** A stage carried over as sent: when the earlier plan sent it. */
  readonly sentAt?: Date | null;
  /** A planned stage's words and link for its instant (`withMessages`): what its firing sends if on time. */
  readonly message?: StageMessage | null;
}

/** A stage some plan of the deadline has sent: its name and instant, and whom it reminded. */
export interface SentStage {
  readonly version: number;
  readonly stage: string;
  readonly fireAt: Date;
  readonly recipients: readonly Recipient[];
  readonly sentAt: Date | null;
}

export interface PlanContext {
  readonly calendar: WorkingDayCalendar;
  readonly now: Date;
  readonly lateGraceMs: number;
  /**
   * Stages due by this instant (a timer's reach from `now`, `NotificationsConfig.reachFrom`) get their words now
   * (`withMessages`); later ones when their instant comes within reach (`ReminderWords`). Absent: none do.
   */
  readonly wordsUntil?: Date;
}

type Audience = ReminderPolicy['beforeDue']['recipients'];

/** Overdue repetitions looked at in one go at most (a century of working days is far beyond any deadline). */
const MAX_OVERDUE_STEPS = 10_000;

export function resolveRecipients(deadline: DeadlineFacts, audience: Audience): Recipient[] {
  const seen = new Map<string, Recipient>();
  for (const group of audience) {
    const members =
      group === 'responsible'
        ? deadline.responsible
        : group === 'county_leader'
          ? deadline.countyLeader
            ? [deadline.countyLeader]
            : []
          : deadline.cityOfficer
            ? [deadline.cityOfficer]
            : [];
    for (const member of members) if (!seen.has(recipientKey(member))) seen.set(recipientKey(member), member);
  }
  return [...seen.values()];
}

export function planStages(deadline: DeadlineFacts, context: PlanContext): PlannedStage[] {
  const stages = deadline.plan ? exactStages(deadline) : policyStages(deadline, context);
  const cutoff = context.now.getTime() - context.lateGraceMs;
  return stages
    .map((stage) => ({
      ...stage,
      state: deadline.history || stage.fireAt.getTime() <= cutoff ? ('skipped' as const) : ('planned' as const),
    }))
    .sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime() || a.stage.localeCompare(b.stage));
}

/** The audience of a recipient list that the policy names for a stage. */
export function audienceOf(deadline: DeadlineFacts, stage: string): Audience {
  const { policy } = deadline;
  if (stage === 'escalation') return policy.escalation.recipients;
  if (stage.startsWith(OVERDUE_STAGE_PREFIX)) return policy.overdue.recipients;
  if (stage.startsWith('offset-')) {
    const offset = parseIsoOffset(stage.slice('offset-'.length));
    const milliseconds = offset.ok ? offset.milliseconds : 0;
    // Escalation at the due instant (0 working days overdue, as for monthly reports): the instant itself
    // escalates, and what comes later is only overdue.
    if (escalatesAtDue(deadline)) {
      if (milliseconds < 0) return policy.beforeDue.recipients;
      if (milliseconds === 0) return [...policy.beforeDue.recipients, ...policy.escalation.recipients];
      return policy.overdue.recipients;
    }
    if (milliseconds <= 0) return policy.beforeDue.recipients;
    const lastLater = Math.max(...(deadline.plan ?? []).map(offsetMs));
    return milliseconds === lastLater
      ? [...policy.overdue.recipients, ...policy.escalation.recipients]
      : policy.overdue.recipients;
  }
  return policy.beforeDue.recipients;
}

/** A policy escalating 0 working days after the due date escalates at the due instant itself. */
export function escalatesAtDue(deadline: Pick<DeadlineFacts, 'policy'>): boolean {
  return deadline.policy.escalation.afterWorkingDaysOverdue === 0;
}

function offsetMs(text: string): number {
  const result = parseIsoOffset(text);
  return result.ok ? result.milliseconds : Number.NEGATIVE_INFINITY;
}

function exactStages(deadline: DeadlineFacts): Omit<PlannedStage, 'state'>[] {
  return (deadline.plan ?? []).map((offset) => {
    const stage = `offset-${offset}`;
    return {
      stage,
      fireAt: new Date(deadline.dueAt.getTime() + offsetMs(offset)),
      recipients: resolveRecipients(deadline, audienceOf(deadline, stage)),
    };
  });
}

function at(deadline: DeadlineFacts, date: LocalDate): Date {
  return atLocalTime(date, deadline.policy.sendAt, deadline.policy.timeZone);
}

function policyStages(deadline: DeadlineFacts, context: PlanContext): Omit<PlannedStage, 'state'>[] {
  const { policy } = deadline;
  const { calendar } = context;
  const due = dueLocalDate(deadline);
  const stages: Omit<PlannedStage, 'state'>[] = [];
  const add = (stage: string, date: LocalDate) =>
    stages.push({
      stage,
      fireAt: at(deadline, date),
      recipients: resolveRecipients(deadline, audienceOf(deadline, stage)),
    });

  for (const n of [...new Set(policy.beforeDue.workingDaysBefore)])
    add(`before-${n}wd`, calendar.addWorkingDays(due, -n));
  if (policy.beforeDue.onDueDay && calendar.isWorkingDay(due)) add('due-day', due);
  if (escalatesAtDue(deadline)) {
    stages.push({
      stage: 'escalation',
      fireAt: deadline.dueAt,
      recipients: resolveRecipients(deadline, audienceOf(deadline, 'escalation')),
    });
  } else add('escalation', calendar.addWorkingDays(due, policy.escalation.afterWorkingDaysOverdue));

  // The first overdue alert always has its row (sent, planned or skipped), so the schedule shows it; after
  // that only the next repetition still ahead is materialised.
  const first = overdueStage(deadline, calendar, 1);
  stages.push(first);
  if (!deadline.history && first.fireAt.getTime() <= context.now.getTime() - context.lateGraceMs) {
    const next = nextOverdueStage(deadline, calendar, 1, new Date(context.now.getTime() - context.lateGraceMs));
    if (next) stages.push(next);
  }
  return stages;
}

/** The k-th overdue alert (k ≥ 1). */
export function overdueStage(
  deadline: DeadlineFacts,
  calendar: WorkingDayCalendar,
  k: number,
): Omit<PlannedStage, 'state'> {
  const { overdue } = deadline.policy;
  const date = calendar.addWorkingDays(
    dueLocalDate(deadline),
    overdue.afterWorkingDays + (k - 1) * overdue.repeatEveryWorkingDays,
  );
  const stage = `${OVERDUE_STAGE_PREFIX}${k}`;
  return { stage, fireAt: at(deadline, date), recipients: resolveRecipients(deadline, audienceOf(deadline, stage)) };
}

/** The first overdue repetition after the k-th whose instant is later than `after`; null for an exact plan. */
export function nextOverdueStage(
  deadline: DeadlineFacts,
  calendar: WorkingDayCalendar,
  k: number,
  after: Date,
): Omit<PlannedStage, 'state'> | null {
  if (deadline.plan) return null;
  for (let next = k + 1; next <= k + MAX_OVERDUE_STEPS; next++) {
    const stage = overdueStage(deadline, calendar, next);
    if (stage.fireAt.getTime() > after.getTime()) return stage;
  }
  return null;
}

/** What every overdue alert's stage begins with: `overdue-<k>`. */
export const OVERDUE_STAGE_PREFIX = 'overdue-';

/** `overdue-3` → 3; any other stage → null. */
export function overdueNumber(stage: string): number | null {
  if (!stage.startsWith(OVERDUE_STAGE_PREFIX)) return null;
  const k = stage.slice(OVERDUE_STAGE_PREFIX.length);
  return /^\d+$/.test(k) ? Number(k) : null;
}

/** The sent stages (of other plans) that are `stage` at the same instant. */
function sameStage(stage: { stage: string; fireAt: Date }, sent: readonly SentStage[]): SentStage[] {
  return sent.filter((row) => row.stage === stage.stage && row.fireAt.getTime() === stage.fireAt.getTime());
}

/**
 * The recipients of a stage not yet reminded of it: those that no other plan of the deadline reminded of
 * the same stage at the same instant. Dedupe is per (deadline, stage, instant, recipient), whatever the plan
 * version: a reopen or reschedule that plans the stage again at the same instant reaches only newcomers.
 */
export function stillToRemind(
  stage: { stage: string; fireAt: Date; recipients: readonly Recipient[] },
  sent: readonly SentStage[],
): Recipient[] {
  const reminded = new Set(sameStage(stage, sent).flatMap((row) => row.recipients.map(recipientKey)));
  return stage.recipients.filter((recipient) => !reminded.has(recipientKey(recipient)));
}

/**
 * A new plan's stages, with those that an earlier plan already sent at the same instant to everyone this one
 * names recorded as `sent` (at the time they were), instead of planned or skipped.
 */
export function carryOverSent(stages: readonly PlannedStage[], sent: readonly SentStage[]): PlannedStage[] {
  return stages.map((stage) => {
    const before = sameStage(stage, sent);
    if (before.length === 0 || stillToRemind(stage, sent).length > 0) return stage;
    const times = before.map((row) => row.sentAt?.getTime() ?? Number.POSITIVE_INFINITY);
    const first = Math.min(...times);
    return { ...stage, state: 'sent' as const, sentAt: Number.isFinite(first) ? new Date(first) : null };
  });
}

/**
 * A new plan made because the calendar changed (a year's holiday table loaded or replaced), not the
 * deadline: a stage the current plan (`version`) already sent stays sent where and when it went out, even if
 * the new working days would put it elsewhere, so nobody is reminded of the same stage twice. The others
 * move to the new working days. Overdue repetition then goes on after the last one sent (`continueOverdue`).
 */
export function keepSentOnRecalendar(
  stages: readonly PlannedStage[],
  sent: readonly SentStage[],
  version: number,
): PlannedStage[] {
  const current = new Map(sent.filter((row) => row.version === version).map((row) => [row.stage, row]));
  return stages.map((stage) => {
    const before = current.get(stage.stage);
    if (!before) return stage;
    return { ...stage, fireAt: before.fireAt, state: 'sent' as const, sentAt: before.sentAt };
  });
}

/**
 * Overdue repetition goes on while the deadline is open, one row ahead: if the plan's latest overdue alert
 * was carried over as sent (an earlier plan sent it at the same instant), the next repetition is planned
 * after it, else nothing would ever plan it again.
 */
export function continueOverdue(
  deadline: DeadlineFacts,
  stages: readonly PlannedStage[],
  sent: readonly SentStage[],
  context: PlanContext,
): PlannedStage[] {
  const result = [...stages];
  if (deadline.plan || deadline.history) return result;
  const cutoff = context.now.getTime() - context.lateGraceMs;
  for (let guard = 0; guard < MAX_OVERDUE_STEPS; guard++) {
    const latest = result
      .map((stage) => ({ stage, k: overdueNumber(stage.stage) }))
      .filter((entry): entry is { stage: PlannedStage; k: number } => entry.k !== null)
      .sort((a, b) => b.k - a.k)[0];
    if (!latest || latest.stage.state !== 'sent') break;
    const after = new Date(Math.max(latest.stage.fireAt.getTime(), cutoff));
    const next = nextOverdueStage(deadline, context.calendar, latest.k, after);
    if (!next) break;
    result.push(...carryOverSent([{ ...next, state: 'planned' }], sent));
  }
  return result;
}

/**
 * The years of a plan for which the calendar had no holiday table (and answered Monday–Friday): those from
 * the due date to the farthest stage, since every working-day count of the plan walks between them. None for
 * an exact plan (instants, no calendar) or a history deadline (nothing of it will fire).
 */
export function assumedCalendarYears(
  deadline: DeadlineFacts,
  stages: readonly { readonly fireAt: Date }[],
  calendar: WorkingDayCalendar,
): number[] {
  if (deadline.plan || deadline.history) return [];
  const dates = [dueLocalDate(deadline), ...stages.map((stage) => localDateOf(stage.fireAt, deadline.policy.timeZone))];
  dates.sort();
  return calendar.uncoveredYearsBetween(dates[0] as LocalDate, dates[dates.length - 1] as LocalDate);
}

/** A deadline's next plan version: its stages and the years it had to assume. */
export interface NextPlan {
  readonly stages: PlannedStage[];
  readonly assumedCalendarYears: number[];
}

/**
 * The next plan of an open deadline whose planned stages are cancelled: stages on today's calendar, those an
 * earlier plan already sent at the same instant carried over as sent (on a calendar change, those the current
 * plan `planVersion` sent at all), overdue repetition continued after the last one sent. The one planner of
 * both paths: one deadline after its event (DeadlinePlanning) and a programme's deadlines at once after a
 * policy change (ProgrammePolicyReplanning), so both plan exactly alike.
 */
export function nextPlan(
  deadline: DeadlineFacts,
  planVersion: number,
  sentBefore: readonly SentStage[],
  context: PlanContext,
  options: { recalendar?: boolean } = {},
): NextPlan {
  const planned = planStages(deadline, context);
  const kept = options.recalendar ? keepSentOnRecalendar(planned, sentBefore, planVersion) : planned;
  const stages = continueOverdue(deadline, carryOverSent(kept, sentBefore), sentBefore, context);
  return {
    stages:
      context.wordsUntil === undefined ? stages : withMessages(deadline, stages, context.calendar, context.wordsUntil),
    assumedCalendarYears: assumedCalendarYears(deadline, stages, context.calendar),
  };
}

/**
 * The planned ones of `stages` due by `until` with the words each will say at its instant (`plannedMessage`), which
 * the firing of a large instant writes to the inbox as they are. Only those: a plan's later stages are often planned
 * again before they come (a policy edit re-plans a programme's 100,000), so their words are written when their
 * instant comes near (`ReminderWords`). A stage skipped or already sent says nothing more.
 */
export function withMessages(
  deadline: DeadlineFacts,
  stages: readonly PlannedStage[],
  calendar: WorkingDayCalendar,
  until: Date,
): PlannedStage[] {
  return stages.map((stage) => {
    const message = stage.state === 'planned' ? messageWithin(deadline, stage, calendar, until) : null;
    return message ? { ...stage, message } : stage;
  });
}

/** A planned stage's words if its instant is within reach (by `until`); none yet if it is later. */
export function messageWithin(
  deadline: DeadlineFacts,
  stage: { readonly stage: string; readonly fireAt: Date },
  calendar: WorkingDayCalendar,
  until: Date,
): StageMessage | null {
  return stage.fireAt.getTime() <= until.getTime()
    ? plannedMessage(deadline, stage.stage, stage.fireAt, calendar)
    : null;
}
