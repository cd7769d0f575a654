import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { PlatformConfig } from '../config/platform-config';
import { NATS_CONNECTION } from '../messaging/tokens';
import { clockProblems, demoProblems, redisProblems, refuseUnsafe, streamReplicaProblems } from './production-checks';

/** Whether this service keeps state in Redis (its production start then checks Redis's persistence). */
export const USES_REDIS = Symbol('USES_REDIS');

/**
 * In production, a service refuses to start (before it subscribes to anything or creates its stream) on
 * settings that would lose data quietly: see production-checks.ts. Outside production it does nothing.
 */
@Injectable()
export class ProductionStartCheck implements OnModuleInit {
  constructor(
    private readonly config: PlatformConfig,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(USES_REDIS) private readonly usesRedis: boolean,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.production) return;
    refuseUnsafe([
      ...demoProblems(this.config.demo),
      ...clockProblems(this.config.clockOffsetMs),
      ...streamReplicaProblems(this.nats, this.config.messaging.stream.replicas),
      ...(this.usesRedis ? await redisProblems(this.config.redis.url) : []),
    ]);
  }
}
