import { Injectable } from '@nestjs/common';
import { ListMyNotificationsRpc, MarkNotificationReadRpc, type Actor, type NotificationList, type NotificationView } from '@duban/contracts';
import { RpcHandler } from '@duban/platform';
import { InboxService } from './inbox.service';

@Injectable()
export class InboxHandler {
  constructor(private readonly inbox: InboxService) {}

  @RpcHandler(ListMyNotificationsRpc)
  list(request: { actor: Actor; unreadOnly?: boolean; limit?: number }): Promise<NotificationList> {
    return this.inbox.list(request.actor, request.unreadOnly ?? false, request.limit ?? 100);
  }

  @RpcHandler(MarkNotificationReadRpc)
  markRead(request: { actor: Actor; notificationId: string }): Promise<NotificationView> {
    return this.inbox.markRead(request.actor, request.notificationId);
  }
}
