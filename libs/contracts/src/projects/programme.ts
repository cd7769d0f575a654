import { z } from 'zod';
import { withActor } from '../identity';
import { defineRpc } from '../rpc/rpc';
import { idSchema } from './common';

/**
 * How a template milestone gets done: by hand with evidence (the default), or by another event, e.g.
 * `acceptance_signed`: 迎接市局验收检查 completes when the inspection is signed, never by hand.
 */
export const MILESTONE_COMPLETIONS = ['manual', 'acceptance_signed'] as const;

/** One milestone of a programme's template: due on MM-DD of the programme's year, after other keys. */
export const milestoneTemplateItemSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]*$/),
  title: z.string().min(1),
  due: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/),
  after: z.array(z.string()),
  completesOn: z.enum(MILESTONE_COMPLETIONS).optional(),
});
export type MilestoneTemplateItemData = z.infer<typeof milestoneTemplateItemSchema>;

/** Who a reminder stage goes to: the milestone's responsible officers, the county's 组长, the city's officers. */
export const REMINDER_RECIPIENTS = ['responsible', 'county_leader', 'city_officer'] as const;
export const reminderRecipientSchema = z.enum(REMINDER_RECIPIENTS);

/**
 * When reminders, overdue alerts and escalations go out for a programme's dated milestones (DESIGN
 * "Reminder policy"). Working days count China's statutory holidays and adjusted working days.
 */
export const reminderPolicySchema = z.object({
  timeZone: z.string().min(1),
  /** Local time of day (HH:MM) reminders go out, on working days. */
  sendAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  beforeDue: z.object({
    workingDaysBefore: z.array(z.number().int().positive()),
    onDueDay: z.boolean(),
    recipients: z.array(reminderRecipientSchema).min(1),
  }),
  overdue: z.object({
    /** First overdue alert this many working days after the due date. */
    afterWorkingDays: z.number().int().positive(),
    repeatEveryWorkingDays: z.number().int().positive(),
    recipients: z.array(reminderRecipientSchema).min(1),
  }),
  escalation: z.object({
    /**
     * Working days after the due date; 0 escalates at the due instant itself (monthly reports: a report
     * still missing when its day ends goes to the city at once).
     */
    afterWorkingDaysOverdue: z.number().int().nonnegative(),
    recipients: z.array(reminderRecipientSchema).min(1),
  }),
});
export type ReminderPolicy = z.infer<typeof reminderPolicySchema>;

/** DESIGN's default policy: 7, 3, 1 working days before and on the day; overdue next day, every 3; escalate after 5. */
export const DEFAULT_REMINDER_POLICY: ReminderPolicy = Object.freeze({
  timeZone: 'Asia/Shanghai',
  sendAt: '09:00',
  beforeDue: { workingDaysBefore: [7, 3, 1], onDueDay: true, recipients: ['responsible'] },
  overdue: { afterWorkingDays: 1, repeatEveryWorkingDays: 3, recipients: ['responsible', 'county_leader'] },
  escalation: { afterWorkingDaysOverdue: 5, recipients: ['city_officer'] },
}) as ReminderPolicy;

export const programmeSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  year: z.number().int(),
  rootRegionCode: z.string(),
  countyCount: z.number().int(),
  milestoneTemplate: z.array(milestoneTemplateItemSchema),
  reminderPolicy: reminderPolicySchema,
  reportDueDay: z.number().int(),
  /** Working days a county has to resubmit a returned report (a new deadline from the return). */
  reportResubmitWorkingDays: z.number().int(),
  /** Exact reminder instants for the reports (ISO 8601 offsets from the due instant), or null: the policy. */
  reportReminderPlan: z.array(z.string()).nullable(),
  operatingFiguresFromMonth: z.number().int(),
  yellowWithinWorkingDays: z.number().int(),
  sourceProgrammeId: z.uuid().nullable(),
  /** How many county projects the programme has. */
  projectCount: z.number().int(),
  createdAt: z.string(),
});
export type ProgrammeView = z.infer<typeof programmeSchema>;

/** `POST /api/programmes`: a new year of an existing programme. */
export const createProgrammeBodySchema = z
  .object({
    sourceProgrammeId: idSchema,
    year: z
      .number({ error: '必须是整数年份' })
      .int('必须是整数年份')
      .min(2000, '年份不能早于 2000')
      .max(2100, '年份不能晚于 2100'),
  })
  .strict();
export type CreateProgrammeBody = z.infer<typeof createProgrammeBodySchema>;

export const ListProgrammesRpc = defineRpc({
  subject: 'projects.programme.list',
  service: 'projects',
  request: withActor({}),
  response: z.array(programmeSchema),
});

export const CreateProgrammeRpc = defineRpc({
  subject: 'projects.programme.create',
  service: 'projects',
  request: withActor(createProgrammeBodySchema.shape),
  response: programmeSchema,
});
