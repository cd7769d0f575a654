import { Module, type DynamicModule } from '@nestjs/common';
import { defaultHolidayTable, type HolidayTable } from '@duban/calendar';
import { ServicePlatformModule, type PlatformConfig } from '@duban/platform';
import { NotificationsConfig } from './config';
import { notificationsDatabase } from './database';
import { DeadlinesModule } from './deadlines/deadlines.module';
import { HOLIDAY_TABLE } from './deadlines/holiday-calendar.service';
import { DeliveryModule } from './delivery/delivery.module';
import { FiringModule } from './firing/firing.module';
import { InAppModule } from './in-app/in-app.module';
import { PlanningModule } from './planning/planning.module';
import { TimersModule } from './timers/timers.module';

/** What the service may be given instead of loading it itself (tests, tools). */
export interface NotificationsAppOptions {
  /**
   * The holiday table to start with; default: the one @duban/calendar ships. A test gives one without next
   * year's notice, then adds it at run time (`HolidayCalendar.add`).
   */
  readonly holidayTable?: HolidayTable;
}

/** Provides the reminder engine's settings everywhere, as the platform does its own. */
@Module({})
class NotificationsConfigModule {
  static forRoot(config: NotificationsConfig, options: NotificationsAppOptions): DynamicModule {
    return {
      module: NotificationsConfigModule,
      global: true,
      providers: [
        { provide: NotificationsConfig, useValue: config },
        { provide: HOLIDAY_TABLE, useValue: options.holidayTable ?? defaultHolidayTable() },
      ],
      exports: [NotificationsConfig, HOLIDAY_TABLE],
    };
  }
}

/**
 * The notifications service. Its features depend one way only:
 * planning (events → deadlines) → timers (arming, worker, reconciler) → firing → delivery → in-app,
 * with deadlines (the owner of the deadline and reminder tables) below planning, timers, firing and delivery.
 */
@Module({})
export class AppModule {
  static forRoot(
    config: { platform: PlatformConfig; notifications: NotificationsConfig } & NotificationsAppOptions,
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServicePlatformModule.forService({ config: config.platform, usesRedis: true, ...notificationsDatabase }),
        NotificationsConfigModule.forRoot(config.notifications, config),
        PlanningModule,
        TimersModule,
        FiringModule,
        DeliveryModule,
        InAppModule,
        DeadlinesModule,
      ],
    };
  }
}
