import {
  MILESTONE_STATUS_LABELS,
  notificationStageKind,
  owesMonthlyReport,
  type MilestoneView,
  type ProgrammeView,
  type ProjectView,
  type ReminderStageView,
} from '@duban/contracts';
import { localDateOf } from '@duban/calendar';
import { UID_DOMAIN, type Alarms, type DueDayEvent } from './calendar-feed';

/**
 * The programme's reminder policy as calendar alarms when the notifications service's own plan is not to
 * be had: its working days before the due day, read as calendar days (an app knows no holiday table).
 */
export function policyAlarms(programme: Pick<ProgrammeView, 'reminderPolicy'> | null): Alarms {
  const days = programme?.reminderPolicy.beforeDue.workingDaysBefore ?? [7, 3, 1];
  return { daysBefore: [...days] };
}

/** The planned reminders before a deadline and on its day (not the overdue ones) as alarms at their instants. */
export function plannedAlarms(stages: readonly ReminderStageView[]): Alarms | null {
  const before = stages.filter((stage) => {
    const kind = notificationStageKind(stage.stage);
    return (kind === 'before' || kind === 'due') && stage.state !== 'cancelled';
  });
  return before.length > 0 ? { at: before.map((stage) => new Date(stage.fireAt)) } : null;
}

/** A milestone's due day: its local date, or the local date (Asia/Shanghai) of its exact instant. */
export function milestoneDueDay(milestone: Pick<MilestoneView, 'dueDate' | 'dueAt'>): string {
  if (milestone.dueDate) return milestone.dueDate;
  if (milestone.dueAt) return localDateOf(new Date(milestone.dueAt));
  throw new Error('a milestone has neither dueDate nor dueAt');
}

/**
 * A milestone as an event: UID from its id (it never changes), SEQUENCE from its version (the projects
 * service raises it with every change, a moved due date included), so an app updates the event in place.
 */
export function milestoneEvent(project: ProjectView, milestone: MilestoneView, alarms: Alarms): DueDayEvent {
  const exact = milestone.dueAt ? `\n到期时间：${milestone.dueAt}` : '';
  return {
    uid: `${milestone.id}@${UID_DOMAIN}`,
    sequence: milestone.version,
    summary: `【${project.name}】${milestone.title}`,
    description: `${project.name}节点：${milestone.title}\n状态：${MILESTONE_STATUS_LABELS[milestone.status]}${exact}`,
    date: milestoneDueDay(milestone),
    alarms,
  };
}

/**
 * The monthly report's due days of a project over its programme year: the report for month M is due on
 * day `reportDueDay` of M (the projects service's late rule), for the months the programme owes (none before
 * it was set up). UIDs by project and month.
 */
export function reportDayEvents(
  project: Pick<ProjectView, 'id' | 'name'>,
  programme: Pick<ProgrammeView, 'year' | 'reportDueDay' | 'createdAt' | 'reminderPolicy'>,
): DueDayEvent[] {
  const setUpOn = localDateOf(new Date(programme.createdAt));
  return Array.from({ length: 12 }, (_, index) => index).flatMap((index) => {
    const month = `${programme.year}-${String(index + 1).padStart(2, '0')}`;
    if (!owesMonthlyReport(month, programme, setUpOn)) return [];
    const day = String(Math.min(programme.reportDueDay, daysIn(programme.year, index + 1))).padStart(2, '0');
    return {
      uid: `report-${project.id}-${month}@${UID_DOMAIN}`,
      sequence: 0,
      summary: `【${project.name}】${Number(month.slice(5))}月月报报送日`,
      description: `${project.name} ${programme.year}年${index + 1}月月报应于当日报送。`,
      date: `${month}-${day}`,
      alarms: policyAlarms(programme),
    };
  });
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
