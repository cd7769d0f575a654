import { PlatformConfig } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

@Injectable()
export class DemoDataRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: PlatformConfig,
  ) {}

  /**
   * Runs `work` in one transaction holding the schema's demo-data advisory lock: replicas starting together
   * load one after the other, and the later ones find every row in place. A failure leaves nothing behind.
   */
  inLockedTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`duban:demo:${this.config.database.schema}`]);
      return work(manager);
    });
  }
}
