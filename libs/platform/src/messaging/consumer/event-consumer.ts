import { Logger } from '@nestjs/common';
import {
  envelopeSchema,
  fieldErrorsFromZod,
  type Envelope,
  type EventDefinition,
  type StreamDefinition,
} from '@duban/contracts';
import {
  AckPolicy,
  DeliverPolicy,
  nanos,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from 'nats';
import type { DataSource, EntityManager } from 'typeorm';
import { ZodError } from 'zod';
import { CorrelationContext } from '../../correlation/correlation-context';
import { quoteIdent } from '../../database/messaging-tables';
import { handOverAfterCommit, type AfterCommitWork } from '../../database/transactions';
import type { Namespace } from '../namespace';

/** Handles one event type inside the consumer's transaction; everything it writes commits with the inbox row. */
export type EventHandlerFn<T> = (event: Envelope<T>, manager: EntityManager) => Promise<void>;

/**
 * Handles, inside the consumer's transaction, a run of consecutive events of one type from a batch, in stream
 * order: set-wise (e.g. one multi-row INSERT for the run) instead of one statement per event.
 */
export type EventBatchHandlerFn<T> = (events: readonly Envelope<T>[], manager: EntityManager) => Promise<void>;

export interface EventHandlerBinding<T = unknown> {
  readonly event: EventDefinition<T>;
  readonly handle: EventHandlerFn<T>;
  /** Set by `onEach`: the set-wise form, given each run of this event type in a batch at once. */
  readonly handleMany?: EventBatchHandlerFn<T>;
}

/** Binds a handler to its event; the consumer parses the payload with the event's schema before calling it. */
export function on<T>(event: EventDefinition<T>, handle: EventHandlerFn<T>): EventHandlerBinding {
  return { event, handle } as unknown as EventHandlerBinding;
}

/**
 * Binds a set-wise handler to its event: the consumer gives it each run of consecutive events of this type
 * in a batch at once (a redelivery or a retry alone: a run of one). Exactly once holds as for `on`: the run's
 * inbox rows and its writes commit together. When it throws, each event of the run is tried again alone, so a
 * poison is still laid at its own door. The run shares no single correlation: a handler that appends events
 * to the outbox sets each one's cause itself (`CorrelationContext.run`, as the consumer does for `on`).
 */
export function onEach<T>(event: EventDefinition<T>, handleMany: EventBatchHandlerFn<T>): EventHandlerBinding {
  const binding: EventHandlerBinding<T> = { event, handle: (envelope, tx) => handleMany([envelope], tx), handleMany };
  return binding as unknown as EventHandlerBinding;
}

export interface EventConsumerOptions {
  /**
   * Durable consumer name. It lives in the broker and in the inbox table: it is stable. Renaming it
   * replays the whole stream to a new consumer (harmless for the inbox, but slow).
   */
  readonly durable: string;
  readonly stream: StreamDefinition;
  readonly handlers: readonly EventHandlerBinding[];
  readonly dataSource: DataSource;
  readonly schema: string;
  readonly jetstream: JetStreamClient;
  readonly manager: JetStreamManager;
  readonly namespace: Namespace;
  /** Deliveries after which a failing message is dead-lettered. */
  readonly maxDeliver: number;
  /** First redelivery delay; doubles per delivery, capped at one minute. */
  readonly retryDelayMs: number;
  readonly ackWaitMs?: number;
  /**
   * Most messages applied in one transaction (default 500; at most max_ack_pending, 1000). Pulled at a time:
   * this, up to 100.
   */
  readonly batchSize?: number;
}

/** A delivered message this consumer handles, parsed at the edge. */
interface Delivery {
  readonly message: JsMsg;
  readonly envelope: Envelope;
  readonly binding: EventHandlerBinding;
}

/**
 * Which deliveries of a batch are in their handler (indexes `from` to `to`, -1: none), so that a handler's
 * failure is laid at its door: one delivery for `on`, a run of them for `onEach`.
 */
interface BatchProgress {
  from: number;
  to: number;
}

/**
 * A backlog is applied up to 500 messages a transaction: each transaction costs its round trips (begin, the
 * inbox, the handlers' statements, commit) whatever its size, and at 100 a consumer fell behind the relay
 * (G3: batches of 100 back to back, 45–60 ms each on a loaded machine). Quiet traffic still goes as it comes.
 */
const DEFAULT_BATCH_SIZE = 500;
/**
 * Messages pulled at a time. Arrivals queue up while a batch is applied (the server delivers up to
 * max_ack_pending unacknowledged), so a pull of 100 still fills a batch of 500 when there is a backlog. Pulling
 * and applying 500 at a time had left evaluation idle at 150 MB after the national load against 108 with 100
 * (which of the two held the memory was not measured apart): the pull stays at 100.
 */
const PULL_SIZE = 100;

/**
 * A durable JetStream pull consumer with explicit acks and an idempotent inbox.
 *
 * - The messages at hand (up to `batchSize`) are applied in stream order in ONE database transaction that
 *   also inserts (consumer, event id) into the inbox for each; a redelivered event finds its inbox row and
 *   does nothing. The acks are sent after the commit, so a crash before it redelivers the whole batch, and a
 *   crash after it redelivers events the inbox already holds. Work a handler defers to the commit
 *   (`Transactions.afterCommit`) runs once, when the batch commits, and never when it rolls back.
 * - Pipelined: once a batch has committed, its after-commit work and then its acks run while the next batch
 *   is applied (never more than one batch behind). The after-commit work of successive transactions runs in
 *   commit order, each batch's after the one before has finished, and a message is acked only after its
 *   batch's after-commit work: what a crash can lose is what it lost before (work after a commit, not yet
 *   done). A handler must not count on the previous batch's after-commit work being done (e.g. a cache
 *   reloaded after the commit): it is done before this batch's own after-commit work, not before its handlers.
 * - A batch whose transaction fails is rolled back whole; the message whose handler threw is tried again
 *   alone (a poison then fails alone), and the others are applied again around it, in order, and commit
 *   (see applyInOrder).
 * - A handler error naks with a growing delay (never `term`: the error may be transient).
 * - A message that fails its schema, or is still failing at the delivery limit, is written to the
 *   dead-letter table with the reason and acked, so the stream keeps flowing and nothing is silently lost.
 *   The server's own max_deliver is unlimited on purpose: the server would otherwise drop the message
 *   without telling us.
 */
export class EventConsumer {
  private readonly logger: Logger;
  private readonly handlers = new Map<string, EventHandlerBinding>();
  private readonly schema: string;
  private messages: ConsumerMessages | undefined;
  /** Delivered messages not yet taken by a batch, in stream order. */
  private arrived: JsMsg[] = [];
  /** Wakes the pump when a message arrives or the subscription closes. */
  private signal: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private stopped = false;
  /** The after-commit work and acks of the transactions committed so far, chained in commit order. */
  private settling: Promise<void> = Promise.resolve();
  /** The chain as it stood before the last commit: a transaction starts once it is done (one batch behind). */
  private settledBefore: Promise<void> = Promise.resolve();

  constructor(private readonly options: EventConsumerOptions) {
    this.logger = new Logger(`EventConsumer ${options.durable}`);
    this.schema = quoteIdent(options.schema);
    for (const binding of options.handlers) {
      if (binding.event.type.split('.')[1] !== options.stream.service) {
        throw new Error(`${binding.event.type} is not published on stream ${options.stream.name}`);
      }
      this.handlers.set(binding.event.type, binding);
    }
  }

  get durableName(): string {
    return this.options.namespace.name(this.options.durable);
  }

  /** Creates or updates the durable consumer in the broker, then starts pulling. */
  async start(): Promise<void> {
    this.stopped = false;
    const stream = this.options.namespace.name(this.options.stream.name);
    // A consumer of one event type reads that type's subject alone: the broker neither delivers the stream's
    // other events to it nor waits for their acks (e.g. every milestone completion, for a consumer of project
    // registrations). Several types take the stream's whole subject (one filter subject on NATS 2.9).
    const [only, ...more] = this.handlers.keys();
    const filter = this.options.namespace.subject(
      only !== undefined && more.length === 0 ? only : this.options.stream.subjects,
    );
    const config = {
      durable_name: this.durableName,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: filter,
      ack_wait: nanos(this.options.ackWaitMs ?? 30_000),
      max_deliver: -1,
      max_ack_pending: 1000,
    };
    try {
      await this.options.manager.consumers.info(stream, this.durableName);
      // The filter too: narrowed (or widened) as the handlers change. What it skips was never this consumer's to
      // apply: it would have been acked unread (see processBatch).
      await this.options.manager.consumers.update(stream, this.durableName, {
        filter_subject: config.filter_subject,
        ack_wait: config.ack_wait,
        max_deliver: config.max_deliver,
        max_ack_pending: config.max_ack_pending,
      });
    } catch (error) {
      if (!String((error as Error).message).includes('consumer not found')) throw error;
      await this.options.manager.consumers.add(stream, config);
    }
    const consumer = await this.options.jetstream.consumers.get(stream, this.durableName);
    this.arrived = [];
    // Callback mode: arrivals queue up here while a batch is applied, and the next batch takes them all.
    this.messages = await consumer.consume({
      max_messages: Math.min(this.options.batchSize ?? DEFAULT_BATCH_SIZE, PULL_SIZE),
      callback: (message) => {
        this.arrived.push(message);
        this.signal?.();
      },
    });
    this.loop = this.pump(this.messages);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.messages?.close();
    await this.loop;
    await this.settling;
  }

  private async pump(messages: ConsumerMessages): Promise<void> {
    let closed = false;
    let failure: Error | undefined;
    void messages.closed().then((error) => {
      closed = true;
      if (error) failure = error;
      this.signal?.();
    });
    const batchSize = this.options.batchSize ?? DEFAULT_BATCH_SIZE;
    for (;;) {
      if (this.arrived.length === 0) {
        if (closed) break;
        await new Promise<void>((resolve) => (this.signal = resolve));
        this.signal = undefined;
        continue;
      }
      const batch = this.arrived.splice(0, batchSize);
      if (this.stopped) {
        // Not handled: leave them for redelivery to the next instance.
        for (const message of batch) message.nak();
        continue;
      }
      try {
        await this.handleBatch(batch);
      } catch (error) {
        // E.g. a nak the lost connection could not send: whatever was not acked comes back after the ack wait.
        this.logger.error(`a batch of ${batch.length} was left unfinished: ${describe(error)}`);
      }
    }
    await this.settling;
    if (failure) throw failure;
  }

  /** Handles one message; public so that tests can drive delivery precisely. */
  async process(message: JsMsg): Promise<void> {
    await this.processBatch([message]);
  }

  /**
   * Handles messages in stream order: the valid ones this consumer handles in one transaction, acked after
   * it commits (see applyInOrder). Public so that tests can drive delivery precisely.
   */
  async processBatch(messages: readonly JsMsg[]): Promise<void> {
    await this.handleBatch(messages);
    await this.settling;
  }

  /** As processBatch, but returns once the transactions committed, their after-commit work and acks under way. */
  private async handleBatch(messages: readonly JsMsg[]): Promise<void> {
    const deliveries: Delivery[] = [];
    for (const message of messages) {
      // Another consumer's event type, told by the subject alone (every event is published on its type's
      // subject: the outbox, the sandboxes): acked before it is decoded, and with the others of the batch
      // in one write. A consumer of several types reads its service's whole stream (one filter subject on NATS
      // 2.9), so most of what reaches, e.g., funding's projects consumer from the projects stream is this.
      if (!this.handlers.has(this.options.namespace.unprefixSubject(message.subject))) {
        this.ack(message);
        continue;
      }
      const delivery = await this.accept(message);
      if (delivery) deliveries.push(delivery);
    }
    await this.applyInOrder(deliveries);
  }

  /**
   * Applies deliveries in one transaction and acks them once it commits. When a handler throws, the batch
   * is rolled back and that message is applied alone (failing, it takes the retry or dead-letter path); the ones before it are
   * applied again (as a batch of their own) and the ones after it go on, in order. When the failure is not a
   * handler's (the inbox statement, the commit), each message is applied in a transaction of its own.
   */
  private async applyInOrder(deliveries: readonly Delivery[]): Promise<void> {
    let rest = deliveries;
    while (rest.length > 1) {
      const progress: BatchProgress = { from: -1, to: -1 };
      const batch = rest;
      let committed = false;
      try {
        await this.commit(
          batch.map((delivery) => delivery.message),
          (tx) => this.applyBatch(tx, batch, progress),
        );
        committed = true;
      } catch (error) {
        const failed = progress.from >= 0 ? batch.slice(progress.from, progress.to + 1) : [];
        const [first] = failed;
        if (!first) {
          this.logger.warn(`a batch of ${batch.length} failed (${describe(error)}); applying it one message at a time`);
          for (const delivery of batch) await this.processOne(delivery);
          return;
        }
        this.logger.warn(
          `${first.envelope.type} ${failed.length === 1 ? first.envelope.id : `×${failed.length} from ${first.envelope.id}`} ` +
            `failed in a batch (${describe(error)}); trying ${failed.length === 1 ? 'it' : 'each'} alone`,
        );
        await this.applyInOrder(batch.slice(0, progress.from));
        // Alone, in a transaction of its own: a failure the batch caused (a deadlock over locks the batch held
        // longer) succeeds here and costs no delivery; a true poison fails again and takes the retry path.
        for (const delivery of failed) await this.processOne(delivery);
        rest = batch.slice(progress.to + 1);
      }
      if (committed) return;
    }
    const [last] = rest;
    if (last) await this.processOne(last);
  }

  /**
   * Parses a message at the edge: the delivery to apply, or undefined when there is nothing to apply (an
   * invalid message, dead-lettered; another consumer's event type, acked).
   */
  private async accept(message: JsMsg): Promise<Delivery | undefined> {
    let envelope: Envelope;
    let binding: EventHandlerBinding | undefined;
    try {
      envelope = envelopeSchema.parse(JSON.parse(message.string())) as Envelope;
      binding = this.handlers.get(envelope.type);
      if (binding) envelope = { ...envelope, data: binding.event.schema.parse(envelope.data) };
    } catch (error) {
      await this.deadLetter(message, undefined, `invalid message: ${describe(error)}`);
      return undefined;
    }
    if (!binding) {
      // Another consumer's business: nothing to do, nothing to remember.
      message.ack();
      return undefined;
    }
    return { message, envelope, binding };
  }

  /** Applies one delivery in its own transaction, acked after the commit (and its after-commit work). */
  private async processOne(delivery: Delivery): Promise<void> {
    try {
      await this.commit([delivery.message], (tx) => this.apply(tx, delivery.envelope, delivery.binding));
    } catch (error) {
      await this.failed(delivery, error);
    }
  }

  /**
   * Runs `work` in a transaction once the batch before the last has settled; once it commits, chains its
   * after-commit work, then the acks of `messages`, after the transactions committed before it, and returns
   * without waiting for them (see the class's note on pipelining). Throws, with nothing chained, when the
   * transaction fails.
   */
  private async commit(messages: readonly JsMsg[], work: (tx: EntityManager) => Promise<unknown>): Promise<void> {
    await this.settledBefore;
    const handed: AfterCommitWork[] = [];
    await this.options.dataSource.transaction(async (tx) => {
      handOverAfterCommit(tx, (pieces) => handed.push(...pieces));
      await work(tx);
    });
    this.settledBefore = this.settling;
    this.settling = this.settling.then(async () => {
      // After-commit work must not throw (Transactions.afterCommit); one that does is logged, and the acks go
      // out all the same: the transaction committed, so a redelivery would find the inbox and do nothing more.
      await Promise.all(
        handed.map((piece) =>
          piece().catch((error: unknown) => this.logger.error(`after-commit work failed: ${describe(error)}`)),
        ),
      );
      for (const message of messages) this.ack(message);
    });
  }

  /**
   * Acks a committed message. An ack that cannot be sent (the connection just went) is only logged: the
   * message comes back after the ack wait, and the inbox makes that redelivery a no-op.
   */
  private ack(message: JsMsg): void {
    try {
      message.ack();
    } catch (error) {
      this.logger.warn(
        `ack of stream seq ${message.info.streamSequence} not sent, it will be redelivered: ${describe(error)}`,
      );
    }
  }

  /** A delivery whose handling failed: naked with a growing delay, or dead-lettered at the delivery limit. */
  private async failed({ message, envelope }: Delivery, error: unknown): Promise<void> {
    const deliveries = message.info.deliveryCount;
    if (deliveries >= this.options.maxDeliver) {
      await this.deadLetter(message, envelope, `failed ${deliveries} deliveries: ${describe(error)}`);
      return;
    }
    const delay = Math.min(this.options.retryDelayMs * 2 ** (deliveries - 1), 60_000);
    this.logger.warn(
      `${envelope.type} ${envelope.id} failed (delivery ${deliveries}), retry in ${delay} ms: ${describe(error)}`,
    );
    message.nak(delay);
  }

  /**
   * Records a batch in the inbox in one statement, then runs the handler of each event the inbox did not
   * hold yet, in stream order, in `tx`: an `onEach` handler once for each run of consecutive events of its
   * type. An event delivered twice within the batch is handled once.
   */
  private async applyBatch(tx: EntityManager, deliveries: readonly Delivery[], progress: BatchProgress): Promise<void> {
    const inserted: { event_id: string }[] = await tx.query(
      `INSERT INTO ${this.schema}.inbox (consumer, event_id, event_type)
       SELECT $1, event_id, event_type FROM unnest($2::uuid[], $3::text[]) AS batch (event_id, event_type)
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [this.options.durable, deliveries.map((d) => d.envelope.id), deliveries.map((d) => d.envelope.type)],
    );
    // Postgres answers uuids in lower case; an envelope's id may be written in either.
    const fresh = new Set(inserted.map((row) => row.event_id));
    for (let index = 0; index < deliveries.length; index++) {
      const { envelope, binding } = deliveries[index] as Delivery;
      // Handled before (a redelivery) or earlier in this batch: no effect.
      if (!fresh.delete(envelope.id.toLowerCase())) continue;
      progress.from = index;
      progress.to = index;
      const { handleMany } = binding;
      if (handleMany) {
        // The run: this event and the fresh ones of the same type right after it (a redelivery in between is
        // skipped, not a break: it has no effect either way).
        const run = [envelope];
        for (let next = index + 1; next < deliveries.length; next++) {
          const candidate = deliveries[next] as Delivery;
          if (candidate.binding !== binding) break;
          progress.to = next;
          if (fresh.delete(candidate.envelope.id.toLowerCase())) run.push(candidate.envelope);
        }
        await handleMany(run, tx);
        index = progress.to;
      } else {
        await CorrelationContext.run({ correlationId: envelope.correlationId, causationId: envelope.id }, () =>
          binding.handle(envelope, tx),
        );
      }
      progress.from = -1;
      progress.to = -1;
    }
  }

  /**
   * Replays a dead-lettered message inside the caller's transaction (with the dead letter marked replayed):
   * parsed as at delivery, then applied exactly as a delivery is, inbox row included. Only this consumer
   * handles it, and nothing is published again. Returns false when this consumer had already handled the
   * event (its inbox has it); throws when the message is invalid or the handler still fails (the caller's
   * transaction then rolls back, and the dead letter stays to be replayed later).
   */
  async replay(tx: EntityManager, payload: string): Promise<boolean> {
    const envelope = envelopeSchema.parse(JSON.parse(payload)) as Envelope;
    const binding = this.handlers.get(envelope.type);
    if (!binding) throw new Error(`${this.options.durable} does not handle ${envelope.type}`);
    return this.apply(tx, { ...envelope, data: binding.event.schema.parse(envelope.data) }, binding);
  }

  /** Records the event in the inbox and runs its handler, in `tx`; false (and nothing run) when handled before. */
  private apply(tx: EntityManager, envelope: Envelope, binding: EventHandlerBinding): Promise<boolean> {
    return CorrelationContext.run({ correlationId: envelope.correlationId, causationId: envelope.id }, async () => {
      const inserted: unknown[] = await tx.query(
        `INSERT INTO ${this.schema}.inbox (consumer, event_id, event_type) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [this.options.durable, envelope.id, envelope.type],
      );
      if (inserted.length === 0) return false; // handled before: a redelivery has no effect
      await binding.handle(envelope, tx);
      return true;
    });
  }

  private async deadLetter(message: JsMsg, envelope: Envelope | undefined, reason: string): Promise<void> {
    this.logger.error(`Dead-lettered stream seq ${message.info.streamSequence} (${message.subject}): ${reason}`);
    try {
      await this.options.dataSource.query(
        `INSERT INTO ${this.schema}.dead_letter
           (consumer, event_id, event_type, subject, stream_sequence, deliveries, reason, payload)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (consumer, stream_sequence) DO NOTHING`,
        [
          this.options.durable,
          envelope?.id ?? null,
          envelope?.type ?? null,
          this.options.namespace.unprefixSubject(message.subject),
          message.info.streamSequence,
          message.info.deliveryCount,
          reason.slice(0, 2000),
          message.string(),
        ],
      );
      message.ack();
    } catch (error) {
      // Could not record it: keep the message in the stream rather than lose it.
      this.logger.error(`Dead-letter write failed, message kept for redelivery: ${describe(error)}`);
      message.nak(this.options.retryDelayMs);
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof ZodError)
    return fieldErrorsFromZod(error)
      .map((e) => `${e.field}: ${e.message}`)
      .join('; ');
  return error instanceof Error ? error.message : String(error);
}
