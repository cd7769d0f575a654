import { Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { NotificationsConfig } from '../config';
import { ReminderTimers } from '../timers/reminder-timers';
import { ContactChannelsRepository } from './contact-channels.repository';
import { ExternalChannel } from './external.channel';
import { OutboundRepository } from './outbound.repository';

/** Webhooks (generic JSON, DingTalk and WeCom robots) of an addressee. */
@Injectable()
export class WebhookChannel extends ExternalChannel {
  readonly name = 'webhook' as const;

  constructor(
    contacts: ContactChannelsRepository,
    outbound: OutboundRepository,
    timers: ReminderTimers,
    clock: Clock,
    config: NotificationsConfig,
  ) {
    super(contacts, outbound, timers, clock, config);
  }
}
