import { Injectable } from '@nestjs/common';
import type { Tx } from '@duban/platform';
import { InAppWriter } from '../in-app/in-app-writer.service';
import type { WrittenInboxRow } from '../in-app/in-app.repository';
import { recipientKey, type Recipient } from '../recipients/recipient.rules';
import type { Channel, ChannelDelivery, DeliveryContext, Endpoint, OutgoingMessage } from './channel.rules';
import { DeliveryLogRepository, type NewDelivery, type NewNoticeDelivery } from './delivery-log.repository';
import { EmailChannel } from './email-channel.service';
import { InAppChannel } from './in-app-channel.service';
import type { OutboundTimer } from './outbound.repository';
import { SmsChannel } from './sms-channel.service';
import { WebhookChannel } from './webhook-channel.service';

/** One reminder stage that fires now, with its words: what the firing asks delivery to send. */
export interface ReminderToDeliver {
  readonly deadlineId: string;
  readonly planVersion: number;
  readonly reminderId: string;
  readonly stage: string;
  /** The stage's planned instant: reminders of one instant share a digest. */
  readonly fireAt: Date;
  /** The instant it fires at. */
  readonly at: Date;
  readonly recipients: readonly Recipient[];
  readonly message: Omit<OutgoingMessage, 'recipient'>;
  /** Its in-app rows were written with its claim (`DeadlinesRepository.claimDueAt`): the other channels only. */
  readonly inboxed?: boolean;
}

/** A notice another service raised, to deliver now on every channel of each recipient. */
export interface NoticeToDeliver {
  /** The notice's row (`notice`): part of the delivery log's once-key. */
  readonly noticeId: string;
  /** The instant it arrived: notices of one instant share a digest (as reminders of one instant do). */
  readonly fireAt: Date;
  readonly at: Date;
  readonly recipients: readonly Recipient[];
  readonly message: Omit<OutgoingMessage, 'recipient'>;
}

export interface DeliveryOutcome {
  /** Deliveries made per reminder (or notice), in order (0 where everything was delivered before). */
  readonly delivered: number[];
  /** E-mail, webhook and SMS attempts to arm once the transaction commits. */
  readonly attempts: OutboundTimer[];
}

/** What is delivered, as the delivery log knows it: a reminder stage, or a notice. */
type LogIdentity =
  | { readonly kind: 'reminder'; readonly reminder: ReminderToDeliver }
  | { readonly kind: 'notice'; readonly notice: NoticeToDeliver };

interface Deliverable {
  readonly identity: LogIdentity;
  readonly fireAt: Date;
  readonly at: Date;
  readonly recipients: readonly Recipient[];
  readonly message: Omit<OutgoingMessage, 'recipient'>;
}

interface PlannedDelivery {
  readonly index: number;
  /** The delivery log's unique key: (deadline, plan version, stage | notice, recipient, channel, endpoint). */
  readonly logKey: string;
  readonly channel: Channel;
  readonly endpoint: Endpoint;
  readonly outgoing: OutgoingMessage;
  readonly item: Deliverable;
}

/**
 * Sends reminders (a firing batch's) and notices on every channel (in-app, e-mail, webhooks, SMS), inside
 * the caller's transaction. External channels: one delivery-log row per (reminder or notice, recipient,
 * channel, endpoint), all inserted in one statement whose unique key lets through only what was never
 * delivered; then each channel delivers its new ones. The in-app inbox: its rows in one statement, whose own
 * unique key (source, recipient) lets through only what was never delivered (no delivery-log row: one row
 * per in-app delivery). The one delivery pipeline: a notice goes exactly the
 * way a reminder does, to the same contacts, with the same once-key, digests and retries.
 */
@Injectable()
export class ReminderDelivery {
  private readonly channels: readonly Channel[];
  /** Every channel but the in-app inbox: what `deliverSetWise` sends through the per-delivery path. */
  private readonly external: readonly Channel[];

  constructor(
    private readonly log: DeliveryLogRepository,
    private readonly inAppWriter: InAppWriter,
    inApp: InAppChannel,
    email: EmailChannel,
    webhook: WebhookChannel,
    sms: SmsChannel,
  ) {
    this.channels = [inApp, email, webhook, sms];
    this.external = [email, webhook, sms];
  }

