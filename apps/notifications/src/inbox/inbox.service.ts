import { Injectable } from '@nestjs/common';
import { NotFoundError, type Actor, type Notice, type NotificationList, type NotificationView } from '@duban/contracts';
import { AuditLog } from '@duban/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import { addresseeRecipient } from '../deadlines/deadline';
import { InboxRepository } from './inbox.repository';
import { InboxWriter } from './inbox-writer';

/** The in-app inbox: what a person (or their role in their region) has been sent, and its read state. */
@Injectable()
export class InboxService {
  constructor(
    private readonly inbox: InboxRepository,
    private readonly writer: InboxWriter,
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, unreadOnly: boolean, limit: number): Promise<NotificationList> {
    const manager = this.dataSource.manager;
    const [items, unread] = await Promise.all([
      this.inbox.listFor(manager, actor, unreadOnly, limit),
      this.inbox.unreadCount(manager, actor),
    ]);
    return { items, unread };
  }

  /** Marks one of the actor's notifications read; someone else's is a 404 (and the attempt is logged). */
  async markRead(actor: Actor, id: string): Promise<NotificationView> {
    return this.dataSource.transaction(async (manager) => {
      const found = await this.inbox.findFor(manager, actor, id);
      if (!found) {
        await this.audit.recordDenied({ actor, action: 'notification.read', targetType: 'notification', targetId: id });
        throw new NotFoundError('通知不存在');
      }
      if (found.readAt) return found;
      const at = this.clock.now();
      if (await this.inbox.markRead(manager, id, actor.username, at)) {
        await this.audit.recordDone(manager, {
          actor,
          action: 'notification.read',
          targetType: 'notification',
          targetId: id,
        });
      }
      return { ...found, readAt: at.toISOString() };
    });
  }

  /** A notice from another service, straight to each recipient's inbox (once per notice and recipient). */
  async deliverNotice(manager: EntityManager, service: string, notice: Notice): Promise<void> {
    const createdAt = this.clock.now();
    await this.writer.write(
      manager,
      notice.recipients.map((addressee) => ({
        notification: {
          recipient: addresseeRecipient(addressee),
          sourceKey: `notice:${service}:${notice.noticeId}`,
          subjectType: notice.subjectType,
          subjectId: notice.subjectId,
          projectId: null,
          regionCode: notice.regionCode,
          stage: 'notice',
          title: notice.title,
          body: notice.body,
          link: null,
        },
        createdAt,
      })),
    );
  }
}
