import { Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { NotificationsConfig } from '../config';
import { ReminderTimers } from '../timers/reminder-timers';
import { ContactChannelsRepository } from './contact-channels.repository';
import { EmailSender } from './email.sender';
import { ExternalChannel } from './external.channel';
import { OutboundRepository } from './outbound.repository';

/** E-mail to an addressee's addresses; off (no endpoint, no delivery logged) without an SMTP server. */
@Injectable()
export class EmailChannel extends ExternalChannel {
  readonly name = 'email' as const;

  constructor(
    contacts: ContactChannelsRepository,
    outbound: OutboundRepository,
    timers: ReminderTimers,
    clock: Clock,
    config: NotificationsConfig,
    private readonly sender: EmailSender,
  ) {
    super(contacts, outbound, timers, clock, config);
  }

  protected override get active(): boolean {
    return this.sender.configured;
  }
}
