import { BaseRpcContext } from '@nestjs/microservices';
import type { Envelope } from '@duban/contracts';
import type { ZodType } from 'zod';
import type { Tx } from '../../database/transactions';

/**
 * What an `@EventPattern` handler gets beside its payload (`@Ctx()`): the envelope, and the transaction
 * that also records the event in the consumer's inbox. Write only through `tx`, so the effects commit
 * with the inbox row (DESIGN rule 3). A fan-out handler (no inbox) has no transaction.
 */
export class EventContext extends BaseRpcContext<[Envelope, Tx | null]> {
  get envelope(): Envelope {
    return this.args[0];
  }

  get tx(): Tx {
    const tx = this.args[1];
    if (!tx) throw new Error(`${this.envelope.type} was delivered to a fan-out handler: it has no transaction`);
    return tx;
  }
}

/** What an `@MessagePattern` handler gets beside its parsed request (`@Ctx()`). */
export class RequestContext extends BaseRpcContext<[string]> {
  get subject(): string {
    return this.args[0];
  }
}

/**
 * The extras of an `@EventPattern(type, extras)`: which durable consumer (its name lives in the broker and
 * the inbox table, so it is stable) handles the event, or `fanout` for a hint every replica must see
 * (an ordered consumer from "new": no inbox, nothing acknowledged, nothing remembered).
 */
export type EventPatternExtras =
  | {
      readonly durable: string;
      /**
       * Set-wise (the consumer's `onEach`): the handler's payload is a run of consecutive events of this type
       * from a fetched batch, in stream order (`Envelope[]`), applied in the batch's one transaction; a retry or
       * a redelivery alone comes as a run of one. `@Ctx()` names the run's first event.
       */
      readonly each?: boolean;
    }
  | {
      readonly fanout: true;
      /**
       * What the hint reads of the event's data, when not all of it (a schema from @duban/contracts, e.g. a
       * `pick` of the event's): the handler gets the data parsed by it alone, only its fields validated.
       */
      readonly reads?: ZodType;
    };
