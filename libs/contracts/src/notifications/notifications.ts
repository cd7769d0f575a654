import { z } from 'zod';
import { addresseeSchema } from '../deadlines';
import { withActor } from '../identity';
import { defineRpc } from '../rpc/rpc';

/**
 * What the notifications service answers the gateway: the caller's inbox, and the reminder schedule of a
 * milestone. Subjects live on the wire: they are stable.
 */

/** One message in a person's in-app inbox (DESIGN "notification" fields, plus link hints). */
export const notificationSchema = z.object({
  id: z.uuid(),
  /** What it is about: the milestone, report or item (`subjectType` says which). */
  subjectType: z.string(),
  subjectId: z.string(),
  /** The reminder stage (`before-7wd`, `due-day`, `overdue-1`, `escalation`, `offset-PT5S`, …) or `notice`. */
  stage: z.string(),
  title: z.string(),
  body: z.string(),
  projectId: z.uuid().nullable(),
  regionCode: z.string().nullable(),
  /** A path in the web app that shows the subject, e.g. /projects/<id>/milestones/<id>. */
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationView = z.infer<typeof notificationSchema>;

export const notificationListSchema = z.object({
  items: z.array(notificationSchema),
  unread: z.number().int().nonnegative(),
});
export type NotificationList = z.infer<typeof notificationListSchema>;

export const REMINDER_STATES = ['planned', 'sent', 'cancelled', 'skipped'] as const;
export const reminderStateSchema = z.enum(REMINDER_STATES);
export type ReminderState = z.infer<typeof reminderStateSchema>;

/** A recipient as the schedule shows it; a user without an account (no username) is named only. */
export const reminderRecipientViewSchema = z.union([
  addresseeSchema,
  z.object({ kind: z.literal('user'), username: z.null(), name: z.string() }),
]);

/** One planned stage of a deadline's reminders: `GET /api/milestones/:id/reminders`. */
export const reminderStageSchema = z.object({
  stage: z.string(),
  fireAt: z.string(),
  recipients: z.array(reminderRecipientViewSchema),
  state: reminderStateSchema,
  sentAt: z.string().nullable(),
});
export type ReminderStageView = z.infer<typeof reminderStageSchema>;

export const reminderScheduleSchema = z.object({
  /** The deadline as the notifications service holds it. */
  dueDate: z.string().nullable(),
  dueAt: z.string(),
  status: z.enum(['open', 'done', 'cancelled']),
  history: z.boolean(),
  items: z.array(reminderStageSchema),
  /**
   * Years of this plan for which no holiday table was loaded when it was made: its working days there are
   * assumed to be Monday–Friday (statutory holidays and adjusted working days unknown), and the plan is
   * made again when that year's table arrives. Empty (or absent, from an older service) when every stage
   * lies on known working days.
   */
  assumedCalendarYears: z.array(z.number().int()).optional(),
});
export type ReminderSchedule = z.infer<typeof reminderScheduleSchema>;

const notificationId = z.uuid({ error: '必须是 UUID' });
const milestoneId = z.uuid({ error: '必须是 UUID' });

export const notificationIdParamsSchema = z.object({ id: notificationId }).strict();

/** `GET /api/me/notifications?unread=true` */
export const listNotificationsQuerySchema = z
  .object({
    unread: z.enum(['true', 'false'], { error: '只能是 true 或 false' }).optional(),
    limit: z.coerce
      .number({ error: '必须是整数' })
      .int('必须是整数')
      .min(1, '至少为 1')
      .max(200, '不能超过 200')
      .optional(),
  })
  .strict();
export type ListNotificationsQuery = z.infer<typeof listNotificationsQuerySchema>;

export const ListMyNotificationsRpc = defineRpc({
  subject: 'notifications.inbox.list',
  service: 'notifications',
  request: withActor({ unreadOnly: z.boolean().optional(), limit: z.number().int().min(1).max(200).optional() }),
  response: notificationListSchema,
});

export const MarkNotificationReadRpc = defineRpc({
  subject: 'notifications.inbox.mark-read',
  service: 'notifications',
  request: withActor({ notificationId }),
  response: notificationSchema,
});

export const ListMilestoneRemindersRpc = defineRpc({
  subject: 'notifications.reminder.list-for-milestone',
  service: 'notifications',
  request: withActor({ milestoneId }),
  response: reminderScheduleSchema,
});
