import { Injectable } from '@nestjs/common';
import { Clock } from '@duban/platform';
import { NotificationsConfig } from '../config';
import { ContactChannelsRepository } from './contact-channels.repository';
import { DeliveryLogRepository } from './delivery-log.repository';
import { EmailSender } from './email-sender.service';
import { ExternalChannel } from './external-channel.service';
import { OutboundRepository } from './outbound.repository';

/** E-mail to an addressee's addresses; off (no endpoint, no delivery logged) without an SMTP server. */
@Injectable()
export class EmailChannel extends ExternalChannel {
  readonly name = 'email' as const;

  constructor(
    contacts: ContactChannelsRepository,
    outbound: OutboundRepository,
    log: DeliveryLogRepository,
    clock: Clock,
    config: NotificationsConfig,
    private readonly sender: EmailSender,
  ) {
    super(contacts, outbound, log, clock, config);
  }

  protected override get active(): boolean {
    return this.sender.configured;
  }
}
