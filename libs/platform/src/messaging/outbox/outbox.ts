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
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(`Outbox.append(${definition.type}) must run inside the transaction of the state change`);
    }
    // A payload that breaks its own contract is a programming error: refuse it before it is stored.
    const payload = definition.schema.parse(data);
    const correlation = CorrelationContext.currentOrNew();
    const envelope: Envelope<T> = {
      id: uuidv7(),
      type: definition.type,
      version: definition.version,
      occurredAt: (options.occurredAt ?? new Date()).toISOString(),
      correlationId: correlation.correlationId,
      causationId: correlation.causationId,
      data: payload,
    };
    await manager.query(
      `INSERT INTO ${this.table} (id, aggregate_type, aggregate_id, subject, envelope) VALUES ($1, $2, $3, $4, $5)`,
      [envelope.id, definition.aggregate, options.aggregateId, definition.type, JSON.stringify(envelope)],
    );
    return envelope;
  }
}
