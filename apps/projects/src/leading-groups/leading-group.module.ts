import { Module } from '@nestjs/common';
import { MilestonesModule } from '../milestones/milestones.module';
import { OfficersModule } from '../officers/officers.module';
import { ProjectAccessModule } from '../projects/project-access.module';
import { ReportsModule } from '../reports/reports.module';
import { LeadingGroupHandler } from './leading-group.handler';
import { LeadingGroupService } from './leading-group.service';
import { OfficerAnnouncements } from './officer-announcements.service';

/** Editing each county's leading group (members with contacts); see LeadingGroupService. */
@Module({
  imports: [ProjectAccessModule, OfficersModule, MilestonesModule, ReportsModule],
  providers: [LeadingGroupService, OfficerAnnouncements],
  controllers: [LeadingGroupHandler],
  exports: [OfficerAnnouncements],
})
export class LeadingGroupModule {}
