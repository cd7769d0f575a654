import { z } from 'zod';
import { defineEvent, type EventDefinition } from './envelope';
import { roleSchema } from './identity';
import { reminderPolicySchema } from './projects/programme';
import { reminderPlanSchema } from './projects/common';
import type { ServiceName } from './services';

/**
 * Deadlines and notices any service can publish for the notifications service, which knows nothing of
 * milestones, rectifications or expenditures as such (projects' milestone events are translated into the
 * same shape on the notifications side).
 */

/** Who receives something: a named user (by gateway username), or whoever holds a role in a region. */
export const addresseeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), username: z.string().min(1), name: z.string() }),
  z.object({ kind: z.literal('role'), role: roleSchema, regionCode: z.string().regex(/^\d{6}$/) }),
]);
export type Addressee = z.infer<typeof addresseeSchema>;

/**
 * Who answers for a deadline: an addressee, or a leading-group member (the projects service's officer),
 * reached through their account when they have one, else through the group's contacts (e-mail, mobile).
 */
export const responsibleSchema = z.discriminatedUnion('kind', [
  ...addresseeSchema.options,
  z.object({
    kind: z.literal('officer'),
    officerId: z.uuid(),
    name: z.string(),
    username: z.string().min(1).nullable(),
  }),
]);
export type Responsible = z.infer<typeof responsibleSchema>;

/** A local due date (falls due at the end of that day, Asia/Shanghai) or an exact instant. */
export const deadlineDueSchema = z.union([
  z.object({ date: z.iso.date() }).strict(),
  z.object({ at: z.iso.datetime({ offset: true }) }).strict(),
]);

export const deadlineSchema = z.object({
  /** Unique within the publishing service, stable across updates (e.g. the rectification item's id). */
  deadlineId: z.string().min(1),
  /** What the deadline is about, for links (e.g. 'rectification'); `subjectId` is its id. */
  subjectType: z.string().min(1),
  subjectId: z.string().min(1),
  /** What is due, in Chinese, as a message names it (e.g. 整改：统一标识). */
  title: z.string().min(1),
  programmeId: z.uuid(),
  projectId: z.uuid(),
  regionCode: z.string(),
  regionName: z.string(),
  cityRegionCode: z.string().nullable(),
  due: deadlineDueSchema,
  /** The policy's recipients resolve to these: responsible officers, the county's 组长, the city officer. */
  responsible: z.array(responsibleSchema).min(1),
  countyLeader: responsibleSchema.nullable(),
  cityOfficer: addresseeSchema.nullable(),
  /** The working-day policy; ignored when `plan` is given. */
  policy: reminderPolicySchema,
  /** Exact offsets from `due.at` instead of the policy. */
  plan: reminderPlanSchema.nullable(),
  /** Loaded after the fact: record it, plan nothing that is already past. */
  history: z.boolean(),
});
export type Deadline = z.infer<typeof deadlineSchema>;

export const deadlineClearedSchema = z.object({
  deadlineId: z.string().min(1),
  /** done: the thing was delivered (stop reminding); cancelled: it no longer exists. */
  reason: z.enum(['done', 'cancelled']),
});

/** Something a person must hear of now (not a deadline), e.g. an expenditure flagged as non-compliant. */
export const noticeSchema = z.object({
  noticeId: z.string().min(1),
  subjectType: z.string().min(1),
  subjectId: z.string().min(1),
  title: z.string().min(1),
  body: z.string().min(1),
  regionCode: z.string(),
  /** The project it concerns, when there is one: its link then opens the project's page. */
  projectId: z.uuid().nullish(),
  recipients: z.array(addresseeSchema).min(1),
});
export type Notice = z.infer<typeof noticeSchema>;

export interface DeadlineEvents {
  readonly DeadlineSet: EventDefinition<Deadline>;
  readonly DeadlineCleared: EventDefinition<z.infer<typeof deadlineClearedSchema>>;
  readonly NoticeRaised: EventDefinition<Notice>;
}

/**
 * The deadline and notice events of one publishing service, on its own stream:
 * `duban.<service>.deadline.set.v1` (create or replace), `duban.<service>.deadline.cleared.v1`,
 * `duban.<service>.notice.raised.v1`.
 */
export function deadlineEventsOf(service: ServiceName): DeadlineEvents {
  return {
    DeadlineSet: defineEvent({
      type: `duban.${service}.deadline.set.v1`,
      version: 1,
      aggregate: 'deadline',
      schema: deadlineSchema,
    }),
    DeadlineCleared: defineEvent({
      type: `duban.${service}.deadline.cleared.v1`,
      version: 1,
      aggregate: 'deadline',
      schema: deadlineClearedSchema,
    }),
    NoticeRaised: defineEvent({
      type: `duban.${service}.notice.raised.v1`,
      version: 1,
      aggregate: 'notice',
      schema: noticeSchema,
    }),
  };
}
