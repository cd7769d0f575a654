import { Module } from '@nestjs/common';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { InAppModule } from '../in-app/in-app.module';
import { ChannelPreferencesHandler } from './channel-preferences.handler';
import { ChannelPreferencesRepository } from './channel-preferences.repository';
import { ChannelPreferencesService } from './channel-preferences.service';
import { ContactChannelsHandler } from './contact-channels.handler';
import { ContactChannelsRepository } from './contact-channels.repository';
import { ContactChannelsService } from './contact-channels.service';
import { DeliveriesHandler } from './deliveries.handler';
import { DeliveriesService } from './deliveries.service';
import { DeliveryLogRepository } from './delivery-log.repository';
import { DemoContactsSeeder } from './demo-contacts.service';
import { EmailChannel } from './email-channel.service';
import { EmailSender } from './email-sender.service';
import { HostResolver } from './host-resolver.service';
import { InAppChannel } from './in-app-channel.service';
import { NoticeDelivery } from './notice-delivery.service';
import { NoticesRepository } from './notices.repository';
import { OfficerContacts } from './officer-contacts.service';
import { OfficerContactsSubscriber } from './officer-contacts.subscriber';
import { OutboundSender } from './outbound-sender.service';
import { OutboundRepository } from './outbound.repository';
import { ReminderDelivery } from './reminder-delivery.service';
import { ReminderHistoryHandler } from './reminder-history.handler';
import { ReminderHistoryService } from './reminder-history.service';
import { SmsChannel } from './sms-channel.service';
import { SmsSender } from './sms-sender.service';
import { WebhookChannel } from './webhook-channel.service';
import { WebhookSender } from './webhook-sender.service';

/**
 * Delivery: the delivery log (one writer), the channels a reminder or a notice goes out on (in-app, e-mail,
 * webhooks, SMS), the sender that makes e-mail, webhook and SMS attempts with their retries, the address book and the deliveries
 * route. Depends on in-app (its channel writes there) and on deadlines (the regions the deliveries route
 * filters by); it arms no timer itself: the attempts it plans come back to the caller.
 */
@Module({
  imports: [InAppModule, DeadlinesModule],
  controllers: [
    ContactChannelsHandler,
    ChannelPreferencesHandler,
    DeliveriesHandler,
    OfficerContactsSubscriber,
    ReminderHistoryHandler,
  ],
  providers: [
    DeliveryLogRepository,
    ReminderDelivery,
    InAppChannel,
    EmailChannel,
    WebhookChannel,
    SmsChannel,
    SmsSender,
    NoticesRepository,
    NoticeDelivery,
    ChannelPreferencesRepository,
    ChannelPreferencesService,
    OutboundRepository,
    OutboundSender,
    EmailSender,
    WebhookSender,
    HostResolver,
    ContactChannelsRepository,
    ContactChannelsService,
    DeliveriesService,
    DemoContactsSeeder,
    OfficerContacts,
    ReminderHistoryService,
  ],
  exports: [ReminderDelivery, NoticeDelivery, OutboundSender, OutboundRepository],
})
export class DeliveryModule {}
