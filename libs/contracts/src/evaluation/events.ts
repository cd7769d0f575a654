import { z } from 'zod';
import { deadlineEventsOf } from '../deadlines';
import { defineEvent } from '../envelope';

// Subjects below live in the broker (and in consumers' filters): they are stable.

/**
 * An acceptance inspection was signed by its inspector and countersigned by the county, and its total
 * reached the programme's passing threshold. The projects service completes the county's acceptance
 * milestone (the template milestone with `completesOn: 'acceptance_signed'`) on it, once.
 */
export const InspectionPassed = defineEvent({
  type: 'duban.evaluation.inspection.passed.v1',
  version: 1,
  aggregate: 'inspection',
  schema: z.object({
    projectId: z.uuid(),
    programmeId: z.uuid(),
    regionCode: z.string(),
    inspectionId: z.uuid(),
    /** The first inspection, when this is a re-inspection. */
    reinspectionOf: z.uuid().nullable(),
    /** Points, in steps of 0.5. */
    total: z.number(),
    maxTotal: z.number(),
    passThreshold: z.number(),
    /** When the county countersigned (the moment the acceptance became final). */
    signedAt: z.iso.datetime({ offset: true }),
    inspector: z.object({ username: z.string(), name: z.string(), signedAt: z.iso.datetime({ offset: true }) }),
    countersignedBy: z.object({ username: z.string(), name: z.string() }),
    /** SHA-256 of the signed content. */
    contentHash: z.string(),
  }),
});
export type InspectionPassedData = z.infer<typeof InspectionPassed.schema>;

/**
 * Scores were saved on an inspection (or a self-assessment): pages showing its score sheet refetch it (the
 * gateway's live stream, topic `inspection`). A hint only: no consumer keeps state from it.
 */
export const InspectionScored = defineEvent({
  type: 'duban.evaluation.inspection.scored.v1',
  version: 1,
  aggregate: 'inspection',
  schema: z.object({
    projectId: z.uuid(),
    regionCode: z.string(),
    cityRegionCode: z.string().nullable(),
    inspectionId: z.uuid(),
    /** The items whose score or note changed. */
    itemIds: z.array(z.string()),
    scoredBy: z.string(),
    scoredAt: z.iso.datetime({ offset: true }),
  }),
});
export type InspectionScoredData = z.infer<typeof InspectionScored.schema>;

/** Rectification deadlines, for the notifications service (`duban.evaluation.deadline.set.v1`, …). */
export const EvaluationDeadlines = deadlineEventsOf('evaluation');
