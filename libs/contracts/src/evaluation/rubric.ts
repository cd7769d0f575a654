import { z } from 'zod';
import { withActor } from '../identity';
import { defineRpc } from '../rpc/rpc';
import { idSchema } from '../projects/common';

/**
 * A checklist (附件2) as data. Points are multiples of 0.5 in the definition and in the API; the evaluation
 * service stores them as integer half-points, so sums are exact. Item texts may name the county inspected
 * with the placeholder `{countyName}` (item 6's sign text: “{countyName}零工市场”); it is filled in per
 * inspection, and shown raw in the rubric itself.
 */
export const COUNTY_NAME_PLACEHOLDER = '{countyName}';

const halfPoints = z
  .number()
  .nonnegative('分值不能为负数')
  .refine((value) => Number.isInteger(value * 2), '分值须为 0.5 的整数倍');

export const rubricDefinitionSchema = z
  .object({
    /** Stable key of the rubric across its versions, e.g. `gig-market-checklist`. */
    code: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    title: z.string().min(1),
    total: halfPoints,
    sections: z
      .array(
        z
          .object({
            title: z.string().min(1),
            points: halfPoints,
            items: z
              .array(
                z
                  .object({
                    number: z.number().int().positive(),
                    text: z.string().min(1),
                    maxPoints: halfPoints.refine((value) => value > 0, '满分须大于 0'),
                    remarks: z.string().default(''),
                  })
                  .strict(),
              )
              .min(1),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type RubricDefinition = z.infer<typeof rubricDefinitionSchema>;
export type RubricDefinitionInput = z.input<typeof rubricDefinitionSchema>;

export const rubricItemSchema = z.object({
  id: z.uuid(),
  number: z.number().int(),
  text: z.string(),
  maxPoints: z.number(),
  remarks: z.string(),
});

export const rubricSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  version: z.number().int(),
  title: z.string(),
  total: z.number(),
  sections: z.array(z.object({ title: z.string(), points: z.number(), items: z.array(rubricItemSchema) })),
  /** SHA-256 of the canonical definition: equal content, equal hash. */
  contentHash: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type RubricView = z.infer<typeof rubricSchema>;

/** Request/reply subjects of the evaluation service. They live on the wire: stable. */
export const GetRubricRpc = defineRpc({
  subject: 'evaluation.rubric.get',
  service: 'evaluation',
  request: withActor({ rubricId: idSchema }),
  response: rubricSchema,
});

/** One loaded rubric version, without its items (`GET /api/rubrics`, newest first). */
export const rubricVersionSchema = rubricSchema.omit({ sections: true }).extend({
  sectionCount: z.number().int(),
  itemCount: z.number().int(),
});
export type RubricVersionView = z.infer<typeof rubricVersionSchema>;

export const ListRubricsRpc = defineRpc({
  subject: 'evaluation.rubric.list',
  service: 'evaluation',
  request: withActor({}),
  response: z.object({ items: z.array(rubricVersionSchema) }),
});
