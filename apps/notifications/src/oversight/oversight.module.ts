import { Module } from '@nestjs/common';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { TimersModule } from '../timers/timers.module';
import { OversightEventsSubscriber } from './oversight-events.subscriber';
import { OversightNotices } from './oversight-notices.service';

/**
 * 催办 and 批示 notices: sent at once through the reminders' delivery path (channels by contacts, one delivery
 * log). Beside planning: it depends on timers (arming e-mail and webhook attempts), delivery and deadlines.
 */
@Module({
  imports: [DeadlinesModule, DeliveryModule, TimersModule],
  controllers: [OversightEventsSubscriber],
  providers: [OversightNotices],
})
export class OversightModule {}
