import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { ProjectRefsModule } from '../project-refs/project-refs.module';
import { LedgerHandler } from './ledger.handler';
import { LedgerRepository } from './ledger.repository';
import { LedgerService } from './ledger.service';
import { ReversalsService } from './reversals.service';

/** A county's allocations, disbursements and expenditures, and their reversals. */
@Module({
  imports: [AccessModule, ProjectRefsModule],
  controllers: [LedgerHandler],
  providers: [LedgerRepository, LedgerService, ReversalsService],
  exports: [LedgerRepository, LedgerService],
})
export class LedgerModule {}
