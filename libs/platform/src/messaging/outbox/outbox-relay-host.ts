import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Streams, type ServiceName } from '@duban/contracts';
import type { JetStreamManager, NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { Clock } from '../../clock/clock';
import { PlatformConfig } from '../../config/platform-config';
import { Namespace } from '../namespace';
import { MessagingPruner } from '../retention/messaging-pruner';
import { ensureStream } from '../streams';
import { inboxPrefixOf } from '../nats-login';
import { JETSTREAM_MANAGER, NATS_CONNECTION } from '../tokens';
import { JetStreamPublisher } from './jetstream-publisher';
import { OutboxRelay } from './outbox-relay';

/** How long the relay waits for JetStream's ack before it counts a publication as failed (and retries it). */
const PUBLISH_TIMEOUT_MS = 5_000;

/**
 * Ensures the service's stream exists (messages kept DUBAN_STREAM_MAX_AGE_DAYS), then runs its outbox relay
 * and the pruner of its outbox and inbox for the life of the process.
 */
@Injectable()
export class OutboxRelayHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private relay: OutboxRelay | undefined;
  private publisher: JetStreamPublisher | undefined;
  private pruner: MessagingPruner | undefined;

  constructor(
    private readonly config: PlatformConfig,
    private readonly namespace: Namespace,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(JETSTREAM_MANAGER) private readonly manager: JetStreamManager,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const stream = Streams[this.config.process as ServiceName];
    await ensureStream(this.manager, stream, this.namespace, this.config.messaging.stream);
    this.publisher = new JetStreamPublisher(this.nats, {
      inboxPrefix: inboxPrefixOf(this.config.nats, this.config.process),
      timeoutMs: PUBLISH_TIMEOUT_MS,
    });
    this.relay = new OutboxRelay({
      dataSource: this.dataSource,
      publisher: this.publisher,
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
    this.publisher?.close();
  }
}
