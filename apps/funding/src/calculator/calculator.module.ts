import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { LedgerModule } from '../ledger/ledger.module';
import { ProjectRefsModule } from '../project-refs/project-refs.module';
import { CalculatorHandler } from './calculator.handler';
import { CalculatorService } from './calculator.service';

/** The allocation calculator: preview and commit. */
@Module({
  imports: [AccessModule, LedgerModule, ProjectRefsModule],
  controllers: [CalculatorHandler],
  providers: [CalculatorService],
  exports: [CalculatorService],
})
export class CalculatorModule {}
