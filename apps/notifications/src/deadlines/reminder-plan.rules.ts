import { atLocalTime, type LocalDate, type WorkingDayCalendar } from '@duban/calendar';
import { parseIsoOffset, type ReminderPolicy } from '@duban/contracts';
import { recipientKey, type Recipient } from '../recipients/recipient.rules';
import { dueLocalDate, type DeadlineFacts } from './deadline.rules';

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
 * - `escalation`: `afterWorkingDaysOverdue` (5) working days after the due date, to the city officer.
 *
 * An exact plan (`-PT10S`, `PT0S`, `PT5S` from `dueAt`) fires at those instants instead: stage
 * `offset-<offset>`; offsets up to 0 go to the before-due recipients, later ones are overdue alerts (overdue
 * recipients, the 组长 among them), and the last later one is also the escalation (escalation recipients).
 *
 * A stage whose instant is already more than `lateGraceMs` past when it is planned is recorded as
 * `skipped`, as is every stage of a `history` deadline: loading the past never floods anyone.
 */

export interface PlannedStage {
  readonly stage: string;
  readonly fireAt: Date;
  readonly recipients: readonly Recipient[];
  readonly state: 'planned' | 'skipped';
}

export interface PlanContext {
  readonly calendar: WorkingDayCalendar;
  readonly now: Date;
  readonly lateGraceMs: number;
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
  if (stage.startsWith('overdue-')) return policy.overdue.recipients;
  if (stage.startsWith('offset-')) {
    const offset = parseIsoOffset(stage.slice('offset-'.length));
    const milliseconds = offset.ok ? offset.milliseconds : 0;
    if (milliseconds <= 0) return policy.beforeDue.recipients;
    const lastLater = Math.max(...(deadline.plan ?? []).map(offsetMs));
    return milliseconds === lastLater
      ? [...policy.overdue.recipients, ...policy.escalation.recipients]
      : policy.overdue.recipients;
  }
  return policy.beforeDue.recipients;
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
  add('escalation', calendar.addWorkingDays(due, policy.escalation.afterWorkingDaysOverdue));

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
  const stage = `overdue-${k}`;
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

/** `overdue-3` → 3; any other stage → null. */
export function overdueNumber(stage: string): number | null {
  const match = /^overdue-(\d+)$/.exec(stage);
  return match ? Number(match[1]) : null;
}
