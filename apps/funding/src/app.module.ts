import { Module, type DynamicModule } from '@nestjs/common';
import { ServicePlatformModule, type PlatformConfig } from '@duban/platform';
import { CalculatorModule } from './calculator/calculator.module';
import { fundingDatabase } from './database';
import { DemoDataModule } from './demo/demo-data.module';
import { LedgerModule } from './ledger/ledger.module';
import { ProgrammeBudgetsModule } from './programme-budgets/programme-budgets.module';
import { RegisteredProjectsModule } from './projects/registered-projects.module';
import { RollupsModule } from './rollups/rollups.module';

@Module({})
export class AppModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServicePlatformModule.forService({ config, ...fundingDatabase }),
        RegisteredProjectsModule,
        LedgerModule,
        ProgrammeBudgetsModule,
        RollupsModule,
        CalculatorModule,
        DemoDataModule,
      ],
    };
  }
}
