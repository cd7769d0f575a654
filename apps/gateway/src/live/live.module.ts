import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { LiveChangesSubscriber } from './live-changes.subscriber';

/** Live pages: the services' changes, pushed on the inbox's stream to those who may see them. */
@Module({ imports: [NotificationsModule], controllers: [LiveChangesSubscriber] })
export class LiveModule {}
