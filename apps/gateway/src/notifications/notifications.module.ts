import { Module } from '@nestjs/common';
import { InboxDeliveredListener } from './inbox-delivered.listener';
import { NotificationsController } from './notifications.controller';

/**
 * `/api/me/notifications…`, `/api/milestones/:id/reminders`, `/api/notification-channels` and
 * `/api/notifications/deliveries`, answered by the notifications service; and the inbox's live stream,
 * fed by its `inbox.delivered` events.
 */
@Module({ controllers: [NotificationsController], providers: [InboxDeliveredListener] })
export class NotificationsModule {}
