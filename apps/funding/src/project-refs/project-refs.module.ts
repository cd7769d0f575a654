import { Module } from '@nestjs/common';
import { ProjectRefsRepository } from './project-refs.repository';
import { ProjectRegisteredSubscriber } from './project-refs.subscriber';

/** Funding's copy of the county projects, kept from the projects service's events. */
@Module({
  controllers: [ProjectRegisteredSubscriber],
  providers: [ProjectRefsRepository],
  exports: [ProjectRefsRepository],
})
export class ProjectRefsModule {}
