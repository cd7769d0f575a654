import { Module } from '@nestjs/common';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { EventBacklog } from './event-backlog.service';
import { ReminderFiring } from './reminder-firing.service';
import { ReminderWords } from './reminder-words.service';

/**
 * Firing: a reminder whose instant has come is checked against its deadline (under the deadline's lock),
 * delivered, and its next overdue alert planned; held while its source's events are still on their way in. Depends on deadlines and delivery; the timers that wake it
 * depend on it, never the other way round.
 */
@Module({
  imports: [DeadlinesModule, DeliveryModule],
  providers: [ReminderFiring, ReminderWords, EventBacklog],
  exports: [ReminderFiring, ReminderWords],
})
export class FiringModule {}