  /**
   * Sends a chunk of one instant's reminders (issue 17, G2): the in-app part set-wise, in one statement that
   * writes the in-app rows (`InAppWriter.writeReminders`: the row's key is its own once-guard) of those not
   * `inboxed` already, then the `inbox.delivered` events, of these and of `inboxed` (the rows the chunk's claim
   * wrote); e-mail, webhooks and SMS as `deliver` sends them (the delivery log, the outbound path, digests and
   * retries). Same once-keys, same rows as `deliver`; only the counts per reminder are not kept.
   */
  async deliverSetWise(
    tx: Tx,
    reminders: readonly ReminderToDeliver[],
    inboxed: readonly WrittenInboxRow[] = [],
  ): Promise<{ attempts: OutboundTimer[] }> {
    await this.inAppWriter.writeReminders(
      tx,
      reminders.filter((reminder) => reminder.inboxed !== true),
      inboxed,
    );
    // Only the reminders with someone reachable outside the inbox go on (most of a chunk has no one): the
    // chunk's recipients' endpoints read at once, and kept for the plan.
    const endpoints: EndpointsByRecipient = new Map();
    await this.readEndpoints(tx, reminders, this.external, endpoints);
    const outside = reminders.filter((reminder) =>
      reminder.recipients.some((recipient) => endpoints.get(recipientKey(recipient)) !== null),
    );
    if (outside.length === 0) return { attempts: [] };
    const { attempts } = await this.deliverAll(tx, outside.map(reminderDeliverable), this.external, endpoints);
    return { attempts };
  }

  deliver(tx: Tx, reminders: readonly ReminderToDeliver[]): Promise<DeliveryOutcome> {
    return this.deliverAll(tx, reminders.map(reminderDeliverable));
  }

  deliverNotices(tx: Tx, notices: readonly NoticeToDeliver[]): Promise<DeliveryOutcome> {
    return this.deliverAll(
      tx,
      notices.map((notice) => ({ ...notice, identity: { kind: 'notice', notice } })),
    );
  }

  private async deliverAll(
    tx: Tx,
    items: readonly Deliverable[],
    channels: readonly Channel[] = this.channels,
    endpoints: EndpointsByRecipient = new Map(),
  ): Promise<DeliveryOutcome> {
    const delivered = items.map(() => 0);
    const attempts: OutboundTimer[] = [];
    const planned = await this.plan(tx, items, channels, endpoints);
    if (planned.length === 0) return { delivered, attempts };

    const entry = ({ item, outgoing, channel, endpoint }: PlannedDelivery) => ({
      recipient: recipientKey(outgoing.recipient),
      channel: channel.name,
      endpoint: endpoint.key,
      title: outgoing.title,
      body: outgoing.body,
      link: outgoing.link,
      createdAt: item.at,
    });
    // The in-app inbox is not logged: its row is its own once-guard.
    const logged = planned.filter((d) => d.channel.logged);
    const reminderRows = await this.log.insertNew(
      tx,
      logged.flatMap((d): NewDelivery[] => {
        if (d.item.identity.kind !== 'reminder') return [];
        const { reminder } = d.item.identity;
        return [
          {
            ...entry(d),
            deadlineId: reminder.deadlineId,
            planVersion: reminder.planVersion,
            stage: reminder.stage,
            reminderId: reminder.reminderId,
          },
        ];
      }),
    );
    const noticeRows = await this.log.insertNewNotices(
      tx,
      logged.flatMap((d): NewNoticeDelivery[] => {
        if (d.item.identity.kind !== 'notice') return [];
        return [{ ...entry(d), noticeId: d.item.identity.notice.noticeId, stage: d.outgoing.stage }];
      }),
    );
    const deliveryIds = new Map([
      ...reminderRows.map(
        (row) =>
          [
            deliveryKey(row.deadlineId, row.planVersion, row.stage, row.recipient, row.channel, row.endpoint),
            row.id,
          ] as const,
      ),
      ...noticeRows.map(
        (row) => [deliveryKey('notice', row.noticeId, row.recipient, row.channel, row.endpoint), row.id] as const,
      ),
    ]);
    for (const channel of channels) {
      const unlogged = new Set<string>();
      // Delivered before: never twice.
      const fresh = planned.flatMap((d) => {
        if (d.channel !== channel) return [];
        let deliveryId: string | null = null;
        if (channel.logged) {
          const id = deliveryIds.get(d.logKey);
          if (id === undefined) return [];
          // One key once, even if an item named the same recipient twice.
          deliveryIds.delete(d.logKey);
          deliveryId = id;
        } else {
          // The channel's own key leaves out what it delivered before; within the batch, one key once.
          if (unlogged.has(d.logKey)) return [];
          unlogged.add(d.logKey);
        }
        const context: DeliveryContext = { deliveryId, endpoint: d.endpoint, fireAt: d.item.fireAt };
        return [{ ...d, context }];
      });
      if (fresh.length === 0) continue;
      const outcomes = await channel.deliverMany(
        tx,
        fresh.map((d): ChannelDelivery => ({ message: d.outgoing, context: d.context, at: d.item.at })),
      );
      for (const [i, d] of fresh.entries()) {
        const outcome = outcomes[i];
        // An unlogged channel that wrote nothing had delivered it before.
        if (!channel.logged && !outcome?.notificationId) continue;
        if (outcome?.attempt) attempts.push(outcome.attempt);
        delivered[d.index] = (delivered[d.index] ?? 0) + 1;
      }
    }
    return { delivered, attempts };
  }

