import { Module } from '@nestjs/common';
import { MilestonesModule } from '../milestones/milestones.module';
import { OfficersModule } from '../officers/officers.module';
import { ProjectAccessModule } from '../projects/project-access.module';
import { ScopeModule } from '../scope/scope.module';
import { OversightHandler } from './oversight.handler';
import { OversightRepository } from './oversight.repository';
import { OversightService } from './oversight.service';

/** 催办 and 批示: urgings and instructions on milestones, told to the people by the notifications service. */
@Module({
  imports: [MilestonesModule, OfficersModule, ProjectAccessModule, ScopeModule],
  providers: [OversightRepository, OversightService],
  controllers: [OversightHandler],
  exports: [OversightRepository],
})
export class OversightModule {}
