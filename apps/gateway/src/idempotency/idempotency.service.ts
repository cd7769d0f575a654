import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Clock, isDatabaseUnavailable, PlatformConfig, retryWhenDatabaseBack } from '@duban/platform';
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
/** How often a claim that could not be ended (database out of reach) is tried again. */
const SETTLE_RETRY_MS = 1_000;
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
    return this.settle(() => this.keys.complete(userId, key, answer));
  }

  release(userId: string, key: string): Promise<void> {
    return this.settle(() => this.keys.release(userId, key));
  }

  /**
   * Ends a claim. With the database out of reach (a restart) the claim would stay "running" until its lease
   * ends, every retry a 409 meanwhile: so it is ended in the background as soon as the database is back,
   * while the caller gets the 503 of the outage.
   */
  private async settle(end: () => Promise<void>): Promise<void> {
    try {
      await end();
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      retryWhenDatabaseBack(end, {
        everyMs: SETTLE_RETRY_MS,
        untilMs: this.clock.now().getTime() + this.platform.messaging.rpcTimeoutMs + LEASE_MARGIN_MS,
        now: () => this.clock.now().getTime(),
        onGiveUp: (reason) =>
          this.logger.warn({ err: reason }, 'Could not end an idempotency claim; its lease ends it'),
      });
      throw error;
    }
  }

  private async prune(): Promise<void> {
    try {
      await this.keys.pruneExpired(this.clock.now());
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not prune expired idempotency keys');
    }
  }
}

const requestKeys = new WeakMap<object, string>();

/**
 * The key a write holds, as the route sends it on to the service: the RPC's request key, `<user id>:<key>`.
 * The service applies the write once per key, in the write's own transaction, so a write whose answer never
 * came back (the caller got 503) and is sent again is applied once (finding 7), whatever became of the
 * first delivery.
 */
export function requestKeyOf(request: object): string | undefined {
  return requestKeys.get(request);
}

export function holdRequestKey(request: object, key: string): void {
  requestKeys.set(request, key);
}
