import { Inject, Injectable, Logger } from '@nestjs/common';
import { ServiceUnavailableError } from '@duban/contracts';
import { Clock, PlatformConfig } from '@duban/platform';
import type Redis from 'ioredis';
import { REDIS } from '../core/redis.provider';
import type { VerifiedToken } from './token.service';

type Listener = (tokenId: string) => void;

/**
 * Revoked access tokens (a logout): each token's id (`jti`) is kept in Redis until the token would have
 * expired anyway, so every gateway replica refuses it (401) from its next request on. This replica also
 * keeps its own revocations in memory and tells its listeners (the live inbox ends the token's streams).
 *
 * While Redis is unreachable, a check passes (a gateway that refused every request with Redis down would
 * stop the whole app for the sake of logouts): a token revoked at another replica works there until Redis
 * is back; a logout itself then answers 503 (the token is still refused here, and the client drops it).
 */
@Injectable()
export class TokenRevocations {
  private readonly logger = new Logger(TokenRevocations.name);
  private readonly prefix: string;
  /** Revoked here: token id → when it expires (ms). */
  private readonly local = new Map<string, number>();
  private readonly listeners = new Set<Listener>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly clock: Clock,
    platform: PlatformConfig,
  ) {
    this.prefix = `duban:${platform.namespace || 'default'}:revoked-token:`;
  }

  async revoke(token: Pick<VerifiedToken, 'id' | 'expiresAt'>): Promise<void> {
    const now = this.clock.now().getTime();
    const remainingMs = token.expiresAt.getTime() - now;
    this.forgetExpired(now);
    if (remainingMs <= 0) return;
    this.local.set(token.id, token.expiresAt.getTime());
    for (const listener of this.listeners) listener(token.id);
    try {
      await this.redis.set(this.prefix + token.id, '1', 'PX', remainingMs);
    } catch (error) {
      this.logger.error({ err: error }, `Could not store the revocation of token ${token.id} in Redis`);
      throw new ServiceUnavailableError('redis', 'the logout could not reach every gateway');
    }
  }

  async isRevoked(tokenId: string): Promise<boolean> {
    if (this.local.has(tokenId)) return true;
    try {
      return (await this.redis.exists(this.prefix + tokenId)) === 1;
    } catch (error) {
      this.logger.warn({ err: error }, 'Redis unreachable: token revocations of other gateways are not checked');
      return false;
    }
  }

  /** Called with each token revoked at this replica; returns what stops the calls. */
  onRevoked(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private forgetExpired(now: number): void {
    for (const [id, expiresAt] of this.local) if (expiresAt <= now) this.local.delete(id);
  }
}
