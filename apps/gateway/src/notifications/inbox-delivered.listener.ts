import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { envelopeSchema, InboxDelivered, isAddressedTo, Streams, type Actor } from '@duban/contracts';
import { ensureStream, Namespace, NATS_CONNECTION, PlatformConfig } from '@duban/platform';
import { DeliverPolicy, type ConsumerMessages, type NatsConnection } from 'nats';

/** One open inbox stream: told the ids of new notifications in the actor's inbox, and when to end. */
export interface InboxWatcher {
  readonly actor: Pick<Actor, 'username' | 'role' | 'regionCodes'>;
  notify(notificationIds: readonly string[]): void;
  /** The gateway is shutting down. */
  close(): void;
}

/** Wait before subscribing again when JetStream was unavailable or the consumer ended (e.g. the stream was deleted). */
const RESUBSCRIBE_DELAY_MS = 2_000;

/**
 * Follows the notifications service's `inbox.delivered` events and tells each open inbox stream of this
 * gateway replica about the ones addressed to its user. An ordered (ephemeral) consumer from "new": every
 * replica sees every event, nothing is acknowledged or remembered, and a client that reconnects refetches
 * its inbox rather than replaying what it missed. Durable consumers (DESIGN rule 3) are for effects that
 * must happen once; this is only a hint to refresh.
 */
@Injectable()
export class InboxDeliveredListener implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(InboxDeliveredListener.name);
  private readonly namespace: Namespace;
  private readonly watchers = new Set<InboxWatcher>();
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;
  private running = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    private readonly config: PlatformConfig,
  ) {
    this.namespace = new Namespace(config.namespace);
  }

  /** Registers an open stream; returns what ends it (on disconnect). */
  watch(watcher: InboxWatcher): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  get openStreams(): number {
    return this.watchers.size;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.running = true;
    // Live updates are a convenience: without JetStream the gateway still starts, and keeps trying.
    await this.subscribe().catch((error: unknown) => {
      this.logger.error(`inbox.delivered consumer could not start: ${(error as Error).message}`);
      this.resubscribeLater();
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    clearTimeout(this.retry);
    for (const watcher of this.watchers) watcher.close();
    this.watchers.clear();
    await this.messages?.close();
    await this.loop;
  }

  /** Tells each watcher whose inbox one event concerns, with the ids of its notifications. */
  dispatch(payload: string): void {
    let deliveries;
    try {
      const envelope = envelopeSchema.parse(JSON.parse(payload));
      if (envelope.type !== InboxDelivered.type) return;
      deliveries = InboxDelivered.schema.parse(envelope.data).deliveries;
    } catch (error) {
      // A hint we cannot read is dropped (clients still see it on their next refetch); say so loudly.
      this.logger.error(`Unreadable inbox.delivered event ignored: ${(error as Error).message}`);
      return;
    }
    for (const watcher of this.watchers) {
      const ids = deliveries.filter((d) => isAddressedTo(d.addressee, watcher.actor)).map((d) => d.notificationId);
      if (ids.length > 0) watcher.notify(ids);
    }
  }

  private async subscribe(): Promise<void> {
    // The notifications service may not have started yet: its stream is created here just the same.
    await ensureStream(
      await this.nats.jetstreamManager(),
      Streams.notifications,
      this.namespace,
      this.config.messaging.stream,
    );
    const consumer = await this.nats.jetstream().consumers.get(this.namespace.name(Streams.notifications.name), {
      // One subject as a string: a list needs NATS 2.10 (filter_subjects), the local server may be older.
      filterSubjects: this.namespace.subject(InboxDelivered.type),
      deliver_policy: DeliverPolicy.New,
    });
    const messages = await consumer.consume();
    this.messages = messages;
    this.loop = this.pump(messages);
  }

  private async pump(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const message of messages) this.dispatch(message.string());
    } catch (error) {
      this.logger.warn(`inbox.delivered consumer failed: ${(error as Error).message}`);
    }
    // The ordered consumer rides out reconnects by itself; reaching here while running means it gave up.
    if (this.running) this.resubscribeLater();
  }

  private resubscribeLater(): void {
    this.logger.warn(`inbox.delivered consumer: subscribing again in ${RESUBSCRIBE_DELAY_MS} ms`);
    this.retry = setTimeout(() => {
      if (!this.running) return;
      this.subscribe().catch((error: unknown) => {
        this.logger.error(`inbox.delivered consumer could not restart: ${(error as Error).message}`);
        this.resubscribeLater();
      });
    }, RESUBSCRIBE_DELAY_MS);
  }
}
