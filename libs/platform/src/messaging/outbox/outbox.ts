import { type Envelope, type EventDefinition } from '@duban/contracts';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { CorrelationContext } from '../../correlation/correlation-context';
import { quoteIdent } from '../../database/messaging-tables';

export interface AppendOptions {
  /** The aggregate whose events must reach consumers in the order they were written. */
  readonly aggregateId: string;
  /** Defaults to now; tests and imports may set it. */
  readonly occurredAt?: Date;
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
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(`Outbox.append(${definition.type}) must run inside the transaction of the state change`);
    }
    if (events.length === 0) return [];
    const correlation = CorrelationContext.currentOrNew();
    const envelopes = events.map((event): Envelope<T> => ({
      id: uuidv7(),
      type: definition.type,
      version: definition.version,
      occurredAt: (event.occurredAt ?? new Date()).toISOString(),
      correlationId: correlation.correlationId,
      causationId: correlation.causationId,
      // A payload that breaks its own contract is a programming error: refuse it before it is stored.
      data: definition.schema.parse(event.data),
    }));
    if (envelopes.length === 1) {
      const [envelope] = envelopes as [Envelope<T>];
      await manager.query(
        `INSERT INTO ${this.table} (id, aggregate_type, aggregate_id, subject, envelope) VALUES ($1, $2, $3, $4, $5)`,
        [envelope.id, definition.aggregate, events[0]?.aggregateId, definition.type, JSON.stringify(envelope)],
      );
      return envelopes;
    }
    // unnest's rows come in the arrays' order: the events take their sequence numbers in the order given.
    await manager.query(
      `INSERT INTO ${this.table} (id, aggregate_type, aggregate_id, subject, envelope)
       SELECT e.id, $2, e.aggregate_id, $3, e.envelope FROM unnest($1::uuid[], $4::text[], $5::jsonb[])
         AS e (id, aggregate_id, envelope)`,
      [
        envelopes.map((envelope) => envelope.id),
        definition.aggregate,
        definition.type,
        events.map((event) => event.aggregateId),
        envelopes.map((envelope) => JSON.stringify(envelope)),
      ],
    );
    return envelopes;
  }
}
