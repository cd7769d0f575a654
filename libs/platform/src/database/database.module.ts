import { Injectable, Logger, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PlatformConfig } from '../config/platform-config';
import { dataSourceOptions, runMigrationsLocked, type DatabaseOptions } from './migrations';

/** Runs the service's migrations at start, before anything else touches the database. */
@Injectable()
class MigrateOnStart implements OnModuleInit {
  private readonly logger = new Logger('Migrations');

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: PlatformConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const ran = await runMigrationsLocked(this.dataSource, this.config.database.schema);
    if (ran.length > 0) this.logger.log(`Ran ${ran.length} migration(s): ${ran.join(', ')}`);
  }
}

/** The service's TypeORM connection (see `dataSourceOptions`), migrated before the service starts work. */
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [PlatformConfig],
          useFactory: (config: PlatformConfig) => ({
            ...dataSourceOptions(config, options),
            retryAttempts: 1,
            retryDelay: 500,
          }),
        }),
      ],
      providers: [MigrateOnStart],
      exports: [TypeOrmModule],
    };
  }
}
