import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ProjectDeadlines, type Deadline, type Envelope, type Notice } from '@duban/contracts';
import type { EventContext } from '@duban/platform';
import { DEADLINE_EVENT_CONSUMERS } from '../deadlines/deadline-sources.rules';
import { DeadlineEventsSubscriber } from './deadline-events.subscriber';

/**
 * The projects service's generic deadlines and notices (monthly reports: each month's report, a returned
 * report's resubmission, the notices of a submission and a return), on the same durable consumer as its
 * milestone events, so a firing waits for them the same way.
 */
@Controller()
export class ProjectDeadlinesSubscriber extends DeadlineEventsSubscriber {
  protected readonly service = 'projects' as const;

  @EventPattern(ProjectDeadlines.DeadlineSet.type, { durable: DEADLINE_EVENT_CONSUMERS.projects })
  onSet(@Payload() event: Envelope<Deadline>, @Ctx() ctx: EventContext): Promise<void> {
    return this.set(event, ctx);
  }

  @EventPattern(ProjectDeadlines.DeadlineCleared.type, { durable: DEADLINE_EVENT_CONSUMERS.projects })
  onCleared(
    @Payload() event: Envelope<{ deadlineId: string; reason: 'done' | 'cancelled' }>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    return this.cleared(event, ctx);
  }

  @EventPattern(ProjectDeadlines.NoticeRaised.type, { durable: DEADLINE_EVENT_CONSUMERS.projects })
  onNotice(@Payload() event: Envelope<Notice>, @Ctx() ctx: EventContext): Promise<void> {
    return this.raised(event, ctx);
  }
}
