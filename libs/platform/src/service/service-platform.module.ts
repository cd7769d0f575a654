import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { APP_FILTER } from '@nestjs/core';
import { AuditChain } from '../audit/audit-chain';
import { AuditEntries } from '../audit/audit-entries';
import { AuditLog } from '../audit/audit-log';
import { PlatformConfig } from '../config/platform-config';
import { DatabaseModule } from '../database/database.module';
import type { DatabaseOptions } from '../database/migrations';
import { LoggingModule } from '../logging/logging.module';
import { natsProviders } from '../messaging/nats.providers';
import { ConsumerRegistry } from '../messaging/consumer/consumer-registry';
import { DeadLetterRepository } from '../messaging/dead-letters/dead-letter.repository';
import { DeadLetters } from '../messaging/dead-letters/dead-letters.service';
import { Namespace } from '../messaging/namespace';
import { Outbox } from '../messaging/outbox/outbox';
import { OutboxRelayHost } from '../messaging/outbox/outbox-relay-host';
import { DomainErrorsFilter } from '../messaging/transport/domain-errors.filter';
import { DubanTransport } from '../messaging/transport/duban-transport';
import { RpcClient } from '../messaging/transport/rpc-client';
import { ActorSignature } from '../messaging/transport/actor-signature';
import { JETSTREAM, JETSTREAM_MANAGER, NATS_CONNECTION } from '../messaging/tokens';
import { Access } from '../access/access';
import { Clock } from '../clock/clock';
import { Transactions } from '../database/transactions';
import { RequestLogRepository } from '../database/request-log.repository';
import { PlatformRpcs } from './platform-rpcs';
import { ServiceHealthCheck } from './service-health-check';
import { HealthEndpoint } from './health-endpoint';
import { ProductionStartCheck, USES_REDIS } from '../production/production-start-check';

/** The process's client for request/reply; the connection is the process's own. */
export const rpcClientProvider = {
  provide: RpcClient,
  inject: [NATS_CONNECTION, Namespace, PlatformConfig],
  useFactory: (nats: NatsConnection, namespace: Namespace, config: PlatformConfig) =>
    new RpcClient(nats, namespace, config.messaging.rpcTimeoutMs, new ActorSignature(config.rpcSigning.key)),
};

export interface ServicePlatformOptions extends DatabaseOptions {
  readonly config: PlatformConfig;
  /** The service keeps state in Redis (notifications' timers): its production start checks Redis's settings. */
  readonly usesRedis?: boolean;
}

/**
 * Everything a back-end service stands on, wired the same way in each: typed config, logs, its schema
 * and migrations, the NATS connection, its stream and outbox relay, the microservices transport (every
 * `@MessagePattern` and `@EventPattern` of its controllers) with the platform's own answers (health, audit
 * chain check, dead letters listed and replayed), a client for other
 * services' RPCs, and the one clock, access rule, audit log and transaction runner.
 */
@Global()
@Module({})
export class ServicePlatformModule {
  static forService(options: ServicePlatformOptions): DynamicModule {
    return {
      module: ServicePlatformModule,
      imports: [
        LoggingModule.forRoot(),
        DatabaseModule.forRoot({ migrations: options.migrations }),
      ],
      providers: [
        { provide: PlatformConfig, useValue: options.config },
        ...natsProviders,
        {
          provide: Outbox,
          inject: [PlatformConfig],
          useFactory: (config: PlatformConfig) => new Outbox(config.database.schema),
        },
        rpcClientProvider,
        OutboxRelayHost,
        DubanTransport,
        { provide: APP_FILTER, useClass: DomainErrorsFilter },
        ServiceHealthCheck,
        HealthEndpoint,
        { provide: USES_REDIS, useValue: options.usesRedis ?? false },
        ProductionStartCheck,
        AuditChain,
        AuditEntries,
        DeadLetterRepository,
        DeadLetters,
        ConsumerRegistry,
        PlatformRpcs,
        AuditLog,
        Access,
        {
          provide: Clock,
          inject: [PlatformConfig],
          useFactory: (config: PlatformConfig) => new Clock(config.clockOffsetMs),
        },
        Transactions,
        RequestLogRepository,
      ],
      exports: [
        PlatformConfig,
        Namespace,
        Outbox,
        AuditLog,
        AuditChain,
        AuditEntries,
        Access,
        Clock,
        Transactions,
        RpcClient,
        DubanTransport,
        DatabaseModule,
        NATS_CONNECTION,
        JETSTREAM,
        JETSTREAM_MANAGER,
      ],
    };
  }
}
