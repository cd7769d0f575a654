import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HealthRpc, type ServiceHealth, type ServiceName } from '@duban/contracts';
import { DataSource } from 'typeorm';
import { PlatformConfig } from '../config/platform-config';
import { RpcServer } from '../messaging/rpc/rpc-server';

/** Every service answers its health subject: reaching it proves NATS; it checks its own database. */
@Injectable()
export class ServiceHealthHandler implements OnModuleInit {
  constructor(
    private readonly config: PlatformConfig,
    private readonly dataSource: DataSource,
    private readonly rpc: RpcServer,
  ) {}

  onModuleInit(): void {
    // The subject depends on which service this is, so it is registered here rather than by decorator.
    this.rpc.register(HealthRpc[this.config.process as ServiceName], () => this.check());
  }

  async check(): Promise<ServiceHealth> {
    const database = await this.dataSource
      .query('SELECT 1')
      .then(() => 'up' as const)
      .catch(() => 'down' as const);
    return { service: this.config.process, status: database, checks: { database, nats: 'up' } };
  }
}
