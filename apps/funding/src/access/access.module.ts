import { Module } from '@nestjs/common';
import { ProjectRefsModule } from '../project-refs/project-refs.module';
import { FundingAccess } from './funding-access.service';

/** Funding's loaders for the platform's access rule, over its copy of the county projects. */
@Module({
  imports: [ProjectRefsModule],
  providers: [FundingAccess],
  exports: [FundingAccess],
})
export class AccessModule {}
