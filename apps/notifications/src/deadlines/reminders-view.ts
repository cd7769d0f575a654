import type { ReminderSchedule } from '@duban/contracts';
import type { ReminderRow, StoredDeadline } from './deadlines.repository';

/** A deadline's current plan as `GET /api/milestones/:id/reminders` shows it. */
export function reminderScheduleView(deadline: StoredDeadline, stages: readonly ReminderRow[]): ReminderSchedule {
  return {
    dueDate: deadline.dueDate,
    dueAt: deadline.dueAt.toISOString(),
    status: deadline.status,
    history: deadline.history,
    assumedCalendarYears: [...deadline.assumedCalendarYears],
    items: stages.map((stage) => ({
      stage: stage.stage,
      fireAt: stage.fireAt.toISOString(),
      recipients: stage.recipients,
      state: stage.state,
      sentAt: stage.sentAt ? stage.sentAt.toISOString() : null,
    })),
  };
}
