import { endOfLocalDay, localDateOf, parseLocalDate, type LocalDate } from '@duban/calendar';
import {
  appLink,
  regionPathFromCode,
  type Deadline,
  type MilestoneFacts,
  type OfficerRef,
  type ReminderPolicy,
  type SubjectType,
} from '@duban/contracts';
import { addresseeRecipient, responsibleRecipient, type Recipient } from '../recipients/recipient.rules';

/**
 * The notifications service's own model of "something is due": it knows nothing of milestones as such.
 * Projects' milestone events and any service's `deadline.set` events are translated into this shape.
 */

export type DeadlineStatus = 'open' | 'done' | 'cancelled';

export interface DeadlineFacts {
  /** The publishing service and its id for the deadline: together, the deadline's identity. */
  readonly source: string;
  readonly sourceId: string;
  /** One of the contracts' SUBJECT_TYPES as a rule, but another service may name its own. */
  readonly subjectType: string;
  readonly subjectId: string;
  readonly title: string;
  readonly programmeId: string;
  readonly projectId: string;
  readonly projectName: string | null;
  readonly regionCode: string;
  readonly regionName: string;
  readonly cityRegionCode: string | null;
  /** The local due date (due at the end of that day), or null for an exact instant. */
  readonly dueDate: LocalDate | null;
  /** The instant it falls due: the end of `dueDate` in the policy's zone, or the exact instant. */
  readonly dueAt: Date;
  readonly responsible: readonly Recipient[];
  readonly countyLeader: Recipient | null;
  readonly cityOfficer: Recipient | null;
  readonly policy: ReminderPolicy;
  /** Exact ISO 8601 offsets from `dueAt`, instead of the policy. */
  readonly plan: readonly string[] | null;
  readonly history: boolean;
  readonly status: DeadlineStatus;
}

/** A member with an account is reached as that account; one without, through the group's contacts (officerId). */
function officerRecipient(officer: OfficerRef): Recipient {
  return officer.username
    ? { kind: 'user', username: officer.username, name: officer.name }
    : { kind: 'user', username: null, name: officer.name, officerId: officer.id };
}

function dueOf(
  dueDate: string | null,
  dueAt: string | null,
  policy: ReminderPolicy,
): Pick<DeadlineFacts, 'dueDate' | 'dueAt'> {
  if (dueDate !== null) {
    const date = parseLocalDate(dueDate);
    return { dueDate: date, dueAt: endOfLocalDay(date, policy.timeZone) };
  }
  if (dueAt === null) throw new Error('A deadline needs a due date or a due instant');
  return { dueDate: null, dueAt: new Date(dueAt) };
}

/** The city's officers receive escalations: an address by role, since services do not see accounts. */
function cityOfficerOf(cityRegionCode: string | null): Recipient | null {
  return cityRegionCode ? { kind: 'role', role: 'city_officer', regionCode: cityRegionCode } : null;
}

/** A projects milestone's deadline: its source and subject type (its source id is the milestone's id). */
export const MILESTONE_SOURCE = 'projects';
export const MILESTONE_SUBJECT: SubjectType = 'milestone';

/** A projects milestone event as a deadline (source `projects`, id = the milestone's id). */
export function deadlineFromMilestone(facts: MilestoneFacts, history: boolean): DeadlineFacts {
  return {
    source: MILESTONE_SOURCE,
    sourceId: facts.milestoneId,
    subjectType: MILESTONE_SUBJECT,
    subjectId: facts.milestoneId,
    title: facts.title,
    programmeId: facts.programmeId,
    projectId: facts.projectId,
    projectName: facts.projectName,
    regionCode: facts.regionCode,
    regionName: facts.regionName,
    cityRegionCode: facts.cityRegionCode,
    ...dueOf(facts.dueDate, facts.dueAt, facts.reminderPolicy),
    responsible: facts.responsibleOfficers.map(officerRecipient),
    countyLeader: facts.countyLeader ? officerRecipient(facts.countyLeader) : null,
    cityOfficer: cityOfficerOf(facts.cityRegionCode),
    policy: facts.reminderPolicy,
    // A plan only makes sense against an exact instant; a dated milestone follows the policy.
    plan: facts.dueAt !== null && facts.reminderPlan ? facts.reminderPlan : null,
    history,
    status: facts.status === 'done' ? 'done' : 'open',
  };
}

/** Any service's generic `deadline.set` event as a deadline. */
export function deadlineFromEvent(service: string, deadline: Deadline): DeadlineFacts {
  const due =
    'date' in deadline.due
      ? dueOf(deadline.due.date, null, deadline.policy)
      : dueOf(null, deadline.due.at, deadline.policy);
  return {
    source: service,
    sourceId: deadline.deadlineId,
    subjectType: deadline.subjectType,
    subjectId: deadline.subjectId,
    title: deadline.title,
    programmeId: deadline.programmeId,
    projectId: deadline.projectId,
    projectName: null,
    regionCode: deadline.regionCode,
    regionName: deadline.regionName,
    cityRegionCode: deadline.cityRegionCode,
    ...due,
    responsible: deadline.responsible.map(responsibleRecipient),
    countyLeader: deadline.countyLeader ? responsibleRecipient(deadline.countyLeader) : null,
    cityOfficer: deadline.cityOfficer
      ? addresseeRecipient(deadline.cityOfficer)
      : cityOfficerOf(deadline.cityRegionCode),
    policy: deadline.policy,
    plan: due.dueDate === null ? deadline.plan : null,
    history: deadline.history,
    status: 'open',
  };
}

/** The local date on which an instant deadline falls due (an instant at local midnight ends the day before). */
export function dueLocalDate(
  deadline: Pick<DeadlineFacts, 'dueDate' | 'dueAt'> & { readonly policy: Pick<DeadlineFacts['policy'], 'timeZone'> },
): LocalDate {
  return deadline.dueDate ?? localDateOf(new Date(deadline.dueAt.getTime() - 1), deadline.policy.timeZone);
}

/**
 * Where a deadline lies, for the one scope rule (`inScope`): its county, city and province as read from the
 * county's code, and the city its events name (the same one for every GB/T 2260 county).
 */
export function deadlineRegionPath(deadline: Pick<DeadlineFacts, 'regionCode' | 'cityRegionCode'>): (string | null)[] {
  return [...regionPathFromCode(deadline.regionCode), deadline.cityRegionCode];
}

/** The in-app source key of a reminder stage: its rows' once-key, with the recipient's (one row per stage and person). */
export function reminderSourceKey(deadlineId: string, planVersion: number, stage: string): string {
  return `reminder:${deadlineId}:v${planVersion}:${stage}`;
}

/** The web app's page of what the deadline is about: the link its reminders carry. */
export function deadlineLink(
  deadline: Pick<DeadlineFacts, 'subjectType' | 'subjectId' | 'projectId' | 'regionCode'>,
): string | null {
  return appLink({
    type: deadline.subjectType,
    id: deadline.subjectId,
    projectId: deadline.projectId,
    regionCode: deadline.regionCode,
  });
}
