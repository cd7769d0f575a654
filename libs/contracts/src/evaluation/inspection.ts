import { z } from 'zod';
import { withActor } from '../identity';
import { defineRpc } from '../rpc/rpc';
import { idSchema, localDateSchema, textSchema } from '../projects/common';

/**
 * Acceptance inspections on a rubric. Values below are stored in the evaluation schema and travel in the
 * API: they are stable.
 *
 * - `inspection`: opened by the city for named inspectors; scored by them; signed by an inspector, then
 *   countersigned by the county's 专班负责人 (county officer); then read-only.
 * - `self_assessment`: the county scores itself on the same rubric; never signed, never passes anything.
 * - a re-inspection is an `inspection` with `reinspectionOf` set: it scores only the items that had an open
 *   rectification on the first, and takes the others' scores from it.
 */
export const INSPECTION_KINDS = ['inspection', 'self_assessment'] as const;
export const inspectionKindSchema = z.enum(INSPECTION_KINDS);
export type InspectionKind = z.infer<typeof inspectionKindSchema>;

/** `cancelled`: opened by mistake and withdrawn before anyone signed; kept, read-only, with its reason. */
export const INSPECTION_STATUSES = ['open', 'inspector_signed', 'signed', 'cancelled'] as const;
export const inspectionStatusSchema = z.enum(INSPECTION_STATUSES);
export type InspectionStatus = z.infer<typeof inspectionStatusSchema>;
export const INSPECTION_STATUS_LABELS: Readonly<Record<InspectionStatus, string>> = {
  open: '评分中',
  inspector_signed: '验收组已签字，待县级会签',
  signed: '已签字',
  cancelled: '已撤销',
};

const username = z.string().trim().min(1, '不能为空').max(100, '不能超过 100 个字符');

/** A score: 0 or more in steps of 0.5 (the item's maximum is checked by the service, which knows it). */
export const scoreValueSchema = z
  .number({ error: '必须是数字' })
  .min(0, '分数不能为负数')
  .max(1000, '分数过大')
  .refine((value) => Number.isInteger(value * 2), '分数须为 0.5 的整数倍');

/** `POST /api/projects/:id/inspections` */
export const openInspectionBodySchema = z
  .object({
    kind: inspectionKindSchema.default('inspection'),
    date: localDateSchema,
    /** Gateway usernames of the inspectors (an inspection needs at least one; a self-assessment none). */
    inspectors: z.array(username).max(20, '检查人员不能超过 20 名').default([]),
    /** The inspection this one re-inspects (its open rectification items only). */
    reinspectionOf: idSchema.optional(),
  })
  .strict();
export type OpenInspectionBody = z.input<typeof openInspectionBodySchema>;

/** `PUT /api/inspections/:id/scores`: any subset of items; each listed item's score and note are replaced. */
export const putScoresBodySchema = z
  .object({
    scores: z
      .array(
        z
          .object({
            itemId: idSchema,
            score: scoreValueSchema,
            note: z.string().trim().max(2000, '不能超过 2000 个字符').default(''),
          })
          .strict(),
      )
      .min(1, '至少给出一项评分')
      .max(100, '不能超过 100 项'),
  })
  .strict();
export type PutScoresBody = z.input<typeof putScoresBodySchema>;

/** `POST /api/inspections/:id/sign`: the inspector signs; the county's side countersigns on the same route. */
export const signInspectionBodySchema = z.object({ name: textSchema(100) }).strict();
export type SignInspectionBody = z.infer<typeof signInspectionBodySchema>;

/** `POST /api/inspections/:id/cancel`: withdraws an inspection opened by mistake, before it is signed. */
export const cancelInspectionBodySchema = z
  .object({
    reason: z
      .string({ error: '请填写撤销原因' })
      .trim()
      .min(2, '请填写撤销原因（至少 2 个字）')
      .max(500, '不能超过 500 个字符'),
  })
  .strict();
export type CancelInspectionBody = z.infer<typeof cancelInspectionBodySchema>;

export const signatureSchema = z.object({
  name: z.string(),
  username: z.string(),
  signedAt: z.iso.datetime({ offset: true }),
  /** SHA-256 (hex) of the canonical scored content the signer saw. */
  contentHash: z.string(),
});

export const evidenceFileSchema = z.object({
  id: z.uuid(),
  itemId: z.uuid(),
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  uploadedBy: z.string(),
  uploadedAt: z.iso.datetime({ offset: true }),
});
export type EvidenceFile = z.infer<typeof evidenceFileSchema>;

export const RECTIFICATION_STATUSES = ['open', 'closed'] as const;
export const rectificationSchema = z.object({
  id: z.uuid(),
  inspectionId: z.uuid(),
  itemId: z.uuid(),
  itemNumber: z.number().int(),
  what: z.string(),
  responsibleUsername: z.string(),
  responsibleName: z.string(),
  /** The local due date (for an exact `dueAt`: the date, Asia/Shanghai, on which it falls due). */
  dueDate: z.iso.date(),
  /** The exact instant, when the rectification was set with one (else null: due at the end of dueDate). */
  dueAt: z.iso.datetime({ offset: true }).nullable(),
  /** Its own reminder instants (ISO 8601 offsets from dueAt), or null: the programme's policy. */
  reminderPlan: z.array(z.string()).nullable(),
  status: z.enum(RECTIFICATION_STATUSES),
  createdBy: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  closedAt: z.iso.datetime({ offset: true }).nullable(),
  closedBy: z.string().nullable(),
  closingNote: z.string().nullable(),
});
export type RectificationView = z.infer<typeof rectificationSchema>;

