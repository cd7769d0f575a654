import { Inject, Injectable } from '@nestjs/common';
import { HealthRpc, SERVICES, type ComponentState, type ServiceHealth, type ServiceName } from '@duban/contracts';
import { NATS_CONNECTION, RpcClient } from '@duban/platform';
import type Redis from 'ioredis';
import type { NatsConnection } from 'nats';
import { GatewayConfig } from '../config';
import { REDIS } from '../core/redis.provider';
import { CJK_FONT_MISSING, findCjkFont } from '../formats/cjk-font';
import { HealthRepository } from './health.repository';

export interface SystemHealth {
  /** `degraded`: everything answers, but a service works not as it should (`reasons` say how). */
  status: ComponentState | 'degraded';
  /** Names of every component that is down; empty when all is well. */
  down: string[];
  /** Why a service is degraded, each prefixed with its name (in Chinese). */
  reasons: string[];
  services: Record<ServiceName, ServiceHealth>;
  infrastructure: { postgres: ComponentState; redis: ComponentState; nats: ComponentState };
}

/** Asks each service over NATS and probes the infrastructure, all at once and each with a deadline. */
@Injectable()
export class HealthService {
  constructor(
    private readonly rpc: RpcClient,
    private readonly config: GatewayConfig,
    private readonly database: HealthRepository,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
  ) {}

  async check(): Promise<SystemHealth> {
    const timeout = this.config.healthTimeoutMs;
    const [services, postgres, redis, nats] = await Promise.all([
      Promise.all(SERVICES.map((service) => this.checkService(service, timeout))),
      this.probe(() => this.database.ping(), timeout),
      this.probe(() => this.redis.ping(), timeout),
      this.probe(() => this.nats.flush(), timeout),
    ]);
    const infrastructure = { postgres, redis, nats };
    const down = [
      ...services.filter((s) => s.status === 'down').map((s) => s.service),
      ...Object.entries(infrastructure)
        .filter(([, state]) => state === 'down')
        .map(([name]) => name),
    ];
    // The gateway renders the PDF reports itself: without a CJK font it works, but cannot print them.
    const gatewayReasons = findCjkFont() ? [] : [`gateway: ${CJK_FONT_MISSING}`];
    const reasons = [
      ...services.flatMap((s) => (s.reasons ?? []).map((reason) => `${s.service}: ${reason}`)),
      ...gatewayReasons,
    ];
    const degraded = services.some((s) => s.status === 'degraded') || gatewayReasons.length > 0;
    return {
      status: down.length > 0 ? 'down' : degraded ? 'degraded' : 'up',
      down,
      reasons,
      services: Object.fromEntries(services.map((s) => [s.service, s])) as Record<ServiceName, ServiceHealth>,
      infrastructure,
    };
  }

  private async checkService(service: ServiceName, timeoutMs: number): Promise<ServiceHealth> {
    try {
      return await this.rpc.call(HealthRpc[service], {}, timeoutMs);
    } catch {
      return { service, status: 'down', checks: { nats: 'down' } };
    }
  }

  private async probe(check: () => Promise<unknown>, timeoutMs: number): Promise<ComponentState> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
    });
    try {
      await Promise.race([check(), deadline]);
      return 'up';
    } catch {
      return 'down';
    } finally {
      clearTimeout(timer);
    }
  }
}
