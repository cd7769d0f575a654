import { Module } from '@nestjs/common';
import { ProjectRefsModule } from '../project-refs/project-refs.module';
import { AccessModule } from '../access/access.module';
import { LedgerModule } from '../ledger/ledger.module';
import { ProgrammeBudgetsHandler } from './programme-budgets.handler';
import { ProgrammeBudgetsRepository } from './programme-budgets.repository';
import { ProgrammeBudgetsService } from './programme-budgets.service';

/** A programme's budget per source: read in scope, set by the province, never below what is allocated. */
@Module({
  imports: [AccessModule, LedgerModule, ProjectRefsModule],
  controllers: [ProgrammeBudgetsHandler],
  providers: [ProgrammeBudgetsRepository, ProgrammeBudgetsService],
  exports: [ProgrammeBudgetsRepository, ProgrammeBudgetsService],
})
export class ProgrammeBudgetsModule {}
