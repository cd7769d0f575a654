import { Module } from '@nestjs/common';
import { NotificationsController } from './notifications.controller';

/** `/api/me/notifications…` and `/api/milestones/:id/reminders`, answered by the notifications service. */
@Module({ controllers: [NotificationsController] })
export class NotificationsModule {}
