import { Module, type DynamicModule } from '@nestjs/common';
import type { HolidayTable } from '@duban/calendar';
import { ServicePlatformModule, type PlatformConfig } from '@duban/platform';
import { NotificationsConfig } from './config';
import { notificationsDatabase } from './database';
import { CalendarsModule } from './calendars/calendars.module';
import { DeadlinesModule } from './deadlines/deadlines.module';
import { HOLIDAY_TABLE } from './calendars/holiday-calendar.service';
import { DeliveryModule } from './delivery/delivery.module';
import { DemoDataModule } from './demo/demo-data.module';
import { FiringModule } from './firing/firing.module';
import { InAppModule } from './in-app/in-app.module';
import { OversightModule } from './oversight/oversight.module';
import { PlanningModule } from './planning/planning.module';
import { TimersModule } from './timers/timers.module';

/** What the service may be given instead of loading it itself (tests, tools). */
export interface NotificationsAppOptions {
  /**
   * A holiday table under the database's (`calendar_year`, the calendar's only source in production);
   * default none. A test gives one to start an instance that knows a year the database does not.
   */
  readonly holidayTable?: HolidayTable;
}

const NO_EXTRA_HOLIDAYS: HolidayTable = { years: [], days: [] };

/** Provides the reminder engine's settings everywhere, as the platform does its own. */
@Module({})
class NotificationsConfigModule {
  static forRoot(config: NotificationsConfig, options: NotificationsAppOptions): DynamicModule {
    return {
      module: NotificationsConfigModule,
      global: true,
      providers: [
        { provide: NotificationsConfig, useValue: config },
        { provide: HOLIDAY_TABLE, useValue: options.holidayTable ?? NO_EXTRA_HOLIDAYS },
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
        OversightModule,
        TimersModule,
        FiringModule,
        DeliveryModule,
        InAppModule,
        DeadlinesModule,
        CalendarsModule,
        // The live demo's calendar years: loaded only with DUBAN_DEMO_LIVE (`npm start`).
        ...(config.platform.demoLive ? [DemoDataModule] : []),
      ],
    };
  }
}
