import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { InboxDeliveredSubscriber } from './inbox-delivered.subscriber';
import { InboxWatchers } from './inbox-watchers.service';
import { NotificationsController } from './notifications.controller';
import { PreferencesController } from './preferences.controller';

/**
 * `/api/me/notifications…`, `/api/me/notification-preferences`, `/api/milestones/:id/reminders`, `/api/notification-channels` and
 * `/api/notifications/deliveries`, answered by the notifications service; and the inbox's live stream,
 * fed by its `inbox.delivered` events.
 */
@Module({
  imports: [AuthModule],
  controllers: [NotificationsController, PreferencesController, InboxDeliveredSubscriber],
  providers: [InboxWatchers],
  exports: [InboxWatchers],
})
export class NotificationsModule {}
