import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Streams, type ServiceName } from '@duban/contracts';
import type { JetStreamClient, JetStreamManager } from 'nats';
import { DataSource } from 'typeorm';
import { Clock } from '../../clock/clock';
import { PlatformConfig } from '../../config/platform-config';
import { Namespace } from '../namespace';
import { MessagingPruner } from '../retention/messaging-pruner';
import { ensureStream } from '../streams';
import { JETSTREAM, JETSTREAM_MANAGER } from '../tokens';
import { OutboxRelay } from './outbox-relay';

/**
 * Ensures the service's stream exists (messages kept DUBAN_STREAM_MAX_AGE_DAYS), then runs its outbox relay
 * and the pruner of its outbox and inbox for the life of the process.
 */
@Injectable()
export class OutboxRelayHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private relay: OutboxRelay | undefined;
  private pruner: MessagingPruner | undefined;

  constructor(
    private readonly config: PlatformConfig,
    private readonly namespace: Namespace,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
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
    this.pruner = new MessagingPruner({
      dataSource: this.dataSource,
      schema: this.config.database.schema,
      clock: this.clock,
      retention: this.config.retention,
    });
    this.pruner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([this.relay?.stop(), this.pruner?.stop()]);
  }
}
