import { Injectable } from '@nestjs/common';
import {
  INBOX_DELIVERED_MAX_DELIVERIES,
  InboxDelivered,
  type InboxAddressee,
  type InboxDeliveredData,
} from '@duban/contracts';
import { Outbox } from '@duban/platform';
import type { EntityManager } from 'typeorm';
import type { Recipient } from '../deadlines/deadline';
import { InboxRepository, type NewNotification } from './inbox.repository';

/**
 * The only way into the inbox: writes notifications and, in the same transaction, the `inbox.delivered`
 * event that lets the gateway tell the people concerned at once. One event per call (per firing batch or
 * notice), split only when very large: a burst of thousands of reminders adds a few outbox rows, not one
 * per reminder.
 */
@Injectable()
export class InboxWriter {
  constructor(
    private readonly inbox: InboxRepository,
    private readonly outbox: Outbox,
  ) {}

  /** Returns each notification's id, in order, or null where that source already reached that recipient. */
  async write(
    manager: EntityManager,
    notifications: readonly { notification: NewNotification; createdAt: Date }[],
  ): Promise<(string | null)[]> {
    const ids = await this.inbox.insertMany(manager, notifications);
    const deliveries: InboxDeliveredData['deliveries'] = [];
    let createdAt = 0;
    ids.forEach((notificationId, i) => {
      const written = notifications[i];
      const addressee = written && inboxAddressee(written.notification.recipient);
      if (!notificationId || !written || !addressee) return;
      deliveries.push({ notificationId, addressee });
      createdAt = Math.max(createdAt, written.createdAt.getTime());
    });
    for (let start = 0; start < deliveries.length; start += INBOX_DELIVERED_MAX_DELIVERIES) {
      const chunk = deliveries.slice(start, start + INBOX_DELIVERED_MAX_DELIVERIES);
      const at = new Date(createdAt);
      // Each event is its own aggregate: deliveries need no order among themselves (clients refetch).
      await this.outbox.append(
        manager,
        InboxDelivered,
        { createdAt: at.toISOString(), deliveries: chunk },
        { aggregateId: chunk[0]?.notificationId ?? '', occurredAt: at },
      );
    }
    return ids;
  }
}

/** Whose inbox a recipient's notification lands in; a person without an account has none. */
function inboxAddressee(recipient: Recipient): InboxAddressee | null {
  if (recipient.kind === 'role') return { kind: 'role', role: recipient.role, regionCode: recipient.regionCode };
  return recipient.username ? { kind: 'user', username: recipient.username } : null;
}
