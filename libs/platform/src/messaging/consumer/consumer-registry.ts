import { Injectable } from '@nestjs/common';
import type { EventConsumer } from './event-consumer';

/** The durable consumers this process runs, by durable name: a dead letter is replayed through its own. */
@Injectable()
export class ConsumerRegistry {
  private readonly consumers = new Map<string, EventConsumer>();

  add(durable: string, consumer: EventConsumer): void {
    this.consumers.set(durable, consumer);
  }

  get(durable: string): EventConsumer | undefined {
    return this.consumers.get(durable);
  }

  all(): EventConsumer[] {
    return [...this.consumers.values()];
  }
}
