import { Controller, Injectable } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  EvaluationDeadlines,
  FundingNotices,
  type Deadline,
  type Envelope,
  type Notice,
  type ServiceName,
} from '@duban/contracts';
import type { EventContext } from '@duban/platform';
import { deadlineFromEvent } from '../deadlines/deadline.rules';
import { DEADLINE_EVENT_CONSUMERS } from '../deadlines/deadline-sources.rules';
import { NoticeDelivery } from '../delivery/notice-delivery.service';
import { ReminderTimers } from '../timers/reminder-timers.service';
import { DeadlinePlanning } from './deadline-planning.service';

type Cleared = { deadlineId: string; reason: 'done' | 'cancelled' };

/** The generic deadline and notice events of one publishing service (injectable, so its subclasses are). */
@Injectable()
export abstract class DeadlineEventsSubscriber {
  protected abstract readonly service: ServiceName;

  constructor(
    private readonly planning: DeadlinePlanning,
    private readonly notices: NoticeDelivery,
    private readonly timers: ReminderTimers,
  ) {}

  protected async set(event: Envelope<Deadline>, ctx: EventContext): Promise<void> {
    await this.planning.apply(ctx.tx, deadlineFromEvent(this.service, event.data), event.id, 'auto');
  }

  protected async cleared(event: Envelope<Cleared>, ctx: EventContext): Promise<void> {
    await this.planning.close(ctx.tx, this.service, event.data.deadlineId, event.data.reason, event.id);
  }

  /**
   * A notice is not a deadline: it goes out at once, through the same channels as reminders (in-app,
   * e-mail, webhooks, SMS) and the same delivery log.
   */
  protected async raised(event: Envelope<Notice>, ctx: EventContext): Promise<void> {
    const attempts = await this.notices.deliver(ctx.tx, this.service, event.data);
    this.timers.armOutboundAfterCommit(ctx.tx, attempts);
  }
}

// Durable names live in the broker and in the consumer inbox table: they are stable (DEADLINE_EVENT_CONSUMERS).

@Controller()
export class EvaluationDeadlinesSubscriber extends DeadlineEventsSubscriber {
  protected readonly service = 'evaluation' as const;

  @EventPattern(EvaluationDeadlines.DeadlineSet.type, { durable: DEADLINE_EVENT_CONSUMERS.evaluation })
  onSet(@Payload() event: Envelope<Deadline>, @Ctx() ctx: EventContext): Promise<void> {
    return this.set(event, ctx);
  }

  @EventPattern(EvaluationDeadlines.DeadlineCleared.type, { durable: DEADLINE_EVENT_CONSUMERS.evaluation })
  onCleared(@Payload() event: Envelope<Cleared>, @Ctx() ctx: EventContext): Promise<void> {
    return this.cleared(event, ctx);
  }

  @EventPattern(EvaluationDeadlines.NoticeRaised.type, { durable: DEADLINE_EVENT_CONSUMERS.evaluation })
  onNotice(@Payload() event: Envelope<Notice>, @Ctx() ctx: EventContext): Promise<void> {
    return this.raised(event, ctx);
  }
}

@Controller()
export class FundingDeadlinesSubscriber extends DeadlineEventsSubscriber {
  protected readonly service = 'funding' as const;

  @EventPattern(FundingNotices.DeadlineSet.type, { durable: DEADLINE_EVENT_CONSUMERS.funding })
  onSet(@Payload() event: Envelope<Deadline>, @Ctx() ctx: EventContext): Promise<void> {
    return this.set(event, ctx);
  }

  @EventPattern(FundingNotices.DeadlineCleared.type, { durable: DEADLINE_EVENT_CONSUMERS.funding })
  onCleared(@Payload() event: Envelope<Cleared>, @Ctx() ctx: EventContext): Promise<void> {
    return this.cleared(event, ctx);
  }

  @EventPattern(FundingNotices.NoticeRaised.type, { durable: DEADLINE_EVENT_CONSUMERS.funding })
  onNotice(@Payload() event: Envelope<Notice>, @Ctx() ctx: EventContext): Promise<void> {
    return this.raised(event, ctx);
  }
}
