import { Injectable } from '@nestjs/common';
import { INBOX_DELIVERED_MAX_DELIVERIES, InboxDelivered, type InboxAddressee } from '@duban/contracts';
import { Outbox, type Tx } from '@duban/platform';
import { inboxAddressee } from '../recipients/recipient.rules';
import { InAppRepository, type InboxReminder, type NewNotification, type WrittenInboxRow } from './in-app.repository';

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
    const written: { notificationId: string; addressee: InboxAddressee; createdAt: Date }[] = [];
    ids.forEach((notificationId, i) => {
      const one = notifications[i];
      const addressee = one && inboxAddressee(one.notification.recipient);
      if (notificationId && one && addressee) written.push({ notificationId, addressee, createdAt: one.createdAt });
    });
    await this.announce(tx, written);
    return ids;
  }

  /**
   * A chunk of fired reminders, set-wise (issue 17, G2): their in-app rows in one statement, each stage once
   * per recipient (`InAppRepository.insertReminders`), and the `inbox.delivered` events of those written and of
   * `writtenBefore` (the rows the chunk's claim wrote itself, see `DeadlinesRepository.claimDueAt`). Returns how
   * many rows this wrote.
   */
  async writeReminders(
    tx: Tx,
    reminders: readonly InboxReminder[],
    writtenBefore: readonly WrittenInboxRow[] = [],
  ): Promise<number> {
    const written = reminders.length > 0 ? await this.notifications.insertReminders(tx, reminders) : [];
    await this.announce(tx, writtenBefore.length > 0 ? [...writtenBefore, ...written] : written);
    return written.length;
  }

  /**
   * Tells the world of in-app rows written (by `write` or `writeReminders`): `inbox.delivered` events in the
   * same transaction, split only when very large.
   */
  async announce(
    tx: Tx,
    written: readonly { notificationId: string; addressee: InboxAddressee; createdAt: Date }[],
  ): Promise<void> {
    let createdAt = 0;
    for (const row of written) createdAt = Math.max(createdAt, row.createdAt.getTime());
    for (let start = 0; start < written.length; start += INBOX_DELIVERED_MAX_DELIVERIES) {
      const chunk = written
        .slice(start, start + INBOX_DELIVERED_MAX_DELIVERIES)
        .map(({ notificationId, addressee }) => ({ notificationId, addressee }));
      const at = new Date(createdAt);
      // Each event is its own aggregate: deliveries need no order among themselves (clients refetch).
      await this.outbox.append(
        tx,
        InboxDelivered,
        { createdAt: at.toISOString(), deliveries: chunk },
        { aggregateId: chunk[0]?.notificationId ?? '', occurredAt: at },
      );
    }
  }
}
