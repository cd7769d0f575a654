import { ProjectRegistered, Streams, type Envelope, type ProjectRegisteredData } from '@duban/contracts';
import { EventSubscriber, OnEvent } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ProjectRefsRepository } from './project-refs.repository';

/**
 * Keeps evaluation's copy of the county projects. The durable name lives in the broker and the inbox
 * table: it is stable.
 */
@Injectable()
@EventSubscriber({ durable: 'evaluation-projects', stream: Streams.projects })
export class ProjectRegisteredSubscriber {
  constructor(private readonly projects: ProjectRefsRepository) {}

  @OnEvent(ProjectRegistered)
  async onProjectRegistered(event: Envelope<ProjectRegisteredData>, manager: EntityManager): Promise<void> {
    await this.projects.register(manager, event.data);
  }
}
