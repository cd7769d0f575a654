import { Module, type DynamicModule } from '@nestjs/common';
import { ServicePlatformModule, type PlatformConfig } from '@duban/platform';
import { fundingDatabase } from './database';
import { DemoDataModule } from './demo/demo-data.module';

@Module({})
export class AppModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServicePlatformModule.forService({ config, ...fundingDatabase }), DemoDataModule],
    };
  }
}
