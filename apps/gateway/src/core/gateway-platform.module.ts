import { Global, Module, type DynamicModule } from '@nestjs/common';
import {
  AuditChain,
  AuditEntries,
  AuditLog,
  Clock,
  DatabaseModule,
  DubanTransport,
  LoggingModule,
  natsProviders,
  NATS_CONNECTION,
  PlatformConfig,
  RpcClient,
  rpcClientProvider,
  Transactions,
} from '@duban/platform';
import { GatewayConfig } from '../config';
import { gatewayDatabase } from '../database';
import { MultipartParser } from './multipart-parser';
import { redisProvider, RedisLifecycle, REDIS } from './redis.provider';

/**
 * The gateway's plumbing: config, logs, its own schema and audit trail, the one clock, NATS (an RPC client,
 * and the microservices transport its event subscribers listen on) and Redis. The request's context (its
 * correlation id, its access line) is set by Fastify hooks, not middleware: see registerRequestContext.
 */
@Global()
@Module({})
export class GatewayPlatformModule {
  static forRoot(platform: PlatformConfig, gateway: GatewayConfig): DynamicModule {
    return {
      module: GatewayPlatformModule,
      imports: [LoggingModule.forRoot(), DatabaseModule.forRoot(gatewayDatabase)],
      providers: [
        { provide: PlatformConfig, useValue: platform },
        { provide: GatewayConfig, useValue: gateway },
        ...natsProviders,
        rpcClientProvider,
        DubanTransport,
        redisProvider,
        RedisLifecycle,
        MultipartParser,
        AuditLog,
        AuditChain,
        AuditEntries,
        {
          provide: Clock,
          inject: [PlatformConfig],
          useFactory: (config: PlatformConfig) => new Clock(config.clockOffsetMs),
        },
        Transactions,
      ],
      exports: [
        PlatformConfig,
        GatewayConfig,
        RpcClient,
        NATS_CONNECTION,
        REDIS,
        AuditLog,
        AuditChain,
        AuditEntries,
        Clock,
        Transactions,
      ],
    };
  }
}