  /**
   * Every (item, recipient, channel, endpoint) of the batch; each recipient's endpoints read once (`endpointsOf`:
   * those read already, on these channels).
   */
  private async plan(
    tx: Tx,
    items: readonly Deliverable[],
    channels: readonly Channel[],
    endpointsOf: EndpointsByRecipient,
  ): Promise<PlannedDelivery[]> {
    // The recipients' endpoints on every channel read at once (one statement a channel); then the plan is built
    // without an await per item (a chunk has thousands of items), each recipient's key built once, and a
    // recipient with no endpoint at all skipped at once (most of a chunk, on the external channels).
    await this.readEndpoints(tx, items, channels, endpointsOf);
    const keys = items.map((item) => item.recipients.map(recipientKey));
    const planned: PlannedDelivery[] = [];
    for (const [index, item] of items.entries()) {
      for (const [i, recipient] of item.recipients.entries()) {
        const key = keys[index]?.[i] as string;
        const perChannel = endpointsOf.get(key);
        if (!perChannel) continue;
        let outgoing: OutgoingMessage | undefined;
        for (const [c, channel] of channels.entries()) {
          for (const endpoint of perChannel[c] ?? []) {
            outgoing ??= { ...item.message, recipient };
            const { identity } = item;
            const logKey =
              identity.kind === 'reminder'
                ? deliveryKey(
                    identity.reminder.deadlineId,
                    identity.reminder.planVersion,
                    identity.reminder.stage,
                    key,
                    channel.name,
                    endpoint.key,
                  )
                : deliveryKey('notice', identity.notice.noticeId, key, channel.name, endpoint.key);
            planned.push({ index, logKey, channel, endpoint, outgoing, item });
          }
        }
      }
    }
    return planned;
  }

  /**
   * Reads into `known` the endpoints on each of `channels` of every recipient of `items` not in it yet: one
   * question per channel for all of them (thousands of people at one instant: not a statement each), kept
   * per recipient key as one list per channel, in order, or null where the recipient has none on any.
   */
  private async readEndpoints(
    tx: Tx,
    items: readonly { readonly recipients: readonly Recipient[] }[],
    channels: readonly Channel[],
    known: EndpointsByRecipient,
  ): Promise<void> {
    const unknown = new Map<string, Recipient>();
    for (const item of items) {
      for (const recipient of item.recipients) {
        const key = recipientKey(recipient);
        if (!known.has(key) && !unknown.has(key)) unknown.set(key, recipient);
      }
    }
    if (unknown.size === 0) return;
    const recipients = [...unknown.values()];
    const byChannel: (readonly Endpoint[])[][] = [];
    for (const channel of channels) byChannel.push(await channel.endpoints(tx, recipients));
    [...unknown.keys()].forEach((key, i) => {
      const perChannel = byChannel.map((endpoints) => endpoints[i] ?? []);
      known.set(key, perChannel.some((endpoints) => endpoints.length > 0) ? perChannel : null);
    });
  }
}

/** Each recipient's endpoints (by recipient key) on the channels of one delivery; null where it has none. */
type EndpointsByRecipient = Map<string, (readonly Endpoint[])[] | null>;

/** A reminder as delivery plans it: its fields named one by one (a spread of each copied every field). */
function reminderDeliverable(reminder: ReminderToDeliver): Deliverable {
  return {
    identity: { kind: 'reminder', reminder },
    fireAt: reminder.fireAt,
    at: reminder.at,
    recipients: reminder.recipients,
    message: reminder.message,
  };
}

function deliveryKey(...parts: (string | number)[]): string {
  return parts.join('\u0000');
}
