import type { ContactChannelKind } from '@duban/contracts';
import type { Clock, Tx } from '@duban/platform';
import type { NotificationsConfig } from '../config';
import { recipientKey, type Recipient } from '../recipients/recipient.rules';
import type { Channel, ChannelDelivery, ChannelOutcome, Endpoint } from './channel.rules';
import type { ContactChannelsRepository } from './contact-channels.repository';
import type { DeliveryLogRepository } from './delivery-log.repository';
import type { OutboundRepository } from './outbound.repository';

/**
 * E-mail and webhooks: in the firing transaction they only join the delivery to its digest (the outbound
 * message of that destination and instant) and hand back its first attempt, which the caller arms once the
 * transaction commits; the call out happens later, in `OutboundSender`, with retries.
 */
export abstract class ExternalChannel implements Channel {
  abstract readonly name: ContactChannelKind;
  /** The delivery log guards every external delivery (and joins it to the message that carries it). */
  readonly logged = true;

  constructor(
    private readonly contacts: ContactChannelsRepository,
    private readonly outbound: OutboundRepository,
    private readonly log: DeliveryLogRepository,
    private readonly clock: Clock,
    private readonly config: NotificationsConfig,
  ) {}

  protected get active(): boolean {
    return true;
  }

  async endpoints(tx: Tx, recipients: readonly Recipient[]): Promise<(readonly Endpoint[])[]> {
    if (!this.active || recipients.length === 0) return recipients.map(() => []);
    const keys = recipients.map(recipientKey);
    const byKey = await this.contacts.endpointsOf(tx, keys, this.name);
    return keys.map((key) => byKey.get(key) ?? []);
  }

  async deliverMany(tx: Tx, deliveries: readonly ChannelDelivery[]): Promise<ChannelOutcome[]> {
    const outcomes: ChannelOutcome[] = [];
    for (const { context } of deliveries) {
      // The digest waits `gatherMs` after its instant (or after now, for a late firing) for the others.
      const now = this.clock.now();
      const from = Math.max(context.fireAt.getTime(), now.getTime());
      const attempt = await this.outbound.gather(
        tx,
        { channel: this.name, format: context.endpoint.format, target: context.endpoint.target },
        context.fireAt,
        new Date(from + this.config.delivery.gatherMs),
        now,
      );
      // Logged (`logged`): the delivery log row exists.
      await this.log.joinOutbound(tx, context.deliveryId as string, attempt.id);
      outcomes.push({ notificationId: null, attempt });
    }
    return outcomes;
  }
}
