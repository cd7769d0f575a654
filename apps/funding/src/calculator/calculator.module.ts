import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { LedgerModule } from '../ledger/ledger.module';
import { CalculatorHandler } from './calculator.handler';
import { CalculatorService } from './calculator.service';

/** The allocation calculator: preview and commit. */
@Module({
  imports: [AccessModule, LedgerModule],
  providers: [CalculatorService, CalculatorHandler],
  exports: [CalculatorService],
})
export class CalculatorModule {}
