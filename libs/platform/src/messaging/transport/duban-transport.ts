import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import {
  declaredRpcs,
  DomainError,
  eventDefinition,
  eventService,
  fieldErrorsFromZod,
  Headers,
  rpcDefinition,
  ServiceUnavailableError,
  SERVICES,
  Streams,
  ValidationError,
  type Envelope,
  type EventDefinition,
  type RpcDefinition,
  type RpcReply,
  type ServiceName,
  type StreamDefinition,
} from '@duban/contracts';
import { type JetStreamClient, type JetStreamManager, type Msg, type NatsConnection, type Subscription } from 'nats';
import { isObservable, lastValueFrom } from 'rxjs';
import { DataSource } from 'typeorm';
import { PlatformConfig } from '../../config/platform-config';
import { acceptCorrelationId, CorrelationContext } from '../../correlation/correlation-context';
import { isDatabaseUnavailable } from '../../database/database-unavailable';
import { retryWhenDatabaseBack } from '../../database/when-database-back';
import { RequestLogRepository } from '../../database/request-log.repository';
import { Clock } from '../../clock/clock';
import { AlreadyAppliedError, RequestKeyContext, type RequestKey } from './request-key';
import { ConsumerRegistry } from '../consumer/consumer-registry';
import { EventConsumer, on, onEach, type EventHandlerBinding } from '../consumer/event-consumer';
import { FanoutConsumer } from '../consumer/fanout-consumer';
import { Namespace } from '../namespace';
import { ensureStream } from '../streams';
import { JETSTREAM, JETSTREAM_MANAGER, NATS_CONNECTION } from '../tokens';
import { PlatformRpcs } from '../../service/platform-rpcs';
import { ActorSignature, UnsignedActorError } from './actor-signature';
import { EventContext, RequestContext, type EventPatternExtras } from './event-context';

/** Which RPC subjects a process must answer; the platform's own tests narrow it to their probes. */
export const DECLARED_RPCS = Symbol('DECLARED_RPCS');

interface EventHandlerEntry {
  readonly type: string;
  readonly handler: MessageHandler;
  readonly extras: EventPatternExtras;
}

/** How often, and how long, a committed write's answer is tried again while the database is out of reach. */
const ANSWER_RETRY_EVERY_MS = 1_000;
const ANSWER_RETRY_FOR_MS = 600_000;

/**
 * Nest's microservices API on Duban's messaging (DESIGN rule 4). `@MessagePattern(Rpc.subject)` methods
 * answer core-NATS request/reply (a queue group per service, so replicas share the load), requests parsed
 * by their contract and domain errors sent back typed. `@EventPattern(Event.type, {durable})` methods are
 * grouped into one durable JetStream consumer per durable name, each message handled in one transaction
 * with its inbox row (see EventConsumer). Every subject, stream and durable passes through the run's
 * namespace.
 *
 * Nest's own NATS transport is core NATS (at most once) and binds subjects at decoration time: it could
 * neither carry events nor isolate test runs, hence this strategy on the shared connection.
 *
 * A request that carries an actor is answered only when signed by a holder of the shared key (see
 * ActorSignature): another client on the bus cannot speak for a user.
 *
 * Start-up refuses what cannot work: a pattern no contract defines, a declared RPC nobody answers, an
 * event handler without its consumer.
 */
@Injectable()
export class DubanTransport extends Server implements CustomTransportStrategy {
  private readonly log = new Logger('DubanTransport');
  private readonly eventHandlers: EventHandlerEntry[] = [];
  private readonly subscriptions: Subscription[] = [];
  private readonly consumers: ConsumerRegistry;
  private readonly fanouts: FanoutConsumer[] = [];
  private readonly signature: ActorSignature;

