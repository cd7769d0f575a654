import { DiscoveryService } from '@nestjs/core';
import type { EventDefinition, StreamDefinition } from '@duban/contracts';

export interface EventSubscriberOptions {
  /** Durable consumer name: lives in the broker and the inbox table, so it is stable. */
  readonly durable: string;
  /** The stream (the publishing service) this subscriber reads. */
  readonly stream: StreamDefinition;
}

/** Marks a provider as one durable consumer of a stream; its `@OnEvent` methods are the handlers. */
export const EventSubscriber = DiscoveryService.createDecorator<EventSubscriberOptions>();

/**
 * Marks a method as the handler of one event type. It receives the parsed envelope and the transaction's
 * EntityManager: write only through that manager, so the effects commit with the inbox row.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const OnEvent = DiscoveryService.createDecorator<EventDefinition<any>>();
