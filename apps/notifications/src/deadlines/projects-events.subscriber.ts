import { Injectable } from '@nestjs/common';
import {
  MilestoneCompleted,
  MilestoneReopened,
  MilestoneRescheduled,
  MilestoneScheduled,
  MilestoneUpdated,
  Streams,
  type Envelope,
  type MilestoneCompletedData,
  type MilestoneReopenedData,
  type MilestoneRescheduledData,
  type MilestoneScheduledData,
  type MilestoneUpdatedData,
} from '@duban/contracts';
import { EventSubscriber, OnEvent } from '@duban/platform';
import type { EntityManager } from 'typeorm';
import { deadlineFromMilestone } from './deadline';
import { DeadlinesService } from './deadlines.service';

/**
 * The projects service's milestone events, translated into deadlines. The durable name lives in the broker
 * and in the inbox table: it is stable.
 */
@Injectable()
@EventSubscriber({ durable: 'notifications-projects', stream: Streams.projects })
export class ProjectsEventsSubscriber {
  constructor(private readonly deadlines: DeadlinesService) {}

  @OnEvent(MilestoneScheduled)
  async scheduled(event: Envelope<MilestoneScheduledData>, manager: EntityManager): Promise<void> {
    await this.deadlines.apply(manager, deadlineFromMilestone(event.data, event.data.history), event.id, 'auto');
  }

  @OnEvent(MilestoneRescheduled)
  async rescheduled(event: Envelope<MilestoneRescheduledData>, manager: EntityManager): Promise<void> {
    await this.deadlines.apply(manager, deadlineFromMilestone(event.data, false), event.id, 'replan');
  }

  @OnEvent(MilestoneUpdated)
  async updated(event: Envelope<MilestoneUpdatedData>, manager: EntityManager): Promise<void> {
    const history = await this.deadlines.historyOf(manager, 'projects', event.data.milestoneId);
    await this.deadlines.apply(manager, deadlineFromMilestone(event.data, history), event.id, 'auto');
  }

  @OnEvent(MilestoneCompleted)
  async completed(event: Envelope<MilestoneCompletedData>, manager: EntityManager): Promise<void> {
    // Recorded in full (not only closed) so a deadline first heard of here still exists, done.
    await this.deadlines.apply(manager, { ...deadlineFromMilestone(event.data, false), status: 'done' }, event.id, 'auto');
  }

  @OnEvent(MilestoneReopened)
  async reopened(event: Envelope<MilestoneReopenedData>, manager: EntityManager): Promise<void> {
    await this.deadlines.apply(manager, { ...deadlineFromMilestone(event.data, false), status: 'open' }, event.id, 'replan');
  }
}
