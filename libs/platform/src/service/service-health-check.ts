import { Injectable } from '@nestjs/common';
import type { ServiceHealth } from '@duban/contracts';
import { DataSource } from 'typeorm';
import { PlatformConfig } from '../config/platform-config';

/** Every service answers its health subject (the transport wires it): reaching it proves NATS; it checks its own database. */
@Injectable()
export class ServiceHealthCheck {
  constructor(
    private readonly config: PlatformConfig,
    private readonly dataSource: DataSource,
  ) {}

  async check(): Promise<ServiceHealth> {
    const database = await this.dataSource
      .query('SELECT 1')
      .then(() => 'up' as const)
      .catch(() => 'down' as const);
    return { service: this.config.process, status: database, checks: { database, nats: 'up' } };
  }
}
