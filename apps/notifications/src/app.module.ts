import { Module, type DynamicModule } from '@nestjs/common';
import { ServicePlatformModule, type PlatformConfig } from '@duban/platform';
import { NotificationsConfig } from './config';
import { notificationsDatabase } from './database';
import { DeadlinesModule } from './deadlines/deadlines.module';
import { DeliveryModule } from './delivery/delivery.module';
import { FiringModule } from './firing/firing.module';
import { InAppModule } from './in-app/in-app.module';
import { PlanningModule } from './planning/planning.module';
import { TimersModule } from './timers/timers.module';

/** Provides the reminder engine's settings everywhere, as the platform does its own. */
@Module({})
class NotificationsConfigModule {
  static forRoot(config: NotificationsConfig): DynamicModule {
    return {
      module: NotificationsConfigModule,
      global: true,
      providers: [{ provide: NotificationsConfig, useValue: config }],
      exports: [NotificationsConfig],
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
  static forRoot(config: { platform: PlatformConfig; notifications: NotificationsConfig }): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServicePlatformModule.forService({ config: config.platform, ...notificationsDatabase }),
        NotificationsConfigModule.forRoot(config.notifications),
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
