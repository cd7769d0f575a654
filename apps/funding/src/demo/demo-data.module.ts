import { Module } from '@nestjs/common';
import { CalculatorModule } from '../calculator/calculator.module';
import { LedgerModule } from '../ledger/ledger.module';
import { ProgrammeBudgetsModule } from '../programme-budgets/programme-budgets.module';
import { ProjectRefsModule } from '../project-refs/project-refs.module';
import { DemoAllocations } from './demo-allocations.service';
import { DemoAllocationsSubscriber } from './demo-allocations.subscriber';
import { DemoBudget } from './demo-budget.service';

/**
 * The demo data (`DUBAN_DEMO=true`, which `npm start` sets; AppModule imports this module only then): the
 * province's 2023 budget at start, and the 2023 allocations as the projects arrive.
 */
@Module({
  imports: [ProgrammeBudgetsModule, ProjectRefsModule, LedgerModule, CalculatorModule],
  controllers: [DemoAllocationsSubscriber],
  providers: [DemoBudget, DemoAllocations],
})
export class DemoDataModule {}
