import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { OfficersModule } from '../officers/officers.module';
import { OverrunRecordModule } from '../overruns/overrun-record.module';
import { ProjectAccessModule } from '../projects/project-access.module';
import { MilestoneAccessService } from './milestone-access.service';
import { MilestoneCompletionService } from './milestone-completion.service';
import { MilestoneLights } from './milestone-lights.service';
import { MilestoneWriteContextRepository } from './milestone-write-context.repository';
import { MilestonesHandler } from './milestones.handler';
import { MilestonesRepository } from './milestones.repository';
import { MilestonesService } from './milestones.service';

/**
 * Milestones of county projects: template and extra ones, their lights, completion and reopening.
 * Exports the repository and the lights for the features that show milestones (projects, programmes,
 * dashboard, acceptance).
 */
@Module({
  imports: [ProjectAccessModule, OfficersModule, CalendarModule, OverrunRecordModule],
  providers: [
    MilestonesRepository,
    MilestoneWriteContextRepository,
    MilestoneLights,
    MilestoneAccessService,
    MilestonesService,
    MilestoneCompletionService,
  ],
  controllers: [MilestonesHandler],
  exports: [MilestonesRepository, MilestoneLights, MilestonesService, MilestoneAccessService],
})
export class MilestonesModule {}
