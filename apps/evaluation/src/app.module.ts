import { Module, type DynamicModule } from '@nestjs/common';
import { ServicePlatformModule, type PlatformConfig } from '@duban/platform';
import { evaluationDatabase } from './database';

@Module({})
export class AppModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServicePlatformModule.forService({ config, ...evaluationDatabase })],
    };
  }
}
