import { z } from 'zod';
import { withActor } from '../identity';
import { defineRpc } from '../rpc/rpc';

/**
 * What was actually sent about deadlines (the delivery log, not the plan): each stage that went out, when,
 * to whom and on which channels. The 超时倒查 report shows it beside each late item (a milestone, whose
 * deadline id is its own id, or a monthly report, `report:<project>:<month>`).
 */
export const sentReminderSchema = z.object({
  stage: z.string(),
  /** When it first went out (the earliest delivery of the stage). */
  sentAt: z.string(),
  /** The people (or roles) it was addressed to, by name. */
  recipients: z.array(z.string()),
  /** The channels it went out on: inbox, email, webhook, … */
  channels: z.array(z.string()),
});
export type SentReminder = z.infer<typeof sentReminderSchema>;

export const reminderHistorySchema = z.object({
  items: z.array(z.object({ deadlineId: z.string(), reminders: z.array(sentReminderSchema) })),
});
export type ReminderHistory = z.infer<typeof reminderHistorySchema>;

/** Deadlines outside the caller's scope are left out of the answer (never an error: a report asks in bulk). */
export const ListReminderHistoryRpc = defineRpc({
  subject: 'notifications.reminder.history',
  service: 'notifications',
  request: withActor({ deadlineIds: z.array(z.string().min(1).max(120)).max(5000) }),
  response: reminderHistorySchema,
});
