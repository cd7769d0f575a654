import { ProjectRegistered, type Envelope, type ProjectRegisteredData } from '@duban/contracts';
import { Clock, EventContext } from '@duban/platform';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ProjectRefsRepository } from '../project-refs/project-refs.repository';
import { DemoAllocations } from './demo-allocations.service';

/**
 * The demo's allocations follow the projects as they are registered, on a consumer of their own (the
 * production copy of the projects knows nothing of the demo). The durable name lives in the broker and the
 * inbox: stable. Its own consumer may see a registration before funding's copy does, so it records the copy
 * too (the same idempotent insert): the allocations wait for nothing, whichever service started first.
 */
@Controller()
export class DemoAllocationsSubscriber {
  constructor(
    private readonly projects: ProjectRefsRepository,
    private readonly demo: DemoAllocations,
    private readonly clock: Clock,
  ) {}

  @EventPattern(ProjectRegistered.type, { durable: 'funding-demo-allocations' })
  async registered(@Payload() event: Envelope<ProjectRegisteredData>, @Ctx() ctx: EventContext): Promise<void> {
    await this.projects.insertRegistered(ctx.tx, event.data, this.clock.now());
    await this.demo.projectRegistered(ctx.tx, event.data);
  }
}
