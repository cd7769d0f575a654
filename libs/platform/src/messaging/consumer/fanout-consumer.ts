import { Logger } from '@nestjs/common';
import { envelopeSchema, type Envelope, type EventDefinition, type StreamDefinition } from '@duban/contracts';
import { DeliverPolicy, type ConsumerMessages, type JetStreamClient, type JetStreamManager } from 'nats';
import type { PlatformConfig } from '../../config/platform-config';
import type { Namespace } from '../namespace';
import { ensureStream } from '../streams';

/** Wait before subscribing again when JetStream was unavailable or the consumer ended (e.g. the stream was deleted). */
const RESUBSCRIBE_DELAY_MS = 2_000;

export interface FanoutConsumerOptions {
  readonly event: EventDefinition;
  readonly stream: StreamDefinition;
  /** Gets the envelope checked, its data not yet parsed (each handler parses what it reads). */
  readonly handle: (envelope: Envelope) => Promise<void>;
  readonly jetstream: JetStreamClient;
  readonly manager: JetStreamManager;
  readonly namespace: Namespace;
  readonly config: PlatformConfig;
}

/**
 * An ordered (ephemeral) consumer of one event type from "new", for hints that every replica must see
 * (e.g. "refresh this inbox"): nothing is acknowledged or remembered, so a failure is only logged, and a
 * process that was away refetches rather than replays. Durable consumers (DESIGN rule 3) are for effects
 * that must happen once; this is not one. Without JetStream the process still starts, and keeps trying.
 */
export class FanoutConsumer {
  private readonly logger: Logger;
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;
  private running = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(private readonly options: FanoutConsumerOptions) {
    this.logger = new Logger(`FanoutConsumer ${options.event.type}`);
  }

  async start(): Promise<void> {
    this.running = true;
    await this.subscribe().catch((error: unknown) => {
      this.logger.error(`could not start: ${(error as Error).message}`);
      this.resubscribeLater();
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.retry);
    await this.messages?.close();
    await this.loop;
  }

  private async subscribe(): Promise<void> {
    const { stream, namespace, manager, jetstream, config, event } = this.options;
    await ensureStream(manager, stream, namespace, config.messaging.stream);
    const consumer = await jetstream.consumers.get(namespace.name(stream.name), {
      // One subject as a string: a list needs NATS 2.10 (filter_subjects), the local server may be older.
      filterSubjects: namespace.subject(event.type),
      deliver_policy: DeliverPolicy.New,
    });
    this.messages = await consumer.consume();
    this.loop = this.pump(this.messages);
  }

  private async pump(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const message of messages) {
        try {
          const envelope = envelopeSchema.parse(JSON.parse(message.string())) as Envelope;
          if (envelope.type !== this.options.event.type) continue;
          await this.options.handle(envelope);
        } catch (error) {
          this.logger.warn(`message ${message.seq} not handled: ${(error as Error).message}`);
        }
      }
    } catch (error) {
      this.logger.warn(`consumer failed: ${(error as Error).message}`);
    }
    // The ordered consumer rides out reconnects by itself; reaching here while running means it gave up.
    if (this.running) this.resubscribeLater();
  }

  private resubscribeLater(): void {
    this.logger.warn(`subscribing again in ${RESUBSCRIBE_DELAY_MS} ms`);
    this.retry = setTimeout(() => {
      if (!this.running) return;
      this.subscribe().catch((error: unknown) => {
        this.logger.error(`could not restart: ${(error as Error).message}`);
        this.resubscribeLater();
      });
    }, RESUBSCRIBE_DELAY_MS);
  }
}
