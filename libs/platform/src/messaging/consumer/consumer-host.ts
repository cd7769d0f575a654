import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { JetStreamClient, JetStreamManager } from 'nats';
import { DataSource } from 'typeorm';
import { PlatformConfig } from '../../config/platform-config';
import { Namespace } from '../namespace';
import { ensureStream } from '../streams';
import { JETSTREAM, JETSTREAM_MANAGER } from '../tokens';
import { EventConsumer, type EventHandlerBinding, type EventHandlerFn } from './event-consumer';
import { EventSubscriber, OnEvent } from './event-subscriber.decorator';

/** Finds the service's `@EventSubscriber` providers and runs one durable consumer for each. */
@Injectable()
export class ConsumerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ConsumerHost.name);
  private readonly consumers: EventConsumer[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly config: PlatformConfig,
    private readonly namespace: Namespace,
    private readonly dataSource: DataSource,
    @Inject(JETSTREAM) private readonly jetstream: JetStreamClient,
    @Inject(JETSTREAM_MANAGER) private readonly manager: JetStreamManager,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const wrapper of this.discovery.getProviders({ metadataKey: EventSubscriber.KEY })) {
      const options = this.discovery.getMetadataByDecorator(EventSubscriber, wrapper);
      const instance = wrapper.instance as Record<string, unknown>;
      if (!options || !instance) continue;
      const handlers: EventHandlerBinding[] = [];
      for (const method of this.scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
        const event = this.discovery.getMetadataByDecorator(OnEvent, wrapper, method);
        if (!event) continue;
        const handle = (instance[method] as EventHandlerFn<unknown>).bind(instance);
        handlers.push({ event, handle });
      }
      if (handlers.length === 0) throw new Error(`${wrapper.name} is an @EventSubscriber without @OnEvent methods`);
      const consumer = new EventConsumer({
        durable: options.durable,
        stream: options.stream,
        handlers,
        dataSource: this.dataSource,
        schema: this.config.database.schema,
        jetstream: this.jetstream,
        manager: this.manager,
        namespace: this.namespace,
        maxDeliver: this.config.messaging.maxDeliver,
        retryDelayMs: this.config.messaging.retryDelayMs,
      });
      // The publishing service may not have started yet: its stream is created here just the same.
      await ensureStream(this.manager, options.stream, this.namespace, this.config.messaging.stream);
      await consumer.start();
      this.consumers.push(consumer);
      this.logger.log(`Consuming ${options.stream.name} as ${consumer.durableName} (${handlers.length} event types)`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
  }
}
