import { z } from 'zod';
import { withActor } from '../identity';
import { defineRpc } from '../rpc/rpc';
import { idSchema } from '../projects/common';

/**
 * A programme's acceptance settings (`GET|PUT /api/programmes/:id/evaluation-settings`, province admin):
 * the passing threshold, copied onto each inspection when it opens (a change never alters one under way),
 * and optionally a pinned rubric code (new inspections then use that rubric's latest version instead of
 * the most recently loaded rubric).
 */
export const putEvaluationSettingsBodySchema = z
  .object({
    /** Points, 0 up to the rubric's total, in steps of 0.5. */
    passThreshold: z
      .number({ error: '必须是数字' })
      .min(0, '合格线不能为负数')
      .max(1000, '合格线过大')
      .refine((value) => Number.isInteger(value * 2), '合格线须为 0.5 的整数倍'),
    /** A loaded rubric's code, or null: the most recently loaded rubric. */
    rubricCode: z
      .string({ error: '必须是评分标准编码或 null' })
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, '必须是评分标准编码，如 gig-market-checklist')
      .max(100, '不能超过 100 个字符')
      .nullable(),
  })
  .strict();
export type PutEvaluationSettingsBody = z.infer<typeof putEvaluationSettingsBodySchema>;

export const evaluationSettingsSchema = z.object({
  programmeId: z.uuid(),
  programmeCode: z.string(),
  passThreshold: z.number(),
  rubricCode: z.string().nullable(),
  /** The rubric a new inspection of this programme opens on now (null: none loaded yet). */
  rubric: z
    .object({ id: z.uuid(), code: z.string(), version: z.number().int(), title: z.string(), total: z.number() })
    .nullable(),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type EvaluationSettingsView = z.infer<typeof evaluationSettingsSchema>;

export const GetEvaluationSettingsRpc = defineRpc({
  subject: 'evaluation.settings.get',
  service: 'evaluation',
  request: withActor({ programmeId: idSchema }),
  response: evaluationSettingsSchema,
});

export const PutEvaluationSettingsRpc = defineRpc({
  subject: 'evaluation.settings.put',
  service: 'evaluation',
  request: withActor({ programmeId: idSchema, ...putEvaluationSettingsBodySchema.shape }),
  response: evaluationSettingsSchema,
});

export type GetEvaluationSettingsRequest = z.infer<typeof GetEvaluationSettingsRpc.request>;
export type PutEvaluationSettingsRequest = z.infer<typeof PutEvaluationSettingsRpc.request>;
