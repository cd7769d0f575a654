import { Injectable } from '@nestjs/common';
import { Clock } from '@duban/platform';
import { NotificationsConfig } from '../config';
import { ContactChannelsRepository } from './contact-channels.repository';
import { DeliveryLogRepository } from './delivery-log.repository';
import { ExternalChannel } from './external-channel.service';
import { OutboundRepository } from './outbound.repository';
import { SmsSender } from './sms-sender.service';

/** SMS to an addressee's mobile numbers; off (no endpoint, no delivery logged) without an SMS gateway. */
@Injectable()
export class SmsChannel extends ExternalChannel {
  readonly name = 'sms' as const;

  constructor(
    contacts: ContactChannelsRepository,
    outbound: OutboundRepository,
    log: DeliveryLogRepository,
    clock: Clock,
    config: NotificationsConfig,
    private readonly sender: SmsSender,
  ) {
    super(contacts, outbound, log, clock, config);
  }

  protected override get active(): boolean {
    return this.sender.configured;
  }
}
