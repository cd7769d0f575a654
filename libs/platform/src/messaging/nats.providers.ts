import { Inject, Injectable, Logger, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { PlatformConfig } from '../config/platform-config';
import { Namespace } from './namespace';
import { connectNats } from './nats-connection';
import { natsLogin } from './nats-login';
import { JETSTREAM, JETSTREAM_MANAGER, NATS_CONNECTION } from './tokens';

/** Drains the connection last, after consumers and the relay have stopped (they stop before shutdown). */
@Injectable()
export class NatsLifecycle implements OnApplicationShutdown {
  private readonly logger = new Logger('Nats');

  constructor(@Inject(NATS_CONNECTION) private readonly nats: NatsConnection) {
    void this.watch();
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.nats.isClosed()) await this.nats.drain().catch(() => this.nats.close());
  }

  private async watch(): Promise<void> {
    for await (const status of this.nats.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnect')
        this.logger.warn(`NATS ${status.type}: ${String(status.data)}`);
      // A subject this process's user may not use (deploy/nats): the message is dropped, so say which.
      if (status.permissionContext)
        this.logger.error(`NATS refused ${status.permissionContext.operation} on ${status.permissionContext.subject}`);
    }
  }
}

export const natsProviders: Provider[] = [
  {
    provide: Namespace,
    inject: [PlatformConfig],
    useFactory: (config: PlatformConfig) => new Namespace(config.namespace),
  },
  {
    provide: NATS_CONNECTION,
    inject: [PlatformConfig],
    useFactory: (config: PlatformConfig) =>
      connectNats(config.nats.url, `duban-${config.process}`, natsLogin(config.nats, config.process)),
  },
  { provide: JETSTREAM, inject: [NATS_CONNECTION], useFactory: (nats: NatsConnection) => nats.jetstream() },
  {
    provide: JETSTREAM_MANAGER,
    inject: [NATS_CONNECTION],
    useFactory: (nats: NatsConnection) => nats.jetstreamManager(),
  },
  NatsLifecycle,
];
