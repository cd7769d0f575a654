import { Module } from '@nestjs/common';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { ReminderFiring } from './reminder-firing.service';

/**
 * Firing: a reminder whose instant has come is checked against its deadline (under the deadline's lock),
 * delivered, and its next overdue alert planned. Depends on deadlines and delivery; the timers that wake it
 * depend on it, never the other way round.
 */
@Module({
  imports: [DeadlinesModule, DeliveryModule],
  providers: [ReminderFiring],
  exports: [ReminderFiring],
})
export class FiringModule {}
