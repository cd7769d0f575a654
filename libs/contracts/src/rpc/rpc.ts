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

export function defineRpc<Req, Res>(definition: RpcDefinition<Req, Res>): RpcDefinition<Req, Res> {
  if (!definition.subject.startsWith(`${definition.service}.`)) {
    throw new Error(`RPC subject "${definition.subject}" must start with its service "${definition.service}."`);
  }
  return Object.freeze({ ...definition });
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
} as const;
