import { createServer, type Server } from 'node:http';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { PlatformConfig } from '../config/platform-config';
import { NATS_CONNECTION } from '../messaging/tokens';
import { ServiceHealthCheck } from './service-health-check';

/**
 * For orchestrators' probes (deploy/k8s), when DUBAN_HEALTH_PORT is set: a service otherwise meets the world
 * over NATS only, and its NATS user may not ask itself the health RPC. `GET /live`: the process answers
 * (liveness); `GET /ready`: connected to NATS and its database answers (readiness), 503 otherwise. The body
 * is the same ServiceHealth the health RPC gives. Off by default (no port opened).
 */
@Injectable()
export class HealthEndpoint implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: Server | undefined;

  constructor(
    private readonly config: PlatformConfig,
    private readonly health: ServiceHealthCheck,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.healthPort;
    if (port === undefined) return;
    this.server = createServer((request, response) => {
      const answer = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (request.url === '/live') return answer(200, { status: 'up' });
      if (request.url !== '/ready') return answer(404, { status: 'unknown path' });
      void this.health.check().then(
        (health) => answer(health.status !== 'down' && !this.nats.isClosed() ? 200 : 503, health),
        () => answer(503, { status: 'down' }),
      );
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '0.0.0.0', resolve));
    new Logger('HealthEndpoint').log(`probes on :${port}/live and /ready`);
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }
}
