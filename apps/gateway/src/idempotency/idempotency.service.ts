import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Clock, PlatformConfig } from '@duban/platform';
import { GatewayConfig } from '../config';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';

/** What a request with a key meets. */
export type Claim =
  /** The key is this request's: do the work, then record its answer. */
  | { readonly kind: 'claimed' }
  /** The same request was answered before: this is its answer. */
  | { readonly kind: 'replay'; readonly status: number; readonly body: unknown }
  /** The same request is still under way. */
  | { readonly kind: 'running' }
  /** The key was used for another request (another body, path or method). */
  | { readonly kind: 'mismatch' };

/** Expired keys are deleted this often. */
const PRUNE_EVERY_MS = 3_600_000;
/** A running claim's lease beyond the wait for its answer: a gateway that died frees it then. */
const LEASE_MARGIN_MS = 60_000;

/**
 * Idempotent writes: a key per user, bound to its request's fingerprint, holding the answer for
 * DUBAN_IDEMPOTENCY_TTL_HOURS. Keys live in the gateway's own Postgres schema (which every authenticated
 * request needs already), not in Redis, so losing Redis loses none of them.
 */
@Injectable()
export class Idempotency implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(Idempotency.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly keys: IdempotencyKeysRepository,
    private readonly clock: Clock,
    private readonly gateway: GatewayConfig,
    private readonly platform: PlatformConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.prune(), PRUNE_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async claim(
    userId: string,
    key: string,
    request: { fingerprint: string; method: string; path: string },
  ): Promise<Claim> {
    const now = this.clock.now();
    const longestWait = this.platform.messaging.rpcTimeoutMs + LEASE_MARGIN_MS;
    const existing = await this.keys.claim({
      userId,
      key,
      ...request,
      now,
      leaseUntil: new Date(now.getTime() + longestWait),
      expiresAt: new Date(now.getTime() + this.gateway.idempotency.ttlMs),
    });
    if (existing === null) return { kind: 'claimed' };
    if (existing.fingerprint !== request.fingerprint) return { kind: 'mismatch' };
    if (existing.state === 'running') return { kind: 'running' };
    return { kind: 'replay', status: existing.status ?? 200, body: existing.body };
  }

  complete(userId: string, key: string, answer: { status: number; body: unknown }): Promise<void> {
    return this.keys.complete(userId, key, answer);
  }

  release(userId: string, key: string): Promise<void> {
    return this.keys.release(userId, key);
  }

  private async prune(): Promise<void> {
    try {
      await this.keys.pruneExpired(this.clock.now());
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not prune expired idempotency keys');
    }
  }
}

/**
 * The request's claim on its key, as the route sees it: the route sends the key on to the service (its RPC's
 * request key, `<user id>:<key>`), which applies the write once per key in the write's own transaction. So a
 * write whose answer never came back (the caller got 503) and is sent again is applied once (finding 7),
 * whatever became of the first delivery.
 */
export class IdempotentWrite {
  constructor(readonly requestKey: string) {}
}

const writes = new WeakMap<object, IdempotentWrite>();

/** The claim of a request that carries a key it holds, else null. */
export function idempotentWriteOf(request: object): IdempotentWrite | null {
  return writes.get(request) ?? null;
}

export function holdIdempotentWrite(request: object, write: IdempotentWrite): void {
  writes.set(request, write);
}
