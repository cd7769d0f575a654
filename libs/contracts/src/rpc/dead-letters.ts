import { z } from 'zod';
import { withActor } from '../identity';
import { SERVICES, type ServiceName } from '../services';
import { defineRpc, type RpcDefinition } from './rpc';

/**
 * A message one of the service's durable consumers gave up on (DUBAN_CONSUMER_MAX_DELIVER failed
 * deliveries, or a message that breaks its contract). It stays until someone replays it, once, after the
 * cause is mended; dead letters are never pruned automatically.
 */
export const deadLetterSchema = z.object({
  /** The service that holds it (whose consumer failed). */
  service: z.enum(SERVICES),
  id: z.string(),
  /** The durable consumer that failed, e.g. `notifications-projects`. */
  consumer: z.string(),
  eventId: z.string().nullable(),
  eventType: z.string().nullable(),
  subject: z.string(),
  /** Why it failed: the last error, as the consumer saw it. */
  reason: z.string(),
  deliveries: z.number().int(),
  /** When it was dead-lettered (ISO instant). */
  createdAt: z.string(),
  replayed: z.boolean(),
  replayedAt: z.string().nullable(),
  /** Username of whoever replayed it. */
  replayedBy: z.string().nullable(),
  /** Their 姓名或单位 as people read it (the username for a replay from before names were kept). */
  replayedByName: z.string().nullable(),
});
export type DeadLetter = z.infer<typeof deadLetterSchema>;

const deadLetterId = z.string().regex(/^[1-9]\d{0,17}$/, '死信编号应为正整数');

export const deadLettersListRequestSchema = withActor({
  /** Newest first; 100 unless told (1–500). */
  limit: z.number().int().min(1).max(500).optional(),
  /** Only replayed (true) or only waiting (false) ones; both when absent. */
  replayed: z.boolean().optional(),
});
export type DeadLettersListRequest = z.infer<typeof deadLettersListRequestSchema>;
export const deadLettersListResponseSchema = z.object({ items: z.array(deadLetterSchema) });
export type DeadLettersListResponse = z.infer<typeof deadLettersListResponseSchema>;

export const deadLetterReplayRequestSchema = withActor({ id: deadLetterId });
export type DeadLetterReplayRequest = z.infer<typeof deadLetterReplayRequestSchema>;

function perService<Req, Res>(verb: string, request: z.ZodType<Req>, response: z.ZodType<Res>) {
  return Object.freeze(
    Object.fromEntries(
      SERVICES.map((service) => [
        service,
        defineRpc({ subject: `${service}.dead-letters.${verb}`, service, request, response }),
      ]),
    ) as Record<ServiceName, RpcDefinition<Req, Res>>,
  );
}

/** `<service>.dead-letters.list` (province admin only), answered by the platform in every service. */
export const DeadLettersListRpc = perService('list', deadLettersListRequestSchema, deadLettersListResponseSchema);

/**
 * `<service>.dead-letters.replay` {id} (province admin only): the consumer that failed handles the stored
 * message again, in its service, in one transaction with the mark. A dead letter is replayed once: a second
 * replay, or one whose handler still fails, is a conflict.
 */
export const DeadLetterReplayRpc = perService('replay', deadLetterReplayRequestSchema, deadLetterSchema);
