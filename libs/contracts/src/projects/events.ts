import { z } from 'zod';
import { defineEvent } from '../envelope';
import { roleSchema } from '../identity';
import { milestoneStatusSchema, officerRefSchema } from './common';
import { fundingSourceRuleSchema, programmeStatusSchema, reminderPolicySchema } from './programme';

/** Who did it, as events name the user (the gateway account). */
export const eventActorSchema = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
});
export type EventActor = z.infer<typeof eventActorSchema>;

/**
 * Everything the notifications service needs to plan a milestone's reminders without asking back: where
 * it is, when it falls due, whom to remind and whom to alert, and under which policy. Every milestone event
 * carries the milestone's state as it is after the change.
 */
const milestoneFacts = z.object({
  programmeId: z.uuid(),
  programmeCode: z.string(),
  projectId: z.uuid(),
  projectName: z.string(),
  /** The county's code and name, and its city's code (escalations go to the city). */
  regionCode: z.string(),
  regionName: z.string(),
  cityRegionCode: z.string().nullable(),
  milestoneId: z.uuid(),
  /** Template key (plan, site, …); null for an extra milestone. */
  key: z.string().nullable(),
  title: z.string(),
  /** Exactly one: a local date (Asia/Shanghai, due at the end of that day) or an exact instant. */
  dueDate: z.iso.date().nullable(),
  dueAt: z.iso.datetime({ offset: true }).nullable(),
  status: milestoneStatusSchema,
  responsibleOfficers: z.array(officerRefSchema),
  /** The county's 组长, who gets overdue alerts; null while the county has no leading group. */
  countyLeader: officerRefSchema.nullable(),
  /** An extra milestone's own plan (ISO 8601 offsets from dueAt); null means: follow `reminderPolicy`. */
  reminderPlan: z.array(z.string()).nullable(),
  reminderPolicy: reminderPolicySchema,
});

/**
 * Where a milestone event's milestone is (its project, county and city): what a hint about any milestone event
 * reads, validated without the rest of the payload (`@EventPattern(type, { fanout: true, reads })`).
 */
export const milestonePlaceSchema = milestoneFacts.pick({ projectId: true, regionCode: true, cityRegionCode: true });
export type MilestonePlace = z.infer<typeof milestonePlaceSchema>;

/** A milestone event's payload: the facts plus what is particular to the event. Exactly one due is set. */
export function milestoneEvent<T extends z.ZodRawShape>(extra: T) {
  return milestoneFacts.extend(extra).refine((facts) => hasOneDue(facts as unknown as z.infer<typeof milestoneFacts>), {
    message: 'exactly one of dueDate, dueAt',
  });
}

function hasOneDue(facts: { dueDate: string | null; dueAt: string | null }): boolean {
  return (facts.dueDate === null) !== (facts.dueAt === null);
}

export const milestoneFactsSchema = milestoneEvent({});
export type MilestoneFacts = z.infer<typeof milestoneFactsSchema>;

// Subjects below live in the broker (and in consumers' filters): they are stable.

/**
 * A milestone now exists with a deadline. `history: true` marks a milestone loaded after the fact (a past
 * programme imported for the record, as the demo's 2023 programme is): consumers record its deadline but
 * plan no reminder, overdue alert or escalation for it, so long-past deadlines never become a flood of
 * alerts. A later rescheduled or reopened event about it is a live change and is planned as usual.
 */
export const MilestoneScheduled = defineEvent({
  type: 'duban.projects.milestone.scheduled.v1',
  version: 1,
  aggregate: 'milestone',
  schema: milestoneEvent({ history: z.boolean() }),
});
export type MilestoneScheduledData = z.infer<typeof MilestoneScheduled.schema>;

/** The deadline moved (dueDate or dueAt); the previous one is given so consumers can drop its timers. */
export const MilestoneRescheduled = defineEvent({
  type: 'duban.projects.milestone.rescheduled.v1',
  version: 1,
  aggregate: 'milestone',
  schema: milestoneEvent({
    previousDueDate: z.iso.date().nullable(),
    previousDueAt: z.iso.datetime({ offset: true }).nullable(),
    changedBy: eventActorSchema,
  }),
});
export type MilestoneRescheduledData = z.infer<typeof MilestoneRescheduled.schema>;

