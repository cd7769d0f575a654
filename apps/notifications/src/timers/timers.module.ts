import { Module } from '@nestjs/common';
import { HEALTH_CONTRIBUTOR } from '@duban/platform';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { FiringModule } from '../firing/firing.module';
import { ReconcilerLeaseRepository } from './reconciler-lease.repository';
import { ReminderEngineHealth } from './reminder-engine-health.service';
import { ReminderReconciler } from './reminder-reconciler.service';
import { ReminderTimers } from './reminder-timers.service';
import { ReminderWorker } from './reminder-worker.service';

/**
 * Timers: arming them in BullMQ (for the deadlines side, after its transaction commits), the worker that
 * wakes them into firings and e-mail or webhook attempts, and the reconciler that keeps them honest; and the
 * engine's health (calendar coverage, Redis), offered to the platform's health check as HEALTH_CONTRIBUTOR.
 * The top of the chain timers → firing → delivery → in-app: nothing below calls back up.
 */
@Module({
  imports: [DeadlinesModule, FiringModule, DeliveryModule],
  providers: [
    ReminderTimers,
    ReminderWorker,
    ReminderReconciler,
    ReconcilerLeaseRepository,
    ReminderEngineHealth,
    { provide: HEALTH_CONTRIBUTOR, useExisting: ReminderEngineHealth },
  ],
  exports: [ReminderTimers, ReminderEngineHealth, HEALTH_CONTRIBUTOR],
})
export class TimersModule {}
