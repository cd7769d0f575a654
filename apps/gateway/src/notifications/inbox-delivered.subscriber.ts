import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { InboxDelivered, type Envelope, type InboxDeliveredData } from '@duban/contracts';
import { InboxWatchers } from './inbox-watchers.service';

/**
 * Follows the notifications service's `inbox.delivered` events and tells this gateway replica's open inbox
 * streams about the ones addressed to their users. A fan-out consumer (ordered, from "new"): every replica
 * sees every event, nothing is acknowledged or remembered, and a client that reconnects refetches its inbox
 * rather than replaying what it missed. Durable consumers (DESIGN rule 3) are for effects that must happen
 * once; this is only a hint to refresh.
 */
@Controller()
export class InboxDeliveredSubscriber {
  constructor(private readonly watchers: InboxWatchers) {}

  @EventPattern(InboxDelivered.type, { fanout: true })
  delivered(@Payload() event: Envelope<InboxDeliveredData>): void {
    this.watchers.notify(event.data.deliveries);
  }
}
