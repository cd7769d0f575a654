import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { PlatformConfig } from '@duban/platform';
import type { GatewayConfig } from './config';
import { AuthModule } from './auth/auth.module';
import { CalendarsModule } from './calendars/calendars.module';
import { GatewayPlatformModule } from './core/gateway-platform.module';
import { ProblemDetailsFilter } from './core/problem-details.filter';
import { DashboardModule } from './dashboard/dashboard.module';
import { EvaluationModule } from './evaluation/evaluation.module';
import { ExportsModule } from './exports/exports.module';
import { FormatsModule } from './formats/formats.module';
import { LiveModule } from './live/live.module';
import { OverrunsModule } from './overruns/overruns.module';
import { OversightModule } from './oversight/oversight.module';
import { FundingModule } from './funding/funding.module';
import { HealthModule } from './health/health.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { MilestonesModule } from './milestones/milestones.module';
import { AgendaModule } from './agenda/agenda.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OperationsModule } from './operations/operations.module';
import { ProgrammesModule } from './programmes/programmes.module';
import { ProjectsModule } from './projects/projects.module';
import { RegionsModule } from './regions/regions.module';
import { ReportsModule } from './reports/reports.module';

@Module({})
export class AppModule {
  static forRoot(platform: PlatformConfig, gateway: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        GatewayPlatformModule.forRoot(platform, gateway),
        AuthModule,
        IdempotencyModule,
        HealthModule,
        ReportsModule,
        DashboardModule,
        ProgrammesModule,
        CalendarsModule,
        RegionsModule,
        ProjectsModule,
        MilestonesModule,
        AgendaModule,
        EvaluationModule,
        NotificationsModule,
        FundingModule,
        OperationsModule,
        ExportsModule,
        FormatsModule,
        OverrunsModule,
        OversightModule,
        LiveModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