/**
 * Something other than the deadline changed that reminders depend on: the title, the responsible officers,
 * the status (work started), the programme's reminder policy or an extra milestone's own reminder plan. Consumers re-address the planned reminders; the deadline is unchanged.
 */
export const MilestoneUpdated = defineEvent({
  type: 'duban.projects.milestone.updated.v1',
  version: 1,
  aggregate: 'milestone',
  schema: milestoneEvent({
    changed: z.array(z.enum(['title', 'responsibleOfficers', 'status', 'reminderPolicy', 'reminderPlan'])).min(1),
    changedBy: eventActorSchema,
  }),
});
export type MilestoneUpdatedData = z.infer<typeof MilestoneUpdated.schema>;

/** Done, with evidence: reminders stop. */
export const MilestoneCompleted = defineEvent({
  type: 'duban.projects.milestone.completed.v1',
  version: 1,
  aggregate: 'milestone',
  schema: milestoneEvent({ completedAt: z.iso.datetime({ offset: true }), completedBy: eventActorSchema }),
});
export type MilestoneCompletedData = z.infer<typeof MilestoneCompleted.schema>;

/** Not done after all: open again, with the reason; reminders resume against its deadline. */
export const MilestoneReopened = defineEvent({
  type: 'duban.projects.milestone.reopened.v1',
  version: 1,
  aggregate: 'milestone',
  schema: milestoneEvent({
    reason: z.string(),
    reopenedAt: z.iso.datetime({ offset: true }),
    reopenedBy: eventActorSchema,
  }),
});
export type MilestoneReopenedData = z.infer<typeof MilestoneReopened.schema>;

/**
 * What a county adds to the dashboards' read model changed (its milestones' lights, its latest report, its
 * figures), committed with the change: live pages refetch a dashboard on this, never before the model has it.
 */
export const DashboardRollupChanged = defineEvent({
  type: 'duban.projects.dashboard.rollup-changed.v1',
  version: 1,
  aggregate: 'county-project',
  schema: z.object({
    programmeId: z.uuid(),
    projectId: z.uuid(),
    regionCode: z.string(),
    cityRegionCode: z.string().nullable(),
  }),
});
export type DashboardRollupChangedData = z.infer<typeof DashboardRollupChanged.schema>;

/** A county's task-list row (附件1) changed: each changed field with its value before and after. */
export const ProjectUpdated = defineEvent({
  type: 'duban.projects.project.updated.v1',
  version: 1,
  aggregate: 'county-project',
  schema: z.object({
    programmeId: z.uuid(),
    projectId: z.uuid(),
    regionCode: z.string(),
    regionName: z.string(),
    cityRegionCode: z.string().nullable(),
    changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })),
    version: z.number().int(),
    updatedBy: eventActorSchema,
  }),
});
export type ProjectUpdatedData = z.infer<typeof ProjectUpdated.schema>;

/**
 * A county's project exists under a programme, with where it sits in the region tree and its population
 * base. Other services (funding, evaluation) keep their own copy of what they need from it, since they
 * share no tables with projects. Emitted once per project, when a programme is instantiated.
 */
export const ProjectRegistered = defineEvent({
  type: 'duban.projects.project.registered.v1',
  version: 1,
  aggregate: 'county-project',
  schema: z.object({
    programmeId: z.uuid(),
    programmeCode: z.string(),
    programmeYear: z.number().int(),
    projectId: z.uuid(),
    projectName: z.string(),
    regionCode: z.string(),
    regionName: z.string(),
    cityRegionCode: z.string().nullable(),
    cityName: z.string().nullable(),
    provinceRegionCode: z.string().nullable(),
    population: z.number().int().nonnegative().nullable(),
    populationSource: z.string().nullable(),
    /**
     * The province's name and its own population base with the source of that figure (附件4's 全省总计 line:
     * 34,804,758 from 山西统计年鉴-2022), so no consumer has to add up county figures taken from different
     * statistics. Optional: events published before these fields existed still parse (absent = unknown).
     */
    provinceName: z.string().nullable().optional(),
    provincePopulation: z.number().int().nonnegative().nullable().optional(),
    provincePopulationSource: z.string().nullable().optional(),
    plannedAreaM2: z.number().int().nonnegative().nullable(),
    plannedAreaAtLeast: z.boolean(),
    /** The programme was loaded after the fact (its year is over). */
    history: z.boolean(),
    /**
     * The programme's template parts other services own, by value: evaluation's pass mark and rubric code.
     * Optional: programmes set up before templates (and their events) carry none (the defaults apply).
     */
    acceptance: z.object({ passMark: z.number().nonnegative(), rubricCode: z.string().nullable() }).optional(),
    /** Funding's part: the sources the programme's money comes from and the categories each may pay for. */
    fundingSources: z.array(fundingSourceRuleSchema).optional(),
  }),
});
export type ProjectRegisteredData = z.infer<typeof ProjectRegistered.schema>;

