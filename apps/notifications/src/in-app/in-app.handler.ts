import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ListMyNotificationsRpc,
  MarkNotificationReadRpc,
  type Actor,
  type NotificationList,
  type NotificationView,
} from '@duban/contracts';
import { InAppService } from './in-app.service';

/** `GET /api/me/notifications` and `POST /api/me/notifications/:id/read` (RPC subjects `notifications.inbox.*`). */
@Controller()
export class InAppHandler {
  constructor(private readonly inApp: InAppService) {}

  @MessagePattern(ListMyNotificationsRpc.subject)
  list(@Payload() request: { actor: Actor; unreadOnly?: boolean; limit?: number }): Promise<NotificationList> {
    return this.inApp.list(request.actor, request.unreadOnly ?? false, request.limit ?? 100);
  }

  @MessagePattern(MarkNotificationReadRpc.subject)
  markRead(@Payload() request: { actor: Actor; notificationId: string }): Promise<NotificationView> {
    return this.inApp.markRead(request.actor, request.notificationId);
  }
}
