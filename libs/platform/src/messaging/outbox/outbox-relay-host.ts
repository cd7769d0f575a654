import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Streams, type ServiceName } from '@duban/contracts';
import type { JetStreamClient, JetStreamManager } from 'nats';
import { DataSource } from 'typeorm';
import { PlatformConfig } from '../../config/platform-config';
import { Namespace } from '../namespace';
import { ensureStream } from '../streams';
import { JETSTREAM, JETSTREAM_MANAGER } from '../tokens';
import { OutboxRelay } from './outbox-relay';

/** Ensures the service's stream exists, then runs its outbox relay for the life of the process. */
@Injectable()
export class OutboxRelayHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private relay: OutboxRelay | undefined;

  constructor(
    private readonly config: PlatformConfig,
    private readonly namespace: Namespace,
    private readonly dataSource: DataSource,
    @Inject(JETSTREAM) private readonly jetstream: JetStreamClient,
    @Inject(JETSTREAM_MANAGER) private readonly manager: JetStreamManager,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const stream = Streams[this.config.process as ServiceName];
    await ensureStream(this.manager, stream, this.namespace, this.config.messaging.stream);
    this.relay = new OutboxRelay({
      dataSource: this.dataSource,
      jetstream: this.jetstream,
      namespace: this.namespace,
      schema: this.config.database.schema,
      databaseUrl: this.config.database.url,
      pollMs: this.config.messaging.outboxPollMs,
      batchSize: this.config.messaging.outboxBatchSize,
    });
    this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
  }
}
