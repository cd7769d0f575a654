import { DataSource, type DataSourceOptions } from 'typeorm';
import type { PlatformConfig } from '../config/platform-config';
import { ensureDatabase } from './ensure-database';
import { quoteIdent } from './messaging-tables';

type PostgresOptions = Extract<DataSourceOptions, { type: 'postgres' }>;

export interface DatabaseOptions {
  /** Migrations of this service, in order. */
  readonly migrations: NonNullable<DataSourceOptions['migrations']>;
}

/**
 * TypeORM on the one Duban database, confined to the service's own schema.
 * `synchronize` is off: the schema changes only through the service's migrations.
 */
export function dataSourceOptions(config: PlatformConfig, options: DatabaseOptions): PostgresOptions {
  return {
    type: 'postgres',
    url: config.database.url,
    schema: config.database.schema,
    // No entities anywhere: repositories speak SQL, and the invariants live in the schemas' constraints.
    entities: [],
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    extra: { max: 10, application_name: `duban-${config.process}`, connectionTimeoutMillis: 5000 },
  };
}

/**
 * Runs a service's pending migrations under a Postgres advisory lock, so several replicas (or the
 * `migrate` target beside a running service) never migrate the same schema at once.
 * Returns the names of the migrations that ran.
 */
export async function runMigrationsLocked(dataSource: DataSource, schema: string): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`duban:migrate:${schema}`]);
    try {
      // The migrations table lives in the service's schema, so the schema must exist first.
      await runner.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      const ran = await dataSource.runMigrations({ transaction: 'each' });
      return ran.map((migration) => migration.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`duban:migrate:${schema}`]);
    }
  } finally {
    await runner.release();
  }
}

/** The `migrate` target: creates the database if needed and runs the service's migrations. */
export async function migrateStandalone(config: PlatformConfig, options: DatabaseOptions): Promise<string[]> {
  await ensureDatabase(config.database.url);
  const dataSource = await new DataSource(dataSourceOptions(config, options)).initialize();
  try {
    return await runMigrationsLocked(dataSource, config.database.schema);
  } finally {
    await dataSource.destroy();
  }
}
