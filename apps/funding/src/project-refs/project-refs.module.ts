import { Module } from '@nestjs/common';
import { ProgrammeEventsSubscriber } from './programme-events.subscriber';
import { ProgrammeRulesRepository } from './programme-rules.repository';
import { ProgrammeRules } from './programme-rules.service';
import { ProjectRefsRepository } from './project-refs.repository';
import { ProjectRegisteredSubscriber } from './project-refs.subscriber';

/** Funding's copy of the county projects and their programmes' rules, kept from the projects service's events. */
@Module({
  controllers: [ProjectRegisteredSubscriber, ProgrammeEventsSubscriber],
  providers: [ProjectRefsRepository, ProgrammeRulesRepository, ProgrammeRules],
  exports: [ProjectRefsRepository, ProgrammeRules],
})
export class ProjectRefsModule {}
