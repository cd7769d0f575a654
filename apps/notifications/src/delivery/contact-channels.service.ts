import { Injectable } from '@nestjs/common';
import {
  DomainError,
  parseOrThrow,
  putContactChannelsBodySchema,
  ValidationError,
  type Actor,
  type AddresseeChannels,
  type ContactChannelList,
} from '@duban/contracts';
import { AuditLog } from '@duban/platform';
import { DataSource } from 'typeorm';
import { Clock } from '../clock/clock';
import { NotificationsConfig } from '../config';
import { addresseeKey, ContactChannelsRepository, type StoredContactChannel } from './contact-channels.repository';
import { mayManageAddressee, mayManageChannels } from './scope';

/** `GET/PUT /api/notification-channels`: the address book, managed by the province (and cities, for roles). */
@Injectable()
export class ContactChannelsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly channels: ContactChannelsRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly config: NotificationsConfig,
  ) {}

  async list(actor: Actor): Promise<ContactChannelList> {
    if (!mayManageChannels(actor)) {
      await this.audit.recordDenied({
        actor,
        action: 'notification-channel.list',
        targetType: 'contact_channel',
        targetId: null,
      });
      throw new DomainError('forbidden', '无权查看通知渠道');
    }
    const rows = (await this.channels.list(this.dataSource.manager)).filter((row) =>
      mayManageAddressee(actor, row.addressee),
    );
    return { items: group(rows) };
  }

  async put(actor: Actor, input: { addressee: unknown; channels: unknown }): Promise<AddresseeChannels> {
    const body = parseOrThrow(putContactChannelsBodySchema, input);
    const errors = body.channels.flatMap((channel, index) =>
      channel.kind === 'webhook' &&
      new URL(channel.target).protocol === 'http:' &&
      !this.config.delivery.allowLoopbackHttp
        ? [{ field: `channels.${index}.target`, message: '必须是 https 地址' }]
        : [],
    );
    if (errors.length > 0) throw new ValidationError(errors);
    const key = addresseeKey(body.addressee);
    if (!mayManageAddressee(actor, body.addressee)) {
      await this.audit.recordDenied({
        actor,
        action: 'notification-channel.put',
        targetType: 'contact_channel',
        targetId: key,
      });
      throw new DomainError('forbidden', '无权管理该接收人的通知渠道');
    }
    return this.dataSource.transaction(async (manager) => {
      const before = await this.channels.listFor(manager, key);
      await this.channels.replace(manager, body.addressee, body.channels, this.clock.now());
      const after = await this.channels.listFor(manager, key);
      await this.audit.recordDone(manager, {
        actor,
        action: 'notification-channel.put',
        targetType: 'contact_channel',
        targetId: key,
        before: before.map(summary),
        after: after.map(summary),
      });
      return { addressee: body.addressee, channels: after.map(view) };
    });
  }
}

function group(rows: readonly StoredContactChannel[]): AddresseeChannels[] {
  const byKey = new Map<string, AddresseeChannels & { channels: AddresseeChannels['channels'] }>();
  for (const row of rows) {
    let entry = byKey.get(row.addresseeKey);
    if (!entry) {
      entry = { addressee: row.addressee, channels: [] };
      byKey.set(row.addresseeKey, entry);
    }
    entry.channels.push(view(row));
  }
  return [...byKey.values()];
}

function view(row: StoredContactChannel): AddresseeChannels['channels'][number] {
  return {
    id: row.id,
    kind: row.kind,
    target: row.target,
    format: row.format,
    enabled: row.enabled,
    updatedAt: row.updatedAt,
  };
}

function summary(row: StoredContactChannel): { kind: string; target: string; format: string; enabled: boolean } {
  return { kind: row.kind, target: row.target, format: row.format, enabled: row.enabled };
}
