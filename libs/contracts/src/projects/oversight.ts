import { z } from 'zod';
import { defineEvent } from '../envelope';
import { roleSchema, withActor } from '../identity';
import { defineRpc } from '../rpc/rpc';
import { idSchema, textSchema } from './common';
import { eventActorSchema, milestoneEvent } from './events';

/**
 * 催办 and 批示 on a milestone (issue 14, item 5). A city or province officer, or the county's 组长, urges an
 * item (its responsible officers are told at once through their channels; at most once an hour per item) or
 * writes an instruction that the county must acknowledge.
 */

/** How long after an urging the same milestone may be urged again. */
export const URGE_INTERVAL_MS = 60 * 60 * 1000;

/** `POST /api/milestones/:id/urge` */
export const urgeMilestoneBodySchema = z
  .object({ message: textSchema(500).optional() })
  .strict()
  .nullish()
  .transform((body) => body ?? {});
export type UrgeMilestoneBody = z.infer<typeof urgeMilestoneBodySchema>;

/** `POST /api/milestones/:id/instructions` */
export const instructMilestoneBodySchema = z.object({ text: textSchema(2000) }).strict();
export type InstructMilestoneBody = z.infer<typeof instructMilestoneBodySchema>;

/** Who urged, wrote or acknowledged, as shown. */
export const oversightPersonSchema = z.object({
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
});
export type OversightPerson = z.infer<typeof oversightPersonSchema>;

export const milestoneUrgeSchema = z.object({
  id: z.uuid(),
  milestoneId: z.uuid(),
  message: z.string(),
  urgedAt: z.string(),
  urgedBy: oversightPersonSchema,
});
export type MilestoneUrge = z.infer<typeof milestoneUrgeSchema>;

export const milestoneInstructionSchema = z.object({
  id: z.uuid(),
  milestoneId: z.uuid(),
  text: z.string(),
  writtenAt: z.string(),
  writtenBy: oversightPersonSchema,
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: oversightPersonSchema.nullable(),
});
export type MilestoneInstruction = z.infer<typeof milestoneInstructionSchema>;

/** `GET /api/milestones/:id/oversight`: the item's urgings and instructions, newest first. */
export const milestoneOversightSchema = z.object({
  urges: z.array(milestoneUrgeSchema),
  instructions: z.array(milestoneInstructionSchema),
  /** When the caller may urge it next (null: now, or never for a role that may not urge). */
  nextUrgeAt: z.string().nullable(),
});
export type MilestoneOversight = z.infer<typeof milestoneOversightSchema>;

export const instructionIdParamsSchema = z.object({ id: idSchema }).strict();

export const UrgeMilestoneRpc = defineRpc({
  subject: 'projects.milestone.urge',
  service: 'projects',
  request: withActor({ milestoneId: idSchema, message: z.string().optional() }),
  response: milestoneUrgeSchema,
});

export const InstructMilestoneRpc = defineRpc({
  subject: 'projects.milestone.instruct',
  service: 'projects',
  request: withActor({ milestoneId: idSchema, ...instructMilestoneBodySchema.shape }),
  response: milestoneInstructionSchema,
});

export const AcknowledgeInstructionRpc = defineRpc({
  subject: 'projects.instruction.acknowledge',
  service: 'projects',
  request: withActor({ instructionId: idSchema }),
  response: milestoneInstructionSchema,
});

export const GetMilestoneOversightRpc = defineRpc({
  subject: 'projects.milestone.oversight',
  service: 'projects',
  request: withActor({ milestoneId: idSchema }),
  response: milestoneOversightSchema,
});

// Subjects below live in the broker: they are stable.

/** Urged (催办): its responsible officers are to be told at once. */
export const MilestoneUrged = defineEvent({
  type: 'duban.projects.milestone.urged.v1',
  version: 1,
  aggregate: 'milestone',
  schema: milestoneEvent({
    urgeId: z.uuid(),
    message: z.string(),
    urgedAt: z.iso.datetime({ offset: true }),
    urgedBy: eventActorSchema,
  }),
});
export type MilestoneUrgedData = z.infer<typeof MilestoneUrged.schema>;

/** An instruction (批示) the county must acknowledge: its responsible officers and the county's officers are told. */
export const MilestoneInstructed = defineEvent({
  type: 'duban.projects.milestone.instructed.v1',
  version: 1,
  aggregate: 'milestone',
  schema: milestoneEvent({
    instructionId: z.uuid(),
    text: z.string(),
    writtenAt: z.iso.datetime({ offset: true }),
    writtenBy: eventActorSchema,
  }),
});
export type MilestoneInstructedData = z.infer<typeof MilestoneInstructed.schema>;

/** The county acknowledged an instruction: whoever wrote it is told. */
export const InstructionAcknowledged = defineEvent({
  type: 'duban.projects.instruction.acknowledged.v1',
  version: 1,
  aggregate: 'milestone',
  schema: milestoneEvent({
    instructionId: z.uuid(),
    text: z.string(),
    writtenBy: eventActorSchema,
    acknowledgedAt: z.iso.datetime({ offset: true }),
    acknowledgedBy: eventActorSchema,
  }),
});
export type InstructionAcknowledgedData = z.infer<typeof InstructionAcknowledged.schema>;
