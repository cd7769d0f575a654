import { Injectable } from '@nestjs/common';
import { INBOX_DELIVERED_MAX_DELIVERIES, InboxDelivered, type InboxDeliveredData } from '@duban/contracts';
import { Outbox, type Tx } from '@duban/platform';
import { inboxAddressee } from '../recipients/recipient.rules';
import { InAppRepository, type NewNotification } from './in-app.repository';

/**
 * The only way into the in-app inbox: writes notifications and, in the same transaction, the
 * `inbox.delivered` event that lets the gateway tell the people concerned at once. One event per call (per
 * firing batch or notice), split only when very large: a burst of thousands of reminders adds a few outbox
 * rows, not one per reminder.
 */
@Injectable()
export class InAppWriter {
  constructor(
    private readonly notifications: InAppRepository,
    private readonly outbox: Outbox,
  ) {}

  /** Returns each notification's id, in order, or null where that source already reached that recipient. */
  async write(
    tx: Tx,
    notifications: readonly { notification: NewNotification; createdAt: Date }[],
  ): Promise<(string | null)[]> {
    const ids = await this.notifications.insertMany(tx, notifications);
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
        tx,
        InboxDelivered,
        { createdAt: at.toISOString(), deliveries: chunk },
        { aggregateId: chunk[0]?.notificationId ?? '', occurredAt: at },
      );
    }
    return ids;
  }
}
