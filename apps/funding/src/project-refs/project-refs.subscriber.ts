import { ProjectRegistered, type Envelope, type ProjectRegisteredData } from '@duban/contracts';
import { Clock, EventContext } from '@duban/platform';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ProgrammeRulesRepository } from './programme-rules.repository';
import { ProjectRefsRepository } from './project-refs.repository';

/**
 * Funding learns of county projects only from the projects service's ProjectRegistered events, and keeps
 * its own copy (region path, population base) and the programme's funding rules the first one carries. The durable name lives in the broker and the inbox: stable.
 */
@Controller()
export class ProjectRegisteredSubscriber {
  constructor(
    private readonly projects: ProjectRefsRepository,
    private readonly rules: ProgrammeRulesRepository,
    private readonly clock: Clock,
  ) {}

  @EventPattern(ProjectRegistered.type, { durable: 'funding-projects' })
  async registered(@Payload() event: Envelope<ProjectRegisteredData>, @Ctx() ctx: EventContext): Promise<void> {
    const now = this.clock.now();
    await this.projects.insertRegistered(ctx.tx, event.data, now);
    // The programme's sources and their categories come with its first registration (its template's).
    await this.rules.insertRegistered(
      ctx.tx,
      {
        programmeId: event.data.programmeId,
        programmeCode: event.data.programmeCode,
        sourceRules: event.data.fundingSources ?? null,
      },
      now,
    );
  }
}