export const inspectionItemSchema = z.object({
  id: z.uuid(),
  number: z.number().int(),
  sectionTitle: z.string(),
  /** The item's text for this county (placeholders filled in). */
  text: z.string(),
  maxPoints: z.number(),
  /** Whether this inspection scores the item (a re-inspection scores only its open items). */
  scored: z.boolean(),
  score: z.number().nullable(),
  note: z.string().nullable(),
  /** For a re-inspection's unscored items: the score carried over from the first inspection. */
  carriedOver: z.boolean(),
  evidence: z.array(evidenceFileSchema),
});

export const inspectionSchema = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  programmeId: z.uuid(),
  regionCode: z.string(),
  regionName: z.string(),
  projectName: z.string(),
  rubricId: z.uuid(),
  rubricVersion: z.number().int(),
  kind: inspectionKindSchema,
  reinspectionOf: z.uuid().nullable(),
  status: inspectionStatusSchema,
  date: z.iso.date(),
  /** Gateway usernames of the inspectors. */
  inspectors: z.array(z.string()),
  /** Their 姓名或单位 as people read them, in the order of `inspectors` (the username where none was kept). */
  inspectorNames: z.array(z.string()),
  openedBy: z.string(),
  /** Computed from the item scores (carried-over ones included), never typed. */
  total: z.number(),
  maxTotal: z.number(),
  sectionTotals: z.array(z.object({ title: z.string(), points: z.number(), score: z.number() })),
  /** Items scored out of those this inspection scores. */
  scoredCount: z.number().int(),
  toScoreCount: z.number().int(),
  passThreshold: z.number(),
  /** Known once signed (null before). */
  passed: z.boolean().nullable(),
  signatures: z.object({ inspector: signatureSchema.nullable(), county: signatureSchema.nullable() }),
  /**
   * Who withdrew it (username, and 姓名或单位: the username for one from before names were kept), when and why
   * (null unless `cancelled`).
   */
  cancellation: z
    .object({ username: z.string(), name: z.string(), at: z.iso.datetime({ offset: true }), reason: z.string() })
    .nullable(),
  items: z.array(inspectionItemSchema),
  rectifications: z.array(rectificationSchema),
  version: z.number().int(),
});
export type InspectionView = z.infer<typeof inspectionSchema>;

export const inspectionSummarySchema = inspectionSchema.omit({ items: true, rectifications: true });
export type InspectionSummary = z.infer<typeof inspectionSummarySchema>;

export const OpenInspectionRpc = defineRpc({
  subject: 'evaluation.inspection.open',
  service: 'evaluation',
  request: withActor({
    projectId: idSchema,
    ...openInspectionBodySchema.shape,
    /**
     * Each named inspector's 姓名或单位, by username: accounts are the gateway's, which checks the inspectors and
     * adds their names here, so the inspection and its report can name people. A username missing is shown as is.
     */
    inspectorNames: z.record(z.string(), z.string()).optional(),
  }),
  response: inspectionSchema,
});

export const ListInspectionsRpc = defineRpc({
  subject: 'evaluation.inspection.list',
  service: 'evaluation',
  request: withActor({ projectId: idSchema }),
  response: z.object({ items: z.array(inspectionSummarySchema) }),
});

export const GetInspectionRpc = defineRpc({
  subject: 'evaluation.inspection.get',
  service: 'evaluation',
  request: withActor({ inspectionId: idSchema }),
  response: inspectionSchema,
});

export const PutScoresRpc = defineRpc({
  subject: 'evaluation.inspection.score',
  service: 'evaluation',
  request: withActor({ inspectionId: idSchema, ...putScoresBodySchema.shape }),
  response: inspectionSchema,
});

export const SignInspectionRpc = defineRpc({
  subject: 'evaluation.inspection.sign',
  service: 'evaluation',
  request: withActor({ inspectionId: idSchema, ...signInspectionBodySchema.shape }),
  response: inspectionSchema,
});

export const CancelInspectionRpc = defineRpc({
  subject: 'evaluation.inspection.cancel',
  service: 'evaluation',
  request: withActor({ inspectionId: idSchema, ...cancelInspectionBodySchema.shape }),
  response: inspectionSchema,
});

export type CancelInspectionRequest = z.infer<typeof CancelInspectionRpc.request>;
export type OpenInspectionRequest = z.infer<typeof OpenInspectionRpc.request>;
export type PutScoresRequest = z.infer<typeof PutScoresRpc.request>;
export type SignInspectionRequest = z.infer<typeof SignInspectionRpc.request>;