  constructor(
    private readonly config: PlatformConfig,
    private readonly namespace: Namespace,
    private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(JETSTREAM) private readonly jetstream: JetStreamClient,
    @Inject(JETSTREAM_MANAGER) private readonly manager: JetStreamManager,
    @Optional() private readonly platformRpcs?: PlatformRpcs,
    @Optional() @Inject(DECLARED_RPCS) private readonly declared?: readonly RpcDefinition<unknown, unknown>[],
    @Optional() consumers?: ConsumerRegistry,
    @Optional() private readonly requestLog?: RequestLogRepository,
    @Optional() private readonly clock?: Clock,
  ) {
    super();
    this.consumers = consumers ?? new ConsumerRegistry();
    this.signature = new ActorSignature(config.rpcSigning.key);
  }

  /** Event handlers are kept apart, one per (type, consumer): Nest would chain same-typed ones into one. */
  override addHandler(
    pattern: unknown,
    callback: MessageHandler,
    isEventHandler = false,
    extras: Record<string, unknown> = {},
  ): void {
    if (!isEventHandler) return super.addHandler(pattern, callback, false, extras);
    if (typeof pattern !== 'string')
      throw new Error(`@EventPattern takes an event type string, got ${JSON.stringify(pattern)}`);
    this.eventHandlers.push({ type: pattern, handler: callback, extras: extras as EventPatternExtras });
  }

