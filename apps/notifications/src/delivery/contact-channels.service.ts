import { Injectable } from '@nestjs/common';
import {
  parseOrThrow,
  putContactChannelsBodySchema,
  ValidationError,
  type Actor,
  type AddresseeChannels,
  type ContactChannelList,
} from '@duban/contracts';
import { Access, AuditLog, Clock, Transactions } from '@duban/platform';
import { NotificationsConfig } from '../config';
import { CHANNEL_MANAGERS, mayManageAddressee } from './channel-access.rules';
import { addresseeChannelsViews, contactChannelSummary, contactChannelView } from './contact-channels-view';
import { addresseeKey, ContactChannelsRepository } from './contact-channels.repository';
import { webhookUrlProblem } from './webhook-address.rules';

/** `GET/PUT /api/notification-channels`: the address book, managed by the province (and cities, for roles). */
@Injectable()
export class ContactChannelsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly channels: ContactChannelsRepository,
    private readonly access: Access,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly config: NotificationsConfig,
  ) {}

  async list(actor: Actor): Promise<ContactChannelList> {
    await this.access.requireRole(
      { actor, action: 'notification-channel.list', targetType: 'contact_channel', targetId: null },
      CHANNEL_MANAGERS,
      '无权查看通知渠道',
    );
    const rows = await this.channels.list(this.transactions.none);
    return { items: addresseeChannelsViews(rows.filter((row) => mayManageAddressee(actor, row.addressee))) };
  }

  async put(actor: Actor, input: { addressee: unknown; channels: unknown }): Promise<AddresseeChannels> {
    const body = parseOrThrow(putContactChannelsBodySchema, input);
    const errors = body.channels.flatMap((channel, index) => {
      const problem =
        channel.kind === 'webhook' ? webhookUrlProblem(channel.target, this.config.delivery.allowLoopbackHttp) : null;
      return problem ? [{ field: `channels.${index}.target`, message: problem }] : [];
    });
    if (errors.length > 0) throw new ValidationError(errors);
    const key = addresseeKey(body.addressee);
    const attempt = { actor, action: 'notification-channel.put', targetType: 'contact_channel', targetId: key };
    await this.access.requireRole(attempt, mayManageAddressee(actor, body.addressee), '无权管理该接收人的通知渠道');
    return this.transactions.runAndAnswer(async (tx) => {
      const before = await this.channels.listFor(tx, key);
      await this.channels.replace(tx, body.addressee, body.channels, this.clock.now());
      const after = await this.channels.listFor(tx, key);
      await this.audit.recordDone(tx, {
        ...attempt,
        before: before.map(contactChannelSummary),
        after: after.map(contactChannelSummary),
      });
      return { addressee: body.addressee, channels: after.map(contactChannelView) };
    });
  }
}
