import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { CalculatorModule } from '../calculator/calculator.module';
import { LedgerModule } from '../ledger/ledger.module';
import { ProgrammeBudgetsModule } from '../programme-budgets/programme-budgets.module';
import { DemoAllocations } from './demo-allocations';
import { DemoDataLoader } from './demo-data.loader';

/** The demo data, loaded at start when `DUBAN_DEMO=true` (`npm start` sets it): budgets and 2023 allocations. */
@Module({
  imports: [ProgrammeBudgetsModule, AccessModule, LedgerModule, CalculatorModule],
  providers: [DemoDataLoader, DemoAllocations],
  exports: [DemoAllocations],
})
export class DemoDataModule {}
