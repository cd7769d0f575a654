import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { PlatformConfig } from '@duban/platform';
import Redis from 'ioredis';

export const REDIS = Symbol('REDIS');

/** A Redis client that fails fast instead of queueing commands while Redis is away. */
export const redisProvider: Provider = {
  provide: REDIS,
  inject: [PlatformConfig],
  useFactory: (config: PlatformConfig) =>
    new Redis(config.redis.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectionName: `duban-${config.process}`,
    }),
};

@Injectable()
export class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {
    // Errors surface through health checks; the client keeps reconnecting on its own.
    redis.on('error', () => undefined);
    void redis.connect().catch(() => undefined);
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
