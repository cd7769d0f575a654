import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { OfficerChanged, type Envelope, type OfficerChangedData } from '@duban/contracts';
import type { EventContext } from '@duban/platform';
import { DEADLINE_EVENT_CONSUMERS } from '../deadlines/deadline-sources.rules';
import { OfficerContacts } from './officer-contacts.service';

/**
 * The projects service's OfficerChanged, on the same durable consumer as its milestone events (the name
 * lives in the broker and the inbox table: stable), so a member's contacts and the milestones that name
 * the member are applied in the order they were written.
 */
@Controller()
export class OfficerContactsSubscriber {
  constructor(private readonly contacts: OfficerContacts) {}

  @EventPattern(OfficerChanged.type, { durable: DEADLINE_EVENT_CONSUMERS.projects })
  async changed(@Payload() event: Envelope<OfficerChangedData>, @Ctx() ctx: EventContext): Promise<void> {
    await this.contacts.apply(ctx.tx, event.data);
  }
}
