import { type Envelope, type EventDefinition } from '@duban/contracts';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { CorrelationContext, type Correlation } from '../../correlation/correlation-context';
import { quoteIdent } from '../../database/messaging-tables';

export interface AppendOptions {
  /** The aggregate whose events must reach consumers in the order they were written. */
  readonly aggregateId: string;
  /** Defaults to now; tests and imports may set it. */
  readonly occurredAt?: Date;
}

/**
 * An event made when its change is made (its id, instant and the caller's correlation; its payload checked
 * against its contract), to be written with others later in the same transaction (`Outbox.write`).
 */
export interface PreparedEvent {
  readonly envelope: Envelope<unknown>;
  readonly aggregateType: string;
  readonly aggregateId: string;
}

/**
 * Writes events into the service's outbox table, inside the caller's transaction: the event exists if and
 * only if the state change it announces was committed. The relay publishes it later.
 */
export class Outbox {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${quoteIdent(schema)}.outbox`;
  }

  async append<T>(
    manager: EntityManager,
    definition: EventDefinition<T>,
    data: T,
    options: AppendOptions,
  ): Promise<Envelope<T>> {
    const [envelope] = await this.appendMany(manager, definition, [{ data, ...options }]);
    return envelope as Envelope<T>;
  }

  /**
   * Appends several events of one type in one statement, in the order given (a set-wise handler's events,
   * e.g. one per project a consumer's batch changed). Each is as `append` writes it.
   */
  async appendMany<T>(
    manager: EntityManager,
    definition: EventDefinition<T>,
    events: readonly (AppendOptions & { readonly data: T })[],
  ): Promise<Envelope<T>[]> {
    requireTransaction(manager, definition.type);
    const correlation = CorrelationContext.currentOrNew();
    const prepared = events.map((event) => this.prepareIn(correlation, definition, event.data, event));
    await this.write(manager, prepared);
    return prepared.map((event) => event.envelope as Envelope<T>);
  }

  /**
   * The event `append` would write, made now, in the caller's correlation, for `write` to write later with
   * others: a write applied with others in one transaction (GroupedWrites) writes all their events at once.
   */
  prepare<T>(definition: EventDefinition<T>, data: T, options: AppendOptions): PreparedEvent {
    return this.prepareIn(CorrelationContext.currentOrNew(), definition, data, options);
  }

  /** Writes prepared events in one statement, in the order given: they take their sequence numbers so. */
  async write(manager: EntityManager, events: readonly PreparedEvent[]): Promise<void> {
    if (events.length === 0) return;
    requireTransaction(manager, events[0]?.envelope.type as string);
    if (events.length === 1) {
      const [event] = events as [PreparedEvent];
      await manager.query(
        `INSERT INTO ${this.table} (id, aggregate_type, aggregate_id, subject, envelope) VALUES ($1, $2, $3, $4, $5)`,
        [
          event.envelope.id,
          event.aggregateType,
          event.aggregateId,
          event.envelope.type,
          JSON.stringify(event.envelope),
        ],
      );
      return;
    }
    // unnest's rows come in the arrays' order: the events take their sequence numbers in the order given.
    await manager.query(
      `INSERT INTO ${this.table} (id, aggregate_type, aggregate_id, subject, envelope)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[])`,
      [
        events.map((event) => event.envelope.id),
        events.map((event) => event.aggregateType),
        events.map((event) => event.aggregateId),
        events.map((event) => event.envelope.type),
        events.map((event) => JSON.stringify(event.envelope)),
      ],
    );
  }

  private prepareIn<T>(
    correlation: Correlation,
    definition: EventDefinition<T>,
    data: T,
    options: AppendOptions,
  ): PreparedEvent {
    return {
      envelope: {
        id: uuidv7(),
        type: definition.type,
        version: definition.version,
        occurredAt: (options.occurredAt ?? new Date()).toISOString(),
        correlationId: correlation.correlationId,
        causationId: correlation.causationId,
        // A payload that breaks its own contract is a programming error: refuse it before it is stored.
        data: definition.schema.parse(data),
      },
      aggregateType: definition.aggregate,
      aggregateId: options.aggregateId,
    };
  }
}

function requireTransaction(manager: EntityManager, type: string): void {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error(`Outbox.append(${type}) must run inside the transaction of the state change`);
  }
}
