import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { ServiceHealth } from '@duban/contracts';
import { DataSource } from 'typeorm';
import { PlatformConfig } from '../config/platform-config';

/** A service's own word on its health, beside the platform's database and NATS checks. */
export interface HealthContribution {
  /** `degraded`: working, but not as it should (each reason says how); `down` is the platform's to say. */
  readonly status: 'up' | 'degraded';
  /** In Chinese, for the people who read `/api/health`. */
  readonly reasons: readonly string[];
}

/** What a service provides (under HEALTH_CONTRIBUTOR) to add what only it knows to its health answer. */
export interface HealthContributor {
  check(): Promise<HealthContribution>;
}

export const HEALTH_CONTRIBUTOR = Symbol('HEALTH_CONTRIBUTOR');

/**
 * Every service answers its health subject (the transport wires it): reaching it proves NATS; it checks its
 * own database, then asks the service's contributor, if it has one (e.g. the reminder engine: a year without
 * its holiday table makes it `degraded`, with the reason).
 */
@Injectable()
export class ServiceHealthCheck {
  constructor(
    private readonly config: PlatformConfig,
    private readonly dataSource: DataSource,
    private readonly modules: ModuleRef,
  ) {}

  async check(): Promise<ServiceHealth> {
    const database = await this.dataSource
      .query('SELECT 1')
      .then(() => 'up' as const)
      .catch(() => 'down' as const);
    const checks = { database, nats: 'up' as const };
    const contributor = database === 'up' ? this.contributor() : undefined;
    if (!contributor) return { service: this.config.process, status: database, checks };
    const contribution = await contributor.check();
    return { service: this.config.process, status: contribution.status, checks, reasons: [...contribution.reasons] };
  }

  /** The feature module that knows provides it; most services have none. */
  private contributor(): HealthContributor | undefined {
    try {
      return this.modules.get<HealthContributor>(HEALTH_CONTRIBUTOR, { strict: false });
    } catch {
      return undefined;
    }
  }
}