  listen(callback: (error?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  async close(): Promise<void> {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    await Promise.all(this.consumers.all().map((consumer) => consumer.stop()));
    await Promise.all(this.fanouts.map((consumer) => consumer.stop()));
  }

  on(): never {
    throw new Error('DubanTransport has no events to listen to');
  }

  unwrap<T>(): T {
    return this.nats as T;
  }

  private async start(): Promise<void> {
    if (this.config.rpcSigning.derived)
      this.log.warn('DUBAN_RPC_SIGNING_KEY is not set: RPC actors are signed with a key derived from the namespace');
    this.answerRpcs();
    await this.consumeEvents();
  }

  private answerRpcs(): void {
    const answered = new Set<string>();
    const service = (SERVICES as readonly string[]).includes(this.config.process)
      ? (this.config.process as ServiceName)
      : null;
    // Every service answers the platform's own RPCs (health, audit chain, dead letters) with the platform's
    // code; which subjects depends on the process, so no decorator names them.
    if (service && this.platformRpcs) {
      for (const [subject, handle] of this.platformRpcs.handlers(service)) {
        super.addHandler(subject, (request: unknown) => handle(request as never));
      }
    }
    for (const [subject, handler] of this.messageHandlers) {
      const definition = rpcDefinition(subject);
      if (!definition) throw new Error(`@MessagePattern('${subject}') names no RPC defined in @duban/contracts`);
      this.subscribe(definition, handler);
      answered.add(subject);
    }
    const declared = this.declared ?? (service ? declaredRpcs(service) : []);
    const unanswered = declared
      .filter((definition) => !answered.has(definition.subject))
      .map((definition) => definition.subject);
    if (unanswered.length > 0) {
      throw new Error(`${this.config.process} declares RPCs that no @MessagePattern answers: ${unanswered.join(', ')}`);
    }
    if (answered.size > 0) this.log.log(`Answering ${answered.size} RPC subject(s)`);
  }

  private subscribe(definition: RpcDefinition<unknown, unknown>, handler: MessageHandler): void {
    const subscription = this.nats.subscribe(this.namespace.subject(definition.subject), {
      queue: this.namespace.name(`rpc-${this.config.process}`),
      callback: (error, message) => {
        if (error) {
          this.log.error(`Subscription ${definition.subject} failed: ${error.message}`);
          return;
        }
        void this.answer(definition, handler, message);
      },
    });
    this.subscriptions.push(subscription);
  }

  private async answer(
    definition: RpcDefinition<unknown, unknown>,
    handler: MessageHandler,
    message: Msg,
  ): Promise<void> {
    const correlationId = acceptCorrelationId(message.headers?.get(Headers.correlationId));
    const reply = await CorrelationContext.run({ correlationId, causationId: null }, async (): Promise<RpcReply> => {
      try {
        const body: unknown = message.data.length ? JSON.parse(message.string()) : {};
        if (ActorSignature.carriesActor(body)) this.signature.verify(message.headers, message.subject, message.data);
        const parsed = definition.request.safeParse(body);
        if (!parsed.success) throw new ValidationError(fieldErrorsFromZod(parsed.error));
        const run = async (): Promise<unknown> =>
          lastValueFrom(
            this.transformToObservable(await handler(parsed.data, new RequestContext([definition.subject]))),
            {
              defaultValue: undefined,
            },
          );
        const key = requestKeyOf(message);
        return { ok: true, data: key ? await this.applyOnce(key, definition.subject, run) : await run() };
      } catch (error) {
        if (error instanceof UnsignedActorError) this.log.warn(`Refused ${definition.subject}: ${error.reason}`);
        if (error instanceof DomainError) return { ok: false, error: error.toBody() };
        if (isDatabaseUnavailable(error)) {
          this.log.warn(`RPC ${definition.subject}: the database is unreachable`);
          return {
            ok: false,
            error: new ServiceUnavailableError(this.config.process, 'database unreachable').toBody(),
          };
        }
        this.log.error({ err: error }, `RPC ${definition.subject} failed`);
        return { ok: false, error: { code: 'internal', message: 'Internal error' } };
      }
    });
    this.respond(definition, message, reply);
  }

  /**
   * An idempotent write (the request carries a key): applied once per key, whatever reaches us again. The
   * key is recorded in the handler's first transaction (Transactions.run); the answer with it when the handler
   * answers with that transaction's result (Transactions.runAndAnswer), else once it is known. A request whose
   * key is taken gets the stored answer, or, while the first one's answer is not stored yet, a 503 to try
   * again.
   */
  private async applyOnce(key: string, subject: string, run: () => Promise<unknown>): Promise<unknown> {
    const { requestLog, clock } = this;
    if (!requestLog || !clock) return run();
    const logged = await requestLog.find(this.dataSource.manager, key);
    if (logged.state === 'answered') return logged.reply;
    if (logged.state === 'applied') throw this.answerPending();
    const request: RequestKey = { key, subject, claimed: false };
    let data: unknown;
    try {
      data = await RequestKeyContext.run(request, run);
    } catch (error) {
      if (!(error instanceof AlreadyAppliedError)) throw error;
      const first = await requestLog.find(this.dataSource.manager, key);
      if (first.state === 'answered') return first.reply;
      throw this.answerPending();
    }
    if (request.claimed && !(request.answeredWith && request.answeredWith.reply === data)) {
      const store = () => requestLog.answer(this.dataSource.manager, key, data, clock.now());
      await store().catch((error: unknown) => {
        // The write stands, and its key keeps it from running twice; a retry is answered 503 until the answer
        // is stored, which is tried again as soon as the database is back.
        if (isDatabaseUnavailable(error))
          retryWhenDatabaseBack(store, {
            everyMs: ANSWER_RETRY_EVERY_MS,
            untilMs: Date.now() + ANSWER_RETRY_FOR_MS,
            now: Date.now,
            onGiveUp: (reason) => this.answerLost(subject, key, reason),
          });
        else this.answerLost(subject, key, error);
      });
    }
    return data;
  }

  private answerLost(subject: string, key: string, error: unknown): void {
    this.log.warn(`RPC ${subject}: the answer to request key ${key} could not be stored: ${(error as Error).message}`);
  }

  private answerPending(): ServiceUnavailableError {
    return new ServiceUnavailableError(this.config.process, 'an earlier delivery of this request is being answered');
  }

  /**
   * Sends the reply; one the broker refuses (over its payload limit, the connection gone) is answered with an
   * internal error instead, and never takes the process down (it is an unhandled rejection otherwise).
   */
  private respond(definition: RpcDefinition<unknown, unknown>, message: Msg, reply: RpcReply): void {
    try {
      message.respond(JSON.stringify(reply));
    } catch (error) {
      this.log.error({ err: error }, `RPC ${definition.subject}: the reply could not be sent`);
      try {
        message.respond(JSON.stringify({ ok: false, error: { code: 'internal', message: 'Internal error' } }));
      } catch {
        // The connection itself is gone: the caller times out and answers 503.
      }
    }
  }

  private async consumeEvents(): Promise<void> {
    const durables = new Map<string, { stream: StreamDefinition; bindings: EventHandlerBinding[] }>();
    const fanouts = new Map<string, EventHandlerEntry[]>();
    for (const entry of this.eventHandlers) {
      const definition = eventDefinition(entry.type);
      if (!definition) throw new Error(`@EventPattern('${entry.type}') names no event defined in @duban/contracts`);
      const stream = Streams[eventService(entry.type) as ServiceName];
      if (!stream) throw new Error(`@EventPattern('${entry.type}') names no service's stream`);
      if ('fanout' in entry.extras) {
        fanouts.set(entry.type, [...(fanouts.get(entry.type) ?? []), entry]);
        continue;
      }
      const durable = entry.extras?.durable;
      if (!durable) throw new Error(`@EventPattern('${entry.type}') needs {durable} (or {fanout: true})`);
      const group = durables.get(durable) ?? { stream, bindings: [] };
      if (group.stream !== stream)
        throw new Error(`Consumer ${durable} reads one stream: ${entry.type} is on ${stream.name}`);
      group.bindings.push(
        entry.extras.each
          ? onEach(definition, (envelopes, tx) => this.runEventHandler(entry, envelopes, tx))
          : on(definition, (envelope, tx) => this.runEventHandler(entry, envelope, tx)),
      );
      durables.set(durable, group);
    }
    for (const [durable, { stream, bindings }] of durables) {
      const consumer = new EventConsumer({
        durable,
        stream,
        handlers: bindings,
        dataSource: this.dataSource,
        schema: this.config.database.schema,
        jetstream: this.jetstream,
        manager: this.manager,
        namespace: this.namespace,
        maxDeliver: this.config.messaging.maxDeliver,
        retryDelayMs: this.config.messaging.retryDelayMs,
      });
      // The publishing service may not have started yet: its stream is created here just the same.
      await ensureStream(this.manager, stream, this.namespace, this.config.messaging.stream);
      await consumer.start();
      this.consumers.add(durable, consumer);
      this.log.log(`Consuming ${stream.name} as ${consumer.durableName} (${bindings.length} event types)`);
    }
    for (const [type, entries] of fanouts) {
      const event = eventDefinition(type) as EventDefinition;
      const consumer = new FanoutConsumer({
        event,
        stream: Streams[eventService(type) as ServiceName],
        handle: async (envelope) => {
          let whole: unknown;
          // Handlers that read the same part (a milestone event's place, read by several) share one parse of it.
          const parts = new Map<unknown, unknown>();
          for (const entry of entries) {
            const reads = 'fanout' in entry.extras ? entry.extras.reads : undefined;
            let data: unknown;
            if (!reads) data = whole ??= event.schema.parse(envelope.data);
            else if (parts.has(reads)) data = parts.get(reads);
            else parts.set(reads, (data = reads.parse(envelope.data)));
            await this.runEventHandler(entry, { ...envelope, data }, null);
          }
        },
        jetstream: this.jetstream,
        manager: this.manager,
        namespace: this.namespace,
        config: this.config,
      });
      await consumer.start();
      this.fanouts.push(consumer);
    }
  }

  /** Runs a handler on one event, or (`each`) on a run of events of its type, the context naming the first. */
  private async runEventHandler(
    entry: EventHandlerEntry,
    payload: Envelope | readonly Envelope[],
    tx: Parameters<EventHandlerBinding['handle']>[1] | null,
  ): Promise<void> {
    const envelope = Array.isArray(payload) ? (payload[0] as Envelope) : (payload as Envelope);
    // Nest's handler proxy is awaited here already: only an Observable is left to run (transformToObservable
    // would wrap anything else in of(), which lastValueFrom merely unwraps, on every event of every consumer).
    const result: unknown = await entry.handler(payload, new EventContext([envelope, tx]));
    if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
  }
}

/** The request key a message carries, if a sane one (see Headers.requestKey). */
function requestKeyOf(message: Msg): string | null {
  const key = message.headers?.get(Headers.requestKey);
  return key && /^[\x21-\x7e]{1,320}$/.test(key) ? key : null;
}
