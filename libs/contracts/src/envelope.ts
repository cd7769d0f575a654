import { z } from 'zod';

/**
 * Every event travels in this envelope. `id` is a UUIDv7 (time-ordered) and doubles as the JetStream
 * `Nats-Msg-Id`, so the stream's duplicate window drops a re-published event.
 */
export const envelopeSchema = z.object({
  id: z.uuid(),
  type: z.string().min(1),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
  correlationId: z.string().min(1),
  causationId: z.string().min(1).nullable(),
  data: z.unknown(),
});

export type Envelope<T = unknown> = Omit<z.infer<typeof envelopeSchema>, 'data'> & { data: T };

/**
 * An event type: its subject (which is also its `type`), its schema version, the aggregate whose order
 * it must keep, and the zod schema of its payload. Consumers parse with `schema` at their edge.
 */
export interface EventDefinition<T = unknown> {
  readonly type: string;
  readonly version: number;
  readonly aggregate: string;
  readonly schema: z.ZodType<T>;
}

/** Every event type defined anywhere: a consumer's transport finds the schema of each `@EventPattern(type)` here. */
const registry = new Map<string, EventDefinition<unknown>>();

const EVENT_TYPE = /^duban\.[a-z]+\.[a-z][a-z-]*\.[a-z][a-z-]*\.v[0-9]+$/;

export function defineEvent<T>(definition: EventDefinition<T>): EventDefinition<T> {
  if (!EVENT_TYPE.test(definition.type)) {
    throw new Error(`Event type "${definition.type}" must read duban.<service>.<entity>.<past-verb>.v<n>`);
  }
  const suffix = `.v${definition.version}`;
  if (!definition.type.endsWith(suffix)) {
    throw new Error(`Event type "${definition.type}" must end with its version ${suffix}`);
  }
  if (registry.has(definition.type)) throw new Error(`Event type "${definition.type}" is defined twice`);
  const frozen = Object.freeze({ ...definition });
  registry.set(definition.type, frozen as EventDefinition<unknown>);
  return frozen;
}

/** The definition of one event type, if any was defined. */
export function eventDefinition(type: string): EventDefinition<unknown> | undefined {
  return registry.get(type);
}

/** The service that owns an event, read from its subject: duban.<service>.… */
export function eventService(type: string): string {
  return type.split('.')[1] ?? '';
}
