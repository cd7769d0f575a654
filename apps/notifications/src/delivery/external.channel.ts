import type { ContactChannelKind } from '@duban/contracts';
import type { EntityManager } from 'typeorm';
import { type Clock } from '../clock/clock';
import { type NotificationsConfig } from '../config';
import { recipientKey, type Recipient } from '../deadlines/deadline';
import type { Channel, DeliveryContext, Endpoint } from '../inbox/channel';
import { type ReminderTimers } from '../timers/reminder-timers';
import { type ContactChannelsRepository } from './contact-channels.repository';
import { type OutboundRepository } from './outbound.repository';

/**
 * E-mail and webhooks: in the firing transaction they only join the delivery to its digest (the outbound
 * message of that destination and instant) and arm its first attempt after commit; the call out happens
 * later, in `OutboundSender`, with retries.
 */
export abstract class ExternalChannel implements Channel {
  abstract readonly name: ContactChannelKind;

  constructor(
    private readonly contacts: ContactChannelsRepository,
    private readonly outbound: OutboundRepository,
    private readonly timers: ReminderTimers,
    private readonly clock: Clock,
    private readonly config: NotificationsConfig,
  ) {}

  protected get active(): boolean {
    return true;
  }

  async endpoints(manager: EntityManager, recipient: Recipient): Promise<readonly Endpoint[]> {
    if (!this.active) return [];
    return this.contacts.endpointsOf(manager, recipientKey(recipient), this.name);
  }

  async deliver(manager: EntityManager, _message: unknown, context: DeliveryContext): Promise<string | null> {
    // The digest waits `gatherMs` after its instant (or after now, for a late firing) for the others.
    const from = Math.max(context.fireAt.getTime(), this.clock.now().getTime());
    const timer = await this.outbound.gather(
      manager,
      context.deliveryId,
      { channel: this.name, format: context.endpoint.format, target: context.endpoint.target },
      context.fireAt,
      new Date(from + this.config.delivery.gatherMs),
    );
    this.timers.armOutboundAfterCommit(manager, [timer]);
    return null;
  }
}
