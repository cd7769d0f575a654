import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import {
  DomainError,
  Headers,
  ValidationError,
  fieldErrorsFromZod,
  type RpcDefinition,
  type RpcReply,
} from '@duban/contracts';
import type { Msg, NatsConnection, Subscription } from 'nats';
import { PlatformConfig } from '../../config/platform-config';
import { acceptCorrelationId, CorrelationContext } from '../../correlation/correlation-context';
import { Namespace } from '../namespace';
import { NATS_CONNECTION } from '../tokens';
import { RpcHandler } from './rpc-handler.decorator';

type Handler = (request: unknown) => Promise<unknown>;

/**
 * Answers the service's RPC subjects (core NATS request/reply, queue group per service so replicas share
 * the load). Requests are parsed with the contract's schema; domain errors travel back as typed bodies.
 *
 * Nest's own NATS transport would do for request/reply, but it binds subjects at decoration time and
 * cannot apply a run's namespace; this thin layer on the shared connection can.
 */
@Injectable()
export class RpcServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RpcServer.name);
  private readonly subscriptions: Subscription[] = [];
  private readonly registered: [RpcDefinition<unknown, unknown>, Handler][] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly config: PlatformConfig,
    private readonly namespace: Namespace,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
  ) {}

  /** Adds a handler whose subject is only known at run time; call before the application bootstraps. */
  register<Req, Res>(definition: RpcDefinition<Req, Res>, handler: (request: Req) => Promise<Res>): void {
    this.registered.push([definition as RpcDefinition<unknown, unknown>, handler as Handler]);
  }

  onApplicationBootstrap(): void {
    const handlers: [RpcDefinition<unknown, unknown>, Handler][] = [...this.registered];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      for (const method of this.scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
        const definition = this.discovery.getMetadataByDecorator(RpcHandler, wrapper, method);
        if (!definition) continue;
        handlers.push([definition, (instance[method] as Handler).bind(instance)]);
      }
    }
    const seen = new Set<string>();
    for (const [definition, handler] of handlers) {
      if (seen.has(definition.subject)) throw new Error(`Two handlers for RPC subject ${definition.subject}`);
      seen.add(definition.subject);
      this.subscribe(definition, handler);
    }
    this.logger.log(`Answering ${seen.size} RPC subject(s)`);
  }

  async onApplicationShutdown(): Promise<void> {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
  }

  private subscribe(definition: RpcDefinition<unknown, unknown>, handler: Handler): void {
    const subscription = this.nats.subscribe(this.namespace.subject(definition.subject), {
      queue: this.namespace.name(`rpc-${this.config.process}`),
      callback: (error, message) => {
        if (error) {
          this.logger.error(`Subscription ${definition.subject} failed: ${error.message}`);
          return;
        }
        void this.answer(definition, handler, message);
      },
    });
    this.subscriptions.push(subscription);
  }

  private async answer(definition: RpcDefinition<unknown, unknown>, handler: Handler, message: Msg): Promise<void> {
    const correlationId = acceptCorrelationId(message.headers?.get(Headers.correlationId));
    const reply = await CorrelationContext.run({ correlationId, causationId: null }, async (): Promise<RpcReply> => {
      try {
        const parsed = definition.request.safeParse(message.data.length ? JSON.parse(message.string()) : {});
        if (!parsed.success) throw new ValidationError(fieldErrorsFromZod(parsed.error));
        return { ok: true, data: await handler(parsed.data) };
      } catch (error) {
        if (error instanceof DomainError) return { ok: false, error: error.toBody() };
        this.logger.error({ err: error }, `RPC ${definition.subject} failed`);
        return { ok: false, error: { code: 'internal', message: 'Internal error' } };
      }
    });
    message.respond(JSON.stringify(reply));
  }
}
