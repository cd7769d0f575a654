import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  CalendarYearLoaded,
  MilestoneCompleted,
  MilestoneReopened,
  MilestoneRescheduled,
  MilestoneScheduled,
  MilestoneUpdated,
  ProgrammeClosed,
  ProgrammeRulesChanged,
  ProjectRegistered,
  ProjectUpdated,
  milestonePlaceSchema,
  type Envelope,
  type MilestonePlace,
} from '@duban/contracts';
import { ProjectDetails } from './project-details';

/** Every replica sees every event (ordered consumers from "new"): its own read model forgets what changed. */
const FANOUT = { fanout: true } as const;
/** A milestone event's hint reads only where its milestone is. */
const MILESTONE_FANOUT = { fanout: true, reads: milestonePlaceSchema } as const;

/**
 * Keeps ProjectDetails (the read model of `GET /api/projects/:id`) by the services' events: what changes a
 * project's answer forgets it here, and the next read asks the projects service again. Events are published
 * after their transaction commits, so the read that follows sees the change. What these events cannot tell
 * (an event missed while the consumer resubscribed) ends with PROJECT_DETAILS_MAX_AGE_MS.
 */
@Controller()
export class ProjectDetailsSubscriber {
  constructor(private readonly details: ProjectDetails) {}

  /** A task-list row changed (its columns, version, updatedAt). */
  @EventPattern(ProjectUpdated.type, FANOUT)
  projectUpdated(@Payload() event: Envelope<{ projectId: string }>): void {
    this.details.forget(event.data.projectId);
  }

  @EventPattern(ProjectRegistered.type, FANOUT)
  projectRegistered(@Payload() event: Envelope<{ projectId: string }>): void {
    this.details.forget(event.data.projectId);
  }

  /** A milestone's status or deadline changed: its project's light may have. */
  @EventPattern(MilestoneScheduled.type, MILESTONE_FANOUT)
  milestoneScheduled(@Payload() event: Envelope<MilestonePlace>): void {
    this.details.forget(event.data.projectId);
  }

  @EventPattern(MilestoneRescheduled.type, MILESTONE_FANOUT)
  milestoneRescheduled(@Payload() event: Envelope<MilestonePlace>): void {
    this.details.forget(event.data.projectId);
  }

  @EventPattern(MilestoneUpdated.type, MILESTONE_FANOUT)
  milestoneUpdated(@Payload() event: Envelope<MilestonePlace>): void {
    this.details.forget(event.data.projectId);
  }

  @EventPattern(MilestoneCompleted.type, MILESTONE_FANOUT)
  milestoneCompleted(@Payload() event: Envelope<MilestonePlace>): void {
    this.details.forget(event.data.projectId);
  }

  @EventPattern(MilestoneReopened.type, MILESTONE_FANOUT)
  milestoneReopened(@Payload() event: Envelope<MilestonePlace>): void {
    this.details.forget(event.data.projectId);
  }

  /** The yellow window (working days) may have changed for every project of the programme. */
  @EventPattern(ProgrammeRulesChanged.type, FANOUT)
  programmeRulesChanged(): void {
    this.details.forgetAll();
  }

  @EventPattern(ProgrammeClosed.type, FANOUT)
  programmeClosed(): void {
    this.details.forgetAll();
  }

  /** A holiday table: working days, hence yellow lights, may have changed anywhere. */
  @EventPattern(CalendarYearLoaded.type, FANOUT)
  calendarYearLoaded(): void {
    this.details.forgetAll();
  }
}
