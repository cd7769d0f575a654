import { Injectable } from '@nestjs/common';
import { Clock } from '@duban/platform';
import { NotificationsConfig } from '../config';
import { ContactChannelsRepository } from './contact-channels.repository';
import { DeliveryLogRepository } from './delivery-log.repository';
import { ExternalChannel } from './external-channel.service';
import { OutboundRepository } from './outbound.repository';

/** Webhooks (generic JSON, DingTalk and WeCom robots) of an addressee. */
@Injectable()
export class WebhookChannel extends ExternalChannel {
  readonly name = 'webhook' as const;

  constructor(
    contacts: ContactChannelsRepository,
    outbound: OutboundRepository,
    log: DeliveryLogRepository,
    clock: Clock,
    config: NotificationsConfig,
  ) {
    super(contacts, outbound, log, clock, config);
  }
}
