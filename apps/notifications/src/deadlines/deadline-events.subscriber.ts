import { Injectable } from '@nestjs/common';
import { deadlineEventsOf, Streams, type Deadline, type Envelope, type Notice, type ServiceName } from '@duban/contracts';
import { EventSubscriber, OnEvent } from '@duban/platform';
import type { EntityManager } from 'typeorm';
import { InboxService } from '../inbox/inbox.service';
import { deadlineFromEvent } from './deadline';
import { DeadlinesService } from './deadlines.service';

const evaluation = deadlineEventsOf('evaluation');
const funding = deadlineEventsOf('funding');

/** The generic deadline and notice events of one publishing service. */
@Injectable()
abstract class DeadlineEventsSubscriber {
  protected abstract readonly service: ServiceName;

  constructor(
    private readonly deadlines: DeadlinesService,
    private readonly inbox: InboxService,
  ) {}

  protected async set(event: Envelope<Deadline>, manager: EntityManager): Promise<void> {
    await this.deadlines.apply(manager, deadlineFromEvent(this.service, event.data), event.id, 'auto');
  }

  protected async cleared(event: Envelope<{ deadlineId: string; reason: 'done' | 'cancelled' }>, manager: EntityManager): Promise<void> {
    await this.deadlines.close(manager, this.service, event.data.deadlineId, event.data.reason, event.id);
  }

  /** A notice is not a deadline: it goes straight to the inbox of each recipient. */
  protected async raised(event: Envelope<Notice>, manager: EntityManager): Promise<void> {
    await this.inbox.deliverNotice(manager, this.service, event.data);
  }
}

// Durable names live in the broker and in the inbox table: they are stable.

@Injectable()
@EventSubscriber({ durable: 'notifications-evaluation', stream: Streams.evaluation })
export class EvaluationDeadlinesSubscriber extends DeadlineEventsSubscriber {
  protected readonly service = 'evaluation' as const;

  @OnEvent(evaluation.DeadlineSet)
  onSet(event: Envelope<Deadline>, manager: EntityManager): Promise<void> {
    return this.set(event, manager);
  }

  @OnEvent(evaluation.DeadlineCleared)
  onCleared(event: Envelope<{ deadlineId: string; reason: 'done' | 'cancelled' }>, manager: EntityManager): Promise<void> {
    return this.cleared(event, manager);
  }

  @OnEvent(evaluation.NoticeRaised)
  onNotice(event: Envelope<Notice>, manager: EntityManager): Promise<void> {
    return this.raised(event, manager);
  }
}

@Injectable()
@EventSubscriber({ durable: 'notifications-funding', stream: Streams.funding })
export class FundingDeadlinesSubscriber extends DeadlineEventsSubscriber {
  protected readonly service = 'funding' as const;

  @OnEvent(funding.DeadlineSet)
  onSet(event: Envelope<Deadline>, manager: EntityManager): Promise<void> {
    return this.set(event, manager);
  }

  @OnEvent(funding.DeadlineCleared)
  onCleared(event: Envelope<{ deadlineId: string; reason: 'done' | 'cancelled' }>, manager: EntityManager): Promise<void> {
    return this.cleared(event, manager);
  }

  @OnEvent(funding.NoticeRaised)
  onNotice(event: Envelope<Notice>, manager: EntityManager): Promise<void> {
    return this.raised(event, manager);
  }
}
