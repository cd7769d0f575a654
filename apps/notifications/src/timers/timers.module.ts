import { Global, Module } from '@nestjs/common';
import { DeadlinesRepository } from '../deadlines/deadlines.repository';
import { DeliveryModule } from '../delivery/delivery.module';
import { InboxModule } from '../inbox/inbox.module';
import { ReminderFiring } from './reminder-firing.service';
import { ReminderReconciler } from './reminder-reconciler';
import { ReminderTimers } from './reminder-timers';
import { ReminderWorker } from './reminder-worker';

/** Timers (BullMQ), the worker that fires them, and the reconciler that keeps them honest. */
@Global()
@Module({
  imports: [InboxModule, DeliveryModule],
  providers: [DeadlinesRepository, ReminderTimers, ReminderFiring, ReminderWorker, ReminderReconciler],
  exports: [DeadlinesRepository, ReminderTimers, ReminderFiring, ReminderReconciler],
})
export class TimersModule {}
