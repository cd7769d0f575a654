import { Global, MiddlewareConsumer, Module, type DynamicModule, type NestModule } from '@nestjs/common';
import {
  AuditLog,
  DatabaseModule,
  LoggingModule,
  Namespace,
  NATS_CONNECTION,
  natsProviders,
  PlatformConfig,
  RpcClient,
} from '@duban/platform';
import type { NatsConnection } from 'nats';
import { GatewayConfig } from '../config';
import { gatewayDatabase } from '../database';
import { CorrelationMiddleware } from './correlation.middleware';
import { redisProvider, RedisLifecycle, REDIS } from './redis.provider';

/** The gateway's plumbing: config, logs, its own schema and audit trail, NATS (as an RPC client) and Redis. */
@Global()
@Module({})
export class GatewayPlatformModule implements NestModule {
  static forRoot(platform: PlatformConfig, gateway: GatewayConfig): DynamicModule {
    return {
      module: GatewayPlatformModule,
      imports: [LoggingModule.forRoot({ httpRequests: true }), DatabaseModule.forRoot(gatewayDatabase)],
      providers: [
        { provide: PlatformConfig, useValue: platform },
        { provide: GatewayConfig, useValue: gateway },
        ...natsProviders,
        {
          provide: RpcClient,
          inject: [NATS_CONNECTION, Namespace, PlatformConfig],
          useFactory: (nats: NatsConnection, namespace: Namespace, config: PlatformConfig) =>
            new RpcClient(nats, namespace, config.messaging.rpcTimeoutMs),
        },
        redisProvider,
        RedisLifecycle,
        AuditLog,
      ],
      exports: [PlatformConfig, GatewayConfig, RpcClient, NATS_CONNECTION, REDIS, AuditLog],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CorrelationMiddleware).forRoutes('{*path}');
  }
}
