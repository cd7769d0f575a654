import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { LedgerModule } from '../ledger/ledger.module';
import { ProgrammeBudgetsModule } from '../programme-budgets/programme-budgets.module';
import { ProjectRefsModule } from '../project-refs/project-refs.module';
import { RollupsHandler } from './rollups.handler';
import { RollupsService } from './rollups.service';

/** Rollups by region and the 附件4 table. */
@Module({
  imports: [AccessModule, LedgerModule, ProgrammeBudgetsModule, ProjectRefsModule],
  controllers: [RollupsHandler],
  providers: [RollupsService],
})
export class RollupsModule {}
