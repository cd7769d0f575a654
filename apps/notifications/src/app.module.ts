import { Module, type DynamicModule } from '@nestjs/common';
import { ServicePlatformModule, type PlatformConfig } from '@duban/platform';
import { ClockModule } from './clock/clock.module';
import { NotificationsConfig } from './config';
import { notificationsDatabase } from './database';
import { DeadlinesModule } from './deadlines/deadlines.module';
import { InboxModule } from './inbox/inbox.module';
import { TimersModule } from './timers/timers.module';

/** Provides the reminder engine's settings everywhere. */
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

@Module({})
export class AppModule {
  static forRoot(config: PlatformConfig, notifications: NotificationsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServicePlatformModule.forService({ config, ...notificationsDatabase }),
        NotificationsConfigModule.forRoot(notifications),
        ClockModule,
        InboxModule,
        TimersModule,
        DeadlinesModule,
      ],
    };
  }
}
