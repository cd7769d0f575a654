import { z } from 'zod';
import { withActor } from '../identity';
import { defineRpc } from '../rpc/rpc';
import { idSchema, instantSchema, localDateSchema, reminderPlanSchema, textSchema } from '../projects/common';
import { rectificationSchema } from './inspection';

/**
 * `POST /api/inspections/:id/rectifications`: what to fix on one item scored below its maximum, who, by when.
 *
 * By when is either a local `dueDate` (due at the end of that day, Asia/Shanghai; reminders follow the
 * programme's working-day policy at 09:00) or an exact `dueAt` instant, which may carry its own
 * `reminderPlan` (ISO 8601 offsets from `dueAt`, as an extra milestone's): those instants are then the
 * reminder stages, passed through to the notifications service as the deadline's `plan`.
 */
const createRectificationFields = {
  itemId: idSchema,
  what: textSchema(2000),
  responsibleUsername: textSchema(100),
  responsibleName: textSchema(100),
  dueDate: localDateSchema.optional(),
  dueAt: instantSchema.optional(),
  reminderPlan: reminderPlanSchema.optional(),
};

/** Exactly one of dueDate and dueAt; a reminder plan only with dueAt. Shared by the route and the RPC. */
function checkDue(
  body: { dueDate?: string | undefined; dueAt?: string | undefined; reminderPlan?: string[] | undefined },
  context: z.RefinementCtx,
): void {
  if (body.dueDate === undefined && body.dueAt === undefined) {
    context.addIssue({ code: 'custom', path: ['dueDate'], message: '须给出 dueDate（日期）或 dueAt（时刻）之一' });
  }
  if (body.dueDate !== undefined && body.dueAt !== undefined) {
    context.addIssue({ code: 'custom', path: ['dueAt'], message: 'dueDate 与 dueAt 只能给出一个' });
  }
  if (body.reminderPlan !== undefined && body.dueAt === undefined) {
    context.addIssue({ code: 'custom', path: ['reminderPlan'], message: '提醒计划须配合精确时刻 dueAt 使用' });
  }
}

export const createRectificationBodySchema = z.object(createRectificationFields).strict().superRefine(checkDue);
export type CreateRectificationBody = z.infer<typeof createRectificationBodySchema>;

/** `POST /api/rectifications/:id/close` */
export const closeRectificationBodySchema = z.object({ note: textSchema(2000) }).strict();
export type CloseRectificationBody = z.infer<typeof closeRectificationBodySchema>;

export const CreateRectificationRpc = defineRpc({
  subject: 'evaluation.rectification.create',
  service: 'evaluation',
  request: withActor({ inspectionId: idSchema, ...createRectificationFields }).superRefine(checkDue),
  response: rectificationSchema,
});

export const CloseRectificationRpc = defineRpc({
  subject: 'evaluation.rectification.close',
  service: 'evaluation',
  request: withActor({ rectificationId: idSchema, ...closeRectificationBodySchema.shape }),
  response: rectificationSchema,
});

export type CreateRectificationRequest = z.infer<typeof CreateRectificationRpc.request>;
export type CloseRectificationRequest = z.infer<typeof CloseRectificationRpc.request>;
