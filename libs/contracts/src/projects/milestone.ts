import { z } from 'zod';
import { withActor } from '../identity';
import { defineRpc } from '../rpc/rpc';
import {
  idSchema,
  instantSchema,
  localDateSchema,
  milestoneStatusSchema,
  reminderPlanSchema,
  statusLightSchema,
  textSchema,
  versionSchema,
} from './common';

export const attachmentSchema = z
  .object({
    name: textSchema(200),
    /** Where the file is kept (an upload id or a URL); the projects service stores the reference only. */
    ref: textSchema(1000),
  })
  .strict();

/** What shows a milestone is done: a statement, and references to the files that back it. */
export const evidenceSchema = z
  .object({
    text: textSchema(4000),
    attachments: z.array(attachmentSchema).max(20, '附件不能超过 20 个').optional(),
  })
  .strict();
export type Evidence = z.infer<typeof evidenceSchema>;

export const reopeningSchema = z.object({
  reason: z.string(),
  reopenedAt: z.string(),
  /** The username; `reopenedByName` is the 姓名或单位 people read (the username for reopenings from before). */
  reopenedBy: z.string(),
  reopenedByName: z.string(),
});

export const milestoneSchema = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  /** The template key (plan, site, …); null for an extra milestone. */
  key: z.string().nullable(),
  title: z.string(),
  /** Exactly one is set: a local due date (due at the end of that day) or an exact instant. */
  dueDate: z.string().nullable(),
  dueAt: z.string().nullable(),
  status: milestoneStatusSchema,
  light: statusLightSchema,
  /** Prerequisites: ids of milestones of the same project that must be done first. */
  after: z.array(z.uuid()),
  responsibleOfficerIds: z.array(z.uuid()),
  /** An extra milestone's own reminder plan (ISO 8601 offsets from dueAt); null follows the programme's policy. */
  reminderPlan: z.array(z.string()).nullable(),
  completedAt: z.string().nullable(),
  /** Username of whoever completed it, and their name as shown. */
  completedBy: z.string().nullable(),
  completedByName: z.string().nullable(),
  evidence: evidenceSchema.nullable(),
  reopenings: z.array(reopeningSchema),
  version: z.number().int(),
});
export type MilestoneView = z.infer<typeof milestoneSchema>;

/** `POST /api/projects/:id/milestones`: an extra milestone due at an exact instant, with its own reminders. */
export const createMilestoneBodySchema = z
  .object({
    title: textSchema(200),
    dueAt: instantSchema,
    responsibleOfficerIds: z.array(idSchema).min(1, '至少指定一名责任人').max(20, '责任人不能超过 20 名'),
    reminderPlan: reminderPlanSchema,
    after: z.array(idSchema).max(50, '前置节点不能超过 50 个').optional(),
  })
  .strict();
export type CreateMilestoneBody = z.infer<typeof createMilestoneBodySchema>;

/** Statuses a PATCH may set: work has started. Done and reopened have their own routes. */
export const milestonePatchStatusSchema = z.enum(['in_progress'], {
  error: '只能改为 in_progress（进行中）；完成与重新打开请用各自的接口',
});

/**
 * `PATCH /api/milestones/:id`: reschedule (with the reason, kept in the audit trail), rename, reassign,
 * set an extra milestone's own reminder plan, or mark started.
 */
export const updateMilestoneBodySchema = z
  .object({
    title: textSchema(200).optional(),
    dueDate: localDateSchema.optional(),
    dueAt: instantSchema.optional(),
    /** Why the deadline moves; recorded with the change. */
    reason: textSchema(1000).optional(),
    responsibleOfficerIds: z.array(idSchema).max(20, '责任人不能超过 20 名').optional(),
    /** An extra milestone's reminders (ISO 8601 offsets from dueAt); template milestones follow the programme. */
    reminderPlan: reminderPlanSchema.optional(),
    status: milestonePatchStatusSchema.optional(),
    version: versionSchema.optional(),
  })
  .strict()
  .refine((body) => body.dueDate === undefined || body.dueAt === undefined, {
    path: ['dueAt'],
    message: 'dueDate 与 dueAt 只能给出一个',
  });
export type UpdateMilestoneBody = z.infer<typeof updateMilestoneBodySchema>;

/** `POST /api/milestones/:id/complete` */
export const completeMilestoneBodySchema = z.object({ evidence: evidenceSchema }).strict();
export type CompleteMilestoneBody = z.infer<typeof completeMilestoneBodySchema>;

/** `POST /api/milestones/:id/reopen` */
export const reopenMilestoneBodySchema = z.object({ reason: textSchema(1000) }).strict();
export type ReopenMilestoneBody = z.infer<typeof reopenMilestoneBodySchema>;

export const milestoneIdParamsSchema = z.object({ id: idSchema }).strict();

export const ListMilestonesRpc = defineRpc({
  subject: 'projects.milestone.list',
  service: 'projects',
  request: withActor({ projectId: idSchema }),
  response: z.array(milestoneSchema),
});

export const CreateMilestoneRpc = defineRpc({
  subject: 'projects.milestone.create',
  service: 'projects',
  request: withActor({ projectId: idSchema, milestone: createMilestoneBodySchema }),
  response: milestoneSchema,
});

export const UpdateMilestoneRpc = defineRpc({
  subject: 'projects.milestone.update',
  service: 'projects',
  request: withActor({ milestoneId: idSchema, changes: updateMilestoneBodySchema }),
  response: milestoneSchema,
});

export const CompleteMilestoneRpc = defineRpc({
  subject: 'projects.milestone.complete',
  service: 'projects',
  request: withActor({ milestoneId: idSchema, ...completeMilestoneBodySchema.shape }),
  response: milestoneSchema,
});

export const ReopenMilestoneRpc = defineRpc({
  subject: 'projects.milestone.reopen',
  service: 'projects',
  request: withActor({ milestoneId: idSchema, ...reopenMilestoneBodySchema.shape }),
  response: milestoneSchema,
});
