import type { WebhookFormat } from '@duban/contracts';
import type { Tx } from '@duban/platform';
import type { Recipient } from '../recipients/recipient.rules';
import type { OutboundTimer } from './outbound.repository';

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

/** Channel names are stored in the delivery log: stable (`inbox` is the in-app channel). */
export type ChannelName = 'inbox' | 'email' | 'webhook' | 'sms';

/**
 * One way a channel reaches one recipient: the in-app inbox has a single one (key ''); an addressee may have
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
  /**
   * The delivery log row, already inserted in this transaction; null on a channel the log does not guard
   * (`Channel.logged`: the in-app inbox).
   */
  readonly deliveryId: string | null;
  readonly endpoint: Endpoint;
  /** The reminder's planned instant: reminders of one instant share a digest on external channels. */
  readonly fireAt: Date;
}

export interface ChannelDelivery {
  readonly message: OutgoingMessage;
  readonly context: DeliveryContext;
  /** The instant of the firing. */
  readonly at: Date;
}

/** What a channel did with one delivery: the notification it wrote (in-app), or the attempt to arm (external). */
export interface ChannelOutcome {
  readonly notificationId: string | null;
  /** An e-mail or webhook attempt whose timer the caller arms once the transaction commits. */
  readonly attempt: OutboundTimer | null;
}

/**
 * A way to reach people. `deliverMany` runs inside the firing transaction: on an external channel after the
 * delivery log rows for (deadline or notice, stage, recipient, channel, endpoint) were inserted, and only for
 * those the log took; it only enqueues there (its outbox: `outbound_message`), never calls out. The in-app
 * inbox is not logged (`logged: false`): its row is its own once-guard, and it writes only what it never wrote.
 */
export interface Channel {
  readonly name: ChannelName;
  /**
   * Whether the delivery log guards this channel's deliveries (DESIGN rule 5). False for the in-app inbox,
   * whose row's unique key (source, recipient) is the guard: one row per in-app delivery, not two.
   */
  readonly logged: boolean;
  /**
   * The endpoints through which this channel reaches each recipient, in order: none (e.g. no account), one or
   * several. Asked once for all the recipients of a firing chunk (one statement, not one per person).
   */
  endpoints(tx: Tx, recipients: readonly Recipient[]): Promise<(readonly Endpoint[])[]>;
  /** Delivers several deliveries of one firing batch; one outcome per delivery, in order. */
  deliverMany(tx: Tx, deliveries: readonly ChannelDelivery[]): Promise<ChannelOutcome[]>;
}
