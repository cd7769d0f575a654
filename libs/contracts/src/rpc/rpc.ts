import { z } from 'zod';
import { errorBodySchema } from '../errors';
import type { ServiceName } from '../services';

/**
 * Request/reply between the gateway and the services (core NATS: at most once, so queries only).
 * Subjects read `<service>.<entity>.<verb>`; they are stable names that live on the wire.
 */
export interface RpcDefinition<Req, Res> {
  readonly subject: string;
  readonly service: ServiceName;
  readonly request: z.ZodType<Req>;
  readonly response: z.ZodType<Res>;
}

/**
 * Every RPC defined anywhere, by subject: a service's transport finds the contract of each
 * `@MessagePattern(subject)` here, and refuses to start when one of its declared subjects has no handler.
 */
const registry = new Map<string, RpcDefinition<unknown, unknown>>();

export function defineRpc<Req, Res>(definition: RpcDefinition<Req, Res>): RpcDefinition<Req, Res> {
  if (!definition.subject.startsWith(`${definition.service}.`)) {
    throw new Error(`RPC subject "${definition.subject}" must start with its service "${definition.service}."`);
  }
  if (registry.has(definition.subject)) throw new Error(`RPC subject "${definition.subject}" is defined twice`);
  const frozen = Object.freeze({ ...definition });
  registry.set(definition.subject, frozen as RpcDefinition<unknown, unknown>);
  return frozen;
}

/** The contract of one RPC subject, if any was defined. */
export function rpcDefinition(subject: string): RpcDefinition<unknown, unknown> | undefined {
  return registry.get(subject);
}

/** Every RPC a service must answer (its health check included). */
export function declaredRpcs(service: ServiceName): RpcDefinition<unknown, unknown>[] {
  return [...registry.values()].filter((definition) => definition.service === service);
}

export const rpcReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: errorBodySchema }),
]);
export type RpcReply = z.infer<typeof rpcReplySchema>;

/** NATS headers carried on every request and event publication. */
export const Headers = {
  correlationId: 'Duban-Correlation-Id',
  causationId: 'Duban-Causation-Id',
  /** When the caller signed a request that carries an actor: milliseconds since the epoch, in decimal. */
  signedAt: 'Duban-Signed-At',
  /**
   * `v1=<hex>`: HMAC-SHA256 with the shared DUBAN_RPC_SIGNING_KEY over the subject, Duban-Signed-At and the
   * body, so that no other client on the bus can speak for a user (the platform's actor-signature.ts).
   */
  actorSignature: 'Duban-Actor-Signature',
  /**
   * An idempotent write's key (the gateway's `<user id>:<Idempotency-Key>`): the service applies the write
   * once per key, recording the key in the write's own transaction, and answers a retry with the first answer.
   */
  requestKey: 'Duban-Request-Key',
} as const;
