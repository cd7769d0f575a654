import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { LedgerHandler } from './ledger.handler';
import { LedgerRepository } from './ledger.repository';
import { LedgerService } from './ledger.service';

/** A county's allocations, disbursements and expenditures. */
@Module({
  imports: [AccessModule],
  providers: [LedgerRepository, LedgerService, LedgerHandler],
  exports: [LedgerRepository, LedgerService],
})
export class LedgerModule {}
