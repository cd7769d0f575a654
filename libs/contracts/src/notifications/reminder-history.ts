import { z } from 'zod';
import { withActor } from '../identity';
import { defineRpc } from '../rpc/rpc';

/**
 * What was actually sent about milestones (the delivery log, not the plan): each stage that went out, when,
 * to whom and on which channels. The 超时倒查 report shows it beside each late item.
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
  items: z.array(z.object({ milestoneId: z.uuid(), reminders: z.array(sentReminderSchema) })),
});
export type ReminderHistory = z.infer<typeof reminderHistorySchema>;

/** Milestones outside the caller's scope are left out of the answer (never an error: a report asks in bulk). */
export const ListReminderHistoryRpc = defineRpc({
  subject: 'notifications.reminder.history',
  service: 'notifications',
  request: withActor({ milestoneIds: z.array(z.uuid()).max(5000) }),
  response: reminderHistorySchema,
});
