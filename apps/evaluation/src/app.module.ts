import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ServicePlatformModule, type PlatformConfig } from '@duban/platform';
import { EvaluationConfig } from './config';
import { evaluationDatabase } from './database';
import { DemoDataModule } from './demo/demo-data.module';
import { EvidenceModule } from './evidence/evidence.module';
import { InspectionsModule } from './inspections/inspections.module';
import { ProjectRefsModule } from './project-refs/project-refs.module';
import { RectificationsModule } from './rectifications/rectifications.module';
import { RubricsModule } from './rubrics/rubrics.module';
import { SettingsModule } from './settings/settings.module';

@Global()
@Module({})
class EvaluationConfigModule {
  static forRoot(config: EvaluationConfig): DynamicModule {
    return {
      module: EvaluationConfigModule,
      providers: [{ provide: EvaluationConfig, useValue: config }],
      exports: [EvaluationConfig],
    };
  }
}

@Module({})
export class AppModule {
  static forRoot(config: PlatformConfig, evaluation: EvaluationConfig = EvaluationConfig.defaults()): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServicePlatformModule.forService({ config, ...evaluationDatabase }),
        EvaluationConfigModule.forRoot(evaluation),
        ProjectRefsModule,
        RubricsModule,
        InspectionsModule,
        RectificationsModule,
        EvidenceModule,
        SettingsModule,
        DemoDataModule,
      ],
    };
  }
}
