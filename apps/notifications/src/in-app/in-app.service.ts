import { Injectable } from '@nestjs/common';
import type { Actor, NotificationList, NotificationView } from '@duban/contracts';
import { Access, AuditLog, Clock, Transactions } from '@duban/platform';
import { notificationView } from './in-app-view';
import { InAppRepository } from './in-app.repository';

/** The in-app inbox: what a person (or their role in their region) has been sent, and its read state. */
@Injectable()
export class InAppService {
  constructor(
    private readonly notifications: InAppRepository,
    private readonly transactions: Transactions,
    private readonly access: Access,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, unreadOnly: boolean, limit: number): Promise<NotificationList> {
    const tx = this.transactions.none;
    const [items, unread] = await Promise.all([
      this.notifications.listFor(tx, actor, unreadOnly, limit),
      this.notifications.unreadCount(tx, actor),
    ]);
    return { items: items.map(notificationView), unread };
  }

  /** Marks one of the actor's notifications read; someone else's is a 404 (and the attempt is logged). */
  async markRead(actor: Actor, id: string): Promise<NotificationView> {
    const attempt = { actor, action: 'notification.read', targetType: 'notification', targetId: id };
    return this.transactions.runAndAnswer(async (tx) => {
      const found = await this.notifications.findFor(tx, actor, id);
      if (!found) throw await this.access.outOfScope(attempt, '通知不存在');
      if (found.readAt) return notificationView(found);
      const at = this.clock.now();
      if (await this.notifications.markRead(tx, id, actor.username, at)) await this.audit.recordDone(tx, attempt);
      return notificationView({ ...found, readAt: at });
    });
  }
}