/**
 * What every service's copy of a county project keeps of a registration, in one order: the project, its
 * programme, its name and its region path (county, city, province). Repositories insert these values first
 * in their own column names, then whatever else their service keeps.
 */
export function projectRefValues(data: ProjectRegisteredData): (string | number | null)[] {
  return [
    data.projectId,
    data.programmeId,
    data.programmeCode,
    data.programmeYear,
    data.projectName,
    data.regionCode,
    data.regionName,
    data.cityRegionCode,
    data.cityName,
    data.provinceRegionCode,
  ];
}

/**
 * A leading-group member was added, changed or removed, with everything the notifications service needs
 * to reach them: the contacts (a member without an account is reached by e-mail through them) and the
 * account, if any. The milestones the change affects are re-announced as MilestoneUpdated beside it.
 */
export const OfficerChanged = defineEvent({
  type: 'duban.projects.officer.changed.v1',
  version: 1,
  aggregate: 'officer',
  schema: z.object({
    officerId: z.uuid(),
    projectId: z.uuid(),
    regionCode: z.string(),
    name: z.string(),
    username: z.string().nullable(),
    contacts: z.object({
      mobile: z.string().nullable(),
      email: z.string().nullable(),
      dingtalkId: z.string().nullable(),
      wecomId: z.string().nullable(),
    }),
    /** The member asked for no SMS; absent in events from before the flag (no opt-out). */
    smsOptedOut: z.boolean().optional(),
    removed: z.boolean(),
    changedBy: eventActorSchema,
  }),
});
export type OfficerChangedData = z.infer<typeof OfficerChanged.schema>;

/**
 * A programme was closed (or, later, archived): it is read-only from then on and nothing chases it any more.
 * Closing is final (no event opens a programme again). Notifications cancel the programme's open deadlines
 * (milestones, monthly reports, rectifications) and plan nothing for it afterwards; funding and evaluation
 * refuse writes to it. Carries the name and year so every service words its 409 the same way.
 */
export const ProgrammeClosed = defineEvent({
  type: 'duban.projects.programme.closed.v1',
  version: 1,
  aggregate: 'programme',
  schema: z.object({
    programmeId: z.uuid(),
    programmeCode: z.string(),
    name: z.string(),
    year: z.number().int(),
    status: programmeStatusSchema.exclude(['open']),
    closedAt: z.iso.datetime({ offset: true }),
    closedBy: eventActorSchema,
  }),
});
export type ProgrammeClosedData = z.infer<typeof ProgrammeClosed.schema>;

/**
 * A running programme now follows another version of its template: the parts other services own, by value
 * (funding's sources and the categories each may pay for; evaluation's pass mark and rubric code; the
 * notifications service's reminder policy). A new programme's rules travel with each ProjectRegistered
 * instead. Consumers keep the latest (event ids are time-ordered) in their own tables.
 */
export const ProgrammeRulesChanged = defineEvent({
  type: 'duban.projects.programme.rules-changed.v1',
  version: 1,
  aggregate: 'programme',
  schema: z.object({
    programmeId: z.uuid(),
    programmeCode: z.string(),
    templateCode: z.string(),
    templateVersion: z.number().int(),
    acceptance: z.object({ passMark: z.number().nonnegative(), rubricCode: z.string().nullable() }),
    fundingSources: z.array(fundingSourceRuleSchema),
    /**
     * The programme's reminder policy from now on: the notifications service re-plans every open milestone of
     * the programme that follows the policy (not one with its own reminder plan) in one go, instead of one
     * MilestoneUpdated per milestone. Optional: events published before it was added carry none.
     */
    reminderPolicy: reminderPolicySchema.optional(),
    changedBy: eventActorSchema,
  }),
});
export type ProgrammeRulesChangedData = z.infer<typeof ProgrammeRulesChanged.schema>;
