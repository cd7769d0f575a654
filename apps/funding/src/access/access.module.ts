import { Module } from '@nestjs/common';
import { FundingProjectsRepository } from '../projects/funding-projects.repository';
import { FundingAccess } from './funding-access';

/** The funding service's copy of the county projects, and the scope and role checks that read it. */
@Module({
  providers: [FundingProjectsRepository, FundingAccess],
  exports: [FundingProjectsRepository, FundingAccess],
})
export class AccessModule {}
