import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ServiceUnavailableError } from '@duban/contracts';
import { Clock, PlatformConfig } from '@duban/platform';
import type Redis from 'ioredis';
import { REDIS } from '../core/redis.provider';
import type { VerifiedToken } from './token.service';

type Listener = (tokenId: string) => void;

/** How often the subscription is pinged, and how long an answer may take before it is judged dead. */
export const REVOCATION_HEARTBEAT_MS = 5_000;
export const REVOCATION_HEARTBEAT_TIMEOUT_MS = 2_000;

/**
 * Revoked access tokens (a logout): each token's id (`jti`) is kept in Redis until the token would have
 * expired anyway, and published to every gateway replica, so that each refuses it (401) from its next request
 * on. This replica also keeps its own revocations in memory and tells its listeners (the live inbox ends the
 * token's streams).
 *
 * Pushed, not asked (issue 17, G7): each replica subscribes to the revocations' channel and keeps every
 * revocation in memory, loaded from Redis once subscribed (those made before it started, or while it was
 * away), so a request asks Redis nothing. The copy is trusted only while the subscription is known to be up:
 * from the connection's loss, or a ping unanswered for REVOCATION_HEARTBEAT_TIMEOUT_MS, until it has subscribed
 * and loaded again, every request asks Redis as before. A token revoked at another replica is therefore refused
 * here as soon as the message arrives, and at worst (a connection that dies silently) after
 * REVOCATION_HEARTBEAT_MS + REVOCATION_HEARTBEAT_TIMEOUT_MS (7 s).
 *
 * While Redis is unreachable, a check passes (a gateway that refused every request with Redis down would
 * stop the whole app for the sake of logouts): a token revoked at another replica works there until Redis
 * is back; a logout itself then answers 503 (the token is still refused here, and the client drops it).
 */
@Injectable()
export class TokenRevocations implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(TokenRevocations.name);
  private readonly prefix: string;
  private readonly channel: string;
  /** Revoked here: token id → when it expires (ms). */
  private readonly local = new Map<string, number>();
  /** Revoked anywhere, as pushed and loaded: token id → when it expires (ms); complete only while `live`. */
  private readonly known = new Map<string, number>();
  private readonly listeners = new Set<Listener>();
  private subscriber: Redis | null = null;
  /** Every revocation stored in Redis is in `known`, and each new one will be pushed. */
  private live = false;
  /** Counts the subscription's connections: a load begun on an older one does not make the copy live. */
  private connection = 0;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly clock: Clock,
    platform: PlatformConfig,
  ) {
    this.prefix = `duban:${platform.namespace || 'default'}:revoked-token:`;
    // A channel name in Redis: stable across releases, as the key prefix is.
    this.channel = `duban:${platform.namespace || 'default'}:revoked-tokens`;
  }

  onModuleInit(): void {
    const subscriber = this.redis.duplicate({ lazyConnect: true, autoResubscribe: false, enableOfflineQueue: true });
    this.subscriber = subscriber;
    subscriber.on('error', () => undefined);
    subscriber.on('close', () => this.distrust());
    subscriber.on('ready', () => void this.follow(subscriber, ++this.connection));
    subscriber.on('message', (_channel: string, message: string) => this.pushed(message));
    void subscriber.connect().catch(() => undefined);
    this.heartbeat = setInterval(() => void this.checkSubscription(subscriber), REVOCATION_HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.heartbeat);
    this.distrust();
    this.subscriber?.disconnect();
  }

  async revoke(token: Pick<VerifiedToken, 'id' | 'expiresAt'>): Promise<void> {
    const now = this.clock.now().getTime();
    const expiresAt = token.expiresAt.getTime();
    const remainingMs = expiresAt - now;
    this.forgetExpired(now);
    if (remainingMs <= 0) return;
    this.local.set(token.id, expiresAt);
    for (const listener of this.listeners) listener(token.id);
    try {
      // Stored and announced together: a replica either loads it or is told of it.
      const results = await this.redis
        .multi()
        .set(this.prefix + token.id, String(expiresAt), 'PX', remainingMs)
        .publish(this.channel, `${token.id} ${expiresAt}`)
        .exec();
      const failed = results?.find(([error]) => error)?.[0];
      if (!results || failed) throw failed ?? new Error('the transaction was discarded');
    } catch (error) {
      this.logger.error({ err: error }, `Could not store the revocation of token ${token.id} in Redis`);
      throw new ServiceUnavailableError('redis', 'the logout could not reach every gateway');
    }
  }

  /** Whether the token is revoked, when memory can tell (revoked here, or the pushed copy is live); else undefined. */
  knownRevoked(tokenId: string): boolean | undefined {
    if (this.local.has(tokenId)) return true;
    return this.live ? this.known.has(tokenId) : undefined;
  }

  async isRevoked(tokenId: string): Promise<boolean> {
    const known = this.knownRevoked(tokenId);
    if (known !== undefined) return known;
    try {
      return (await this.redis.exists(this.prefix + tokenId)) === 1;
    } catch (error) {
      this.logger.warn({ err: error }, 'Redis unreachable: token revocations of other gateways are not checked');
      return false;
    }
  }

  /** Whether revocations are answered from the pushed copy (tests, health). */
  get followsPushes(): boolean {
    return this.live;
  }

  /** Called with each token revoked at this replica; returns what stops the calls. */
  onRevoked(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Subscribes, then loads every stored revocation (one may be both pushed and loaded: the same entry). */
  private async follow(subscriber: Redis, connection: number): Promise<void> {
    try {
      await subscriber.subscribe(this.channel);
      const now = this.clock.now().getTime();
      let cursor = '0';
      do {
        const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.prefix}*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length === 0) continue;
        const ttls = await this.redis.pipeline(keys.map((key) => ['pttl', key])).exec();
        keys.forEach((key, i) => {
          const ttl = Number(ttls?.[i]?.[1] ?? -2);
          if (ttl > 0) this.known.set(key.slice(this.prefix.length), now + ttl);
        });
      } while (cursor !== '0');
      if (connection === this.connection && subscriber.status === 'ready') this.live = true;
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not follow token revocations: each request asks Redis');
      if (connection === this.connection) subscriber.disconnect(true);
    }
  }

  private pushed(message: string): void {
    const [tokenId, expiresAt] = message.split(' ');
    if (tokenId && Number(expiresAt) > 0) this.known.set(tokenId, Number(expiresAt));
  }

  private distrust(): void {
    this.live = false;
    this.connection += 1;
  }

  /** A subscription that stops answering may have stopped delivering: trust it no more, and connect again. */
  private async checkSubscription(subscriber: Redis): Promise<void> {
    this.forgetExpired(this.clock.now().getTime());
    if (!this.live) return;
    const answered = await Promise.race([
      subscriber.ping().then(
        () => true,
        () => false,
      ),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), REVOCATION_HEARTBEAT_TIMEOUT_MS).unref()),
    ]);
    if (!answered && this.live) {
      this.logger.warn('The token revocations subscription did not answer: each request asks Redis until it is back');
      this.distrust();
      subscriber.disconnect(true);
    }
  }

  private forgetExpired(now: number): void {
    for (const [id, expiresAt] of this.local) if (expiresAt <= now) this.local.delete(id);
    for (const [id, expiresAt] of this.known) if (expiresAt <= now) this.known.delete(id);
  }
}
