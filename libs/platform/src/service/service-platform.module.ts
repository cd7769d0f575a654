import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AuditLog } from '../audit/audit-log';
import { PlatformConfig } from '../config/platform-config';
import { DatabaseModule } from '../database/database.module';
import type { DatabaseOptions } from '../database/migrations';
import { LoggingModule } from '../logging/logging.module';
import { ConsumerHost } from '../messaging/consumer/consumer-host';
import { natsProviders } from '../messaging/nats.providers';
import { Namespace } from '../messaging/namespace';
import { Outbox } from '../messaging/outbox/outbox';
import { OutboxRelayHost } from '../messaging/outbox/outbox-relay-host';
import { RpcServer } from '../messaging/rpc/rpc-server';
import { JETSTREAM, JETSTREAM_MANAGER, NATS_CONNECTION } from '../messaging/tokens';
import { ServiceHealthHandler } from './service-health.handler';

export interface ServicePlatformOptions extends DatabaseOptions {
  readonly config: PlatformConfig;
}

/**
 * Everything a back-end service stands on, wired the same way in each: typed config, logs, its schema
 * and migrations, the NATS connection, its stream and outbox relay, its durable consumers (every
 * `@EventSubscriber` provider), its RPC server (every `@RpcHandler` method) and its health answer.
 */
@Global()
@Module({})
export class ServicePlatformModule {
  static forService(options: ServicePlatformOptions): DynamicModule {
    return {
      module: ServicePlatformModule,
      imports: [
        DiscoveryModule,
        LoggingModule.forRoot(),
        DatabaseModule.forRoot({ entities: options.entities, migrations: options.migrations }),
      ],
      providers: [
        { provide: PlatformConfig, useValue: options.config },
        ...natsProviders,
        { provide: Outbox, inject: [PlatformConfig], useFactory: (config: PlatformConfig) => new Outbox(config.database.schema) },
        OutboxRelayHost,
        ConsumerHost,
        RpcServer,
        ServiceHealthHandler,
        AuditLog,
      ],
      exports: [PlatformConfig, Namespace, Outbox, AuditLog, RpcServer, DatabaseModule, NATS_CONNECTION, JETSTREAM, JETSTREAM_MANAGER],
    };
  }
}
