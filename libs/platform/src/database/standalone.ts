import { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import { Clock } from '../clock/clock';
import type { PlatformConfig } from '../config/platform-config';
import { ensureDatabase } from './ensure-database';
import { dataSourceOptions, runMigrationsLocked, type DatabaseOptions } from './migrations';
import { Transactions } from './transactions';

/** A service's database for a command run outside the service (first-run set-up): migrated, audited, one clock. */
export interface StandaloneDatabase {
  readonly transactions: Transactions;
  readonly audit: AuditLog;
  readonly clock: Clock;
  close(): Promise<void>;
}

/**
 * Opens the service's own schema the way the service does (its migrations first, under their lock), with
 * the platform's Transactions and AuditLog, so a command writes through the service's repositories and
 * leaves the same audit rows the service would. No broker: such a command announces nothing.
 */
export async function openStandaloneDatabase(
  config: PlatformConfig,
  options: DatabaseOptions,
): Promise<StandaloneDatabase> {
  await ensureDatabase(config.database.url);
  const dataSource = await new DataSource(dataSourceOptions(config, options)).initialize();
  try {
    await runMigrationsLocked(dataSource, config.database.schema);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  const clock = new Clock();
  const transactions = new Transactions(dataSource);
  transactions.onModuleInit();
  const audit = new AuditLog(config, dataSource, clock);
  audit.onModuleInit();
  return { transactions, audit, clock, close: () => dataSource.destroy() };
}
