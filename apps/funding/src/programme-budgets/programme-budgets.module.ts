import { Module } from '@nestjs/common';
import { ProgrammeBudgetsRepository } from './programme-budgets.repository';

@Module({
  providers: [ProgrammeBudgetsRepository],
  exports: [ProgrammeBudgetsRepository],
})
export class ProgrammeBudgetsModule {}
