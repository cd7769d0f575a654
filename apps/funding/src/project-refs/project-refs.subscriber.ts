import { ProjectRegistered, type Envelope, type ProjectRegisteredData } from '@duban/contracts';
import { Clock, EventContext } from '@duban/platform';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ProjectRefsRepository } from './project-refs.repository';

/**
 * Funding learns of county projects only from the projects service's ProjectRegistered events, and keeps
 * its own copy (region path, population base). The durable name lives in the broker and the inbox: stable.
 */
@Controller()
export class ProjectRegisteredSubscriber {
  constructor(
    private readonly projects: ProjectRefsRepository,
    private readonly clock: Clock,
  ) {}

  @EventPattern(ProjectRegistered.type, { durable: 'funding-projects' })
  async registered(@Payload() event: Envelope<ProjectRegisteredData>, @Ctx() ctx: EventContext): Promise<void> {
    await this.projects.insertRegistered(ctx.tx, event.data, this.clock.now());
  }
}
