import type { WebhookFormat } from '@duban/contracts';
import type { EntityManager } from 'typeorm';
import type { Recipient } from '../deadlines/deadline';

/** One message for one recipient, ready to go out on a channel. */
export interface OutgoingMessage {
  readonly recipient: Recipient;
  readonly sourceKey: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly projectId: string | null;
  readonly regionCode: string | null;
  readonly stage: string;
  readonly title: string;
  readonly body: string;
  readonly link: string | null;
}

/** Channel names are stored in the delivery log: stable. */
export type ChannelName = 'inbox' | 'email' | 'webhook';

/**
 * One way a channel reaches one recipient: the inbox has a single one (key ''); an addressee may have
 * several e-mail addresses or webhooks (key: the contact channel's id). The key is part of the delivery
 * log's unique key.
 */
export interface Endpoint {
  readonly key: string;
  readonly target: string;
  readonly format: WebhookFormat;
}

/** What the firing knows of the delivery it asks a channel to make. */
export interface DeliveryContext {
  /** The delivery log row, already inserted in this transaction. */
  readonly deliveryId: string;
  readonly endpoint: Endpoint;
  /** The reminder's planned instant: reminders of one instant share a digest on external channels. */
  readonly fireAt: Date;
}

/**
 * A way to reach people. `deliver` runs inside the firing transaction, after the delivery log row for
 * (deadline, stage, recipient, channel, endpoint) was inserted: a channel that writes to Postgres (the
 * inbox) commits with it; an external one must only enqueue there (its outbox: `outbound_message`), never
 * call out.
 */
export interface Channel {
  readonly name: ChannelName;
  /** The endpoints through which this channel reaches the recipient: none (e.g. no account), one or several. */
  endpoints(manager: EntityManager, recipient: Recipient): Promise<readonly Endpoint[]>;
  /** Returns the id of what was written (the notification id for the inbox), or null. */
  deliver(manager: EntityManager, message: OutgoingMessage, context: DeliveryContext, at: Date): Promise<string | null>;
  /**
   * The same for several deliveries of one firing batch, in one round trip where the channel can; returns
   * one result per delivery, in order. Optional: without it, `deliver` is called for each.
   */
  deliverMany?(
    manager: EntityManager,
    deliveries: readonly { message: OutgoingMessage; context: DeliveryContext; at: Date }[],
  ): Promise<(string | null)[]>;
}
