import { Module } from '@nestjs/common';
import { NotificationsController } from './notifications.controller';

/**
 * `/api/me/notifications…`, `/api/milestones/:id/reminders`, `/api/notification-channels` and
 * `/api/notifications/deliveries`, answered by the notifications service.
 */
@Module({ controllers: [NotificationsController] })
export class NotificationsModule {}
