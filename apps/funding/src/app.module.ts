import { Module, type DynamicModule } from '@nestjs/common';
import { ServicePlatformModule, type PlatformConfig } from '@duban/platform';
import { CalculatorModule } from './calculator/calculator.module';
import { fundingDatabase } from './database';
import { DemoDataModule } from './demo/demo-data.module';
import { LedgerModule } from './ledger/ledger.module';
import { ProgrammeBudgetsModule } from './programme-budgets/programme-budgets.module';
import { ProjectRefsModule } from './project-refs/project-refs.module';
import { RollupsModule } from './rollups/rollups.module';

@Module({})
export class AppModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServicePlatformModule.forService({ config, ...fundingDatabase }),
        ProjectRefsModule,
        LedgerModule,
        ProgrammeBudgetsModule,
        RollupsModule,
        CalculatorModule,
        // The demo's budget and allocations, with their own consumer: only when the demo runs.
        ...(config.demo ? [DemoDataModule] : []),
      ],
    };
  }
}
