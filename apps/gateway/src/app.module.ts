import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { PlatformConfig } from '@duban/platform';
import type { GatewayConfig } from './config';
import { AuthModule } from './auth/auth.module';
import { GatewayPlatformModule } from './core/gateway-platform.module';
import { ProblemDetailsFilter } from './core/problem-details.filter';
import { HealthModule } from './health/health.module';

@Module({})
export class AppModule {
  static forRoot(platform: PlatformConfig, gateway: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [GatewayPlatformModule.forRoot(platform, gateway), AuthModule, HealthModule],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
