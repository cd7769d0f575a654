import { z } from 'zod';
import { withActor } from '../identity';
import { defineRpc } from '../rpc/rpc';
import { idSchema, localDateSchema, textSchema } from '../projects/common';
import { rectificationSchema } from './inspection';

/** `POST /api/inspections/:id/rectifications`: what to fix on one item scored below its maximum, who, by when. */
export const createRectificationBodySchema = z
  .object({
    itemId: idSchema,
    what: textSchema(2000),
    responsibleUsername: textSchema(100),
    responsibleName: textSchema(100),
    dueDate: localDateSchema,
  })
  .strict();
export type CreateRectificationBody = z.infer<typeof createRectificationBodySchema>;

/** `POST /api/rectifications/:id/close` */
export const closeRectificationBodySchema = z.object({ note: textSchema(2000) }).strict();
export type CloseRectificationBody = z.infer<typeof closeRectificationBodySchema>;

export const CreateRectificationRpc = defineRpc({
  subject: 'evaluation.rectification.create',
  service: 'evaluation',
  request: withActor({ inspectionId: idSchema, ...createRectificationBodySchema.shape }),
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
