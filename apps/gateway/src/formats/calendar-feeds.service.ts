import { Injectable } from '@nestjs/common';
import {
  GetProjectRpc,
  ListMilestoneRemindersRpc,
  ListMilestonesRpc,
  ListOfficersRpc,
  ListProgrammesRpc,
  ListProjectsRpc,
  type Actor,
  type MilestoneView,
  type ProgrammeView,
  type ProjectView,
} from '@duban/contracts';
import { Clock, RpcClient } from '@duban/platform';
import { renderCalendar, type DueDayEvent } from './calendar-feed';
import { milestoneEvent, plannedAlarms, policyAlarms, reportDayEvents } from './calendar-events';

/**
 * The iCalendar feeds, composed at the gateway from the services' answers with the caller as actor (scope
 * is theirs: a project outside it is their 404). Alarms follow the reminders the notifications service
 * planned for each milestone; without a plan, the programme's policy in days.
 */
@Injectable()
export class CalendarFeeds {
  constructor(
    private readonly rpc: RpcClient,
    private readonly clock: Clock,
  ) {}

  /** Every milestone of the project, and its monthly report days. */
  async project(actor: Actor, projectId: string): Promise<{ name: string; ics: string }> {
    const [project, milestones, programmes] = await Promise.all([
      this.rpc.call(GetProjectRpc, { actor, projectId }),
      this.rpc.call(ListMilestonesRpc, { actor, projectId }),
      this.rpc.call(ListProgrammesRpc, { actor }),
    ]);
    const programme = programmes.find((candidate) => candidate.id === project.programmeId) ?? null;
    const events = await this.eventsOf(actor, project, milestones, programme);
    const name = `${project.name} 节点日历`;
    return { name, ics: renderCalendar(name, events, this.clock.now()) };
  }

  /**
   * What the person answers for: in each project of their scope where they sit in the leading group, the
   * milestones they are responsible for and the monthly report days.
   */
  async personal(actor: Actor): Promise<string> {
    const [projects, programmes] = await Promise.all([
      this.rpc.call(ListProjectsRpc, { actor }),
      this.rpc.call(ListProgrammesRpc, { actor }),
    ]);
    const events: DueDayEvent[] = [];
    for (const project of projects) {
      const officers = await this.rpc.call(ListOfficersRpc, { actor, projectId: project.id });
      const mine = new Set(officers.filter((officer) => officer.username === actor.username).map((o) => o.id));
      if (mine.size === 0) continue;
      const milestones = await this.rpc.call(ListMilestonesRpc, { actor, projectId: project.id });
      const answered = milestones.filter((milestone) => milestone.responsibleOfficerIds.some((id) => mine.has(id)));
      const programme = programmes.find((candidate) => candidate.id === project.programmeId) ?? null;
      events.push(...(await this.eventsOf(actor, project, answered, programme)));
    }
    return renderCalendar(`${actor.displayName}的督办日历`, events, this.clock.now());
  }

  private async eventsOf(
    actor: Actor,
    project: ProjectView,
    milestones: readonly MilestoneView[],
    programme: ProgrammeView | null,
  ): Promise<DueDayEvent[]> {
    const events: DueDayEvent[] = [];
    for (const milestone of milestones) {
      const alarms = (await this.planned(actor, milestone.id)) ?? policyAlarms(programme);
      events.push(milestoneEvent(project, milestone, alarms));
    }
    return programme ? [...events, ...reportDayEvents(project, programme)] : events;
  }

  /** The milestone's planned reminders, or null when the notifications service has none (or is away). */
  private async planned(actor: Actor, milestoneId: string) {
    try {
      return plannedAlarms((await this.rpc.call(ListMilestoneRemindersRpc, { actor, milestoneId })).items);
    } catch {
      return null;
    }
  }
}
