import { ProjectRegistered, type Envelope, type ProjectRegisteredData } from '@duban/contracts';
import { Clock, EventContext } from '@duban/platform';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { SettingsRepository } from '../settings/settings.repository';
import { ProjectRefsRepository } from './project-refs.repository';

/**
 * Keeps evaluation's copy of the county projects, and gives each new programme its acceptance settings:
 * the pass mark and rubric code its template carries in the registration, else the defaults. The durable name lives in the broker and the inbox table: it is stable.
 */
@Controller()
export class ProjectRegisteredSubscriber {
  constructor(
    private readonly projects: ProjectRefsRepository,
    private readonly settings: SettingsRepository,
    private readonly clock: Clock,
  ) {}

  @EventPattern(ProjectRegistered.type, { durable: 'evaluation-projects' })
  async onProjectRegistered(
    @Payload() event: Envelope<ProjectRegisteredData>,
    @Ctx() context: EventContext,
  ): Promise<void> {
    const now = this.clock.now();
    await this.projects.register(context.tx, event.data, now);
    await this.settings.addDefaults(
      context.tx,
      event.data.programmeId,
      event.data.programmeCode,
      now,
      event.data.acceptance,
    );
  }
}
