import { ProjectRegistered, Streams, type Envelope, type ProjectRegisteredData } from '@duban/contracts';
import { EventSubscriber, OnEvent } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DemoAllocations } from '../demo/demo-allocations';
import { FundingProjectsRepository } from './funding-projects.repository';

/**
 * Funding learns of county projects only from the projects service's ProjectRegistered events, and keeps
 * its own copy (region path, population base). The durable name lives in the broker and the inbox: stable.
 */
@Injectable()
@EventSubscriber({ durable: 'funding-projects', stream: Streams.projects })
export class ProjectRegisteredSubscriber {
  constructor(
    private readonly projects: FundingProjectsRepository,
    private readonly demo: DemoAllocations,
  ) {}

  @OnEvent(ProjectRegistered)
  async registered(event: Envelope<ProjectRegisteredData>, manager: EntityManager): Promise<void> {
    await this.projects.insertRegistered(manager, event.data);
    // The demo's allocations wait for the projects they belong to, whichever service started first.
    await this.demo.projectRegistered(manager, event.data);
  }
}
