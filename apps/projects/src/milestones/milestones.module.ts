import { Module } from '@nestjs/common';
import { OfficersModule } from '../officers/officers.module';
import { ProjectAccessModule } from '../projects/project-access.module';
import { MilestoneAccess } from './milestone-access';
import { MilestoneCompletionService } from './milestone-completion.service';
import { MilestoneLights } from './milestone-lights';
import { MilestonesHandler } from './milestones.handler';
import { MilestonesRepository } from './milestones.repository';
import { MilestonesService } from './milestones.service';

/**
 * Milestones of county projects: template and extra ones, their lights, completion and reopening.
 * Exports the repository and the lights for the features that show milestones (projects, reports, dashboard).
 */
@Module({
  imports: [ProjectAccessModule, OfficersModule],
  providers: [
    MilestonesRepository,
    MilestoneLights,
    MilestoneAccess,
    MilestonesService,
    MilestoneCompletionService,
    MilestonesHandler,
  ],
  exports: [MilestonesRepository, MilestoneLights],
})
export class MilestonesModule {}
