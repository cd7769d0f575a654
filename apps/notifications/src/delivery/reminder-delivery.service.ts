import { Injectable } from '@nestjs/common';
import type { Tx } from '@duban/platform';
import { recipientKey, type Recipient } from '../recipients/recipient.rules';
import type { Channel, ChannelDelivery, DeliveryContext, Endpoint, OutgoingMessage } from './channel.rules';
import { DeliveryLogRepository, type NewDelivery } from './delivery-log.repository';
import { EmailChannel } from './email-channel.service';
import { InAppChannel } from './in-app-channel.service';
import type { OutboundTimer } from './outbound.repository';
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
}

export interface DeliveryOutcome {
  /** Deliveries made per reminder, in order (0 where everything was delivered before). */
  readonly delivered: number[];
  /** E-mail and webhook attempts to arm once the transaction commits. */
  readonly attempts: OutboundTimer[];
}

interface PlannedDelivery {
  readonly reminderIndex: number;
  /** The delivery log's unique key (deadline, plan version, stage, recipient, channel, endpoint). */
  readonly logKey: string;
  readonly channel: Channel;
  readonly endpoint: Endpoint;
  readonly outgoing: OutgoingMessage;
  readonly reminder: ReminderToDeliver;
}

/**
 * Sends a firing batch's reminders on every channel (in-app, e-mail, webhooks), inside the firing's
 * transaction: one delivery-log row per (reminder, recipient, channel, endpoint), all inserted in one
 * statement whose unique key lets through only what was never delivered; then each channel delivers its new
 * ones (in-app in one statement too).
 */
@Injectable()
export class ReminderDelivery {
  private readonly channels: readonly Channel[];

  constructor(
    private readonly log: DeliveryLogRepository,
    inApp: InAppChannel,
    email: EmailChannel,
    webhook: WebhookChannel,
  ) {
    this.channels = [inApp, email, webhook];
  }

  async deliver(tx: Tx, reminders: readonly ReminderToDeliver[]): Promise<DeliveryOutcome> {
    const delivered = reminders.map(() => 0);
    const attempts: OutboundTimer[] = [];
    const planned = await this.plan(tx, reminders);
    if (planned.length === 0) return { delivered, attempts };

    const logged = await this.log.insertNew(
      tx,
      planned.map(({ reminder, outgoing, channel, endpoint }): NewDelivery => ({
        deadlineId: reminder.deadlineId,
        planVersion: reminder.planVersion,
        stage: reminder.stage,
        recipient: recipientKey(outgoing.recipient),
        channel: channel.name,
        endpoint: endpoint.key,
        reminderId: reminder.reminderId,
        title: outgoing.title,
        body: outgoing.body,
        link: outgoing.link,
        createdAt: reminder.at,
      })),
    );
    const deliveryIds = new Map(
      logged.map((row) => [
        deliveryKey(row.deadlineId, row.planVersion, row.stage, row.recipient, row.channel, row.endpoint),
        row.id,
      ]),
    );
    const linked: { deliveryId: string; notificationId: string }[] = [];
    for (const channel of this.channels) {
      // Delivered before: never twice.
      const fresh = planned.flatMap((d) => {
        if (d.channel !== channel) return [];
        const deliveryId = deliveryIds.get(d.logKey);
        if (deliveryId === undefined) return [];
        // One key once, even if a reminder named the same recipient twice.
        deliveryIds.delete(d.logKey);
        const context: DeliveryContext = { deliveryId, endpoint: d.endpoint, fireAt: d.reminder.fireAt };
        return [{ ...d, context }];
      });
      if (fresh.length === 0) continue;
      const outcomes = await channel.deliverMany(
        tx,
        fresh.map((d): ChannelDelivery => ({ message: d.outgoing, context: d.context, at: d.reminder.at })),
      );
      for (const [i, d] of fresh.entries()) {
        const outcome = outcomes[i];
        if (outcome?.notificationId)
          linked.push({ deliveryId: d.context.deliveryId, notificationId: outcome.notificationId });
        if (outcome?.attempt) attempts.push(outcome.attempt);
        delivered[d.reminderIndex] = (delivered[d.reminderIndex] ?? 0) + 1;
      }
    }
    await this.log.linkNotifications(tx, linked);
    return { delivered, attempts };
  }

  /** Every (reminder, recipient, channel, endpoint) of the batch; each recipient's endpoints read once. */
  private async plan(tx: Tx, reminders: readonly ReminderToDeliver[]): Promise<PlannedDelivery[]> {
    const endpointsOf = new Map<string, Promise<readonly Endpoint[]>>();
    const planned: PlannedDelivery[] = [];
    for (const [reminderIndex, reminder] of reminders.entries()) {
      for (const recipient of reminder.recipients) {
        const outgoing: OutgoingMessage = { ...reminder.message, recipient };
        for (const channel of this.channels) {
          const memo = `${channel.name}|${recipientKey(recipient)}`;
          let endpoints = endpointsOf.get(memo);
          if (!endpoints) {
            endpoints = channel.endpoints(tx, recipient);
            endpointsOf.set(memo, endpoints);
          }
          for (const endpoint of await endpoints) {
            const logKey = deliveryKey(
              reminder.deadlineId,
              reminder.planVersion,
              reminder.stage,
              recipientKey(recipient),
              channel.name,
              endpoint.key,
            );
            planned.push({ reminderIndex, logKey, channel, endpoint, outgoing, reminder });
          }
        }
      }
    }
    return planned;
  }
}

function deliveryKey(...parts: (string | number)[]): string {
  return parts.join('\u0000');
}
