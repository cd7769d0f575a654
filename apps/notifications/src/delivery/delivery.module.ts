import { Module } from '@nestjs/common';
import { ContactChannelsHandler } from './contact-channels.handler';
import { ContactChannelsRepository } from './contact-channels.repository';
import { ContactChannelsService } from './contact-channels.service';
import { DeliveriesHandler } from './deliveries.handler';
import { DemoContactsSeeder } from './demo-contacts.seeder';
import { EmailChannel } from './email.channel';
import { EmailSender } from './email.sender';
import { OutboundSender } from './outbound-sender.service';
import { OutboundRepository } from './outbound.repository';
import { WebhookChannel } from './webhook.channel';
import { WebhookSender } from './webhook.sender';

/**
 * E-mail and webhook delivery: the address book and its routes, the two external channels (used by the
 * reminder firing, in `TimersModule`, whose global `ReminderTimers` they arm), the sender with its retries,
 * and the deliveries route.
 */
@Module({
  providers: [
    ContactChannelsRepository,
    ContactChannelsService,
    ContactChannelsHandler,
    DemoContactsSeeder,
    OutboundRepository,
    OutboundSender,
    EmailSender,
    WebhookSender,
    EmailChannel,
    WebhookChannel,
    DeliveriesHandler,
  ],
  exports: [EmailChannel, WebhookChannel, OutboundSender, OutboundRepository],
})
export class DeliveryModule {}
