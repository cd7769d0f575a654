import { Module } from '@nestjs/common';
import { OfficersModule } from '../officers/officers.module';
import { ProjectAccessModule } from '../projects/project-access.module';
import { ProjectsModule } from '../projects/projects.module';
import { TaskListModule } from '../task-list/task-list.module';
import { LeadingGroupModule } from './leading-group.module';
import { LeadingGroupsHandler } from './leading-groups.handler';
import { LeadingGroupsService } from './leading-groups.service';

/** The leading groups (领导小组) of a region's counties as one table: its Excel export and import. */
@Module({
  imports: [ProjectAccessModule, ProjectsModule, TaskListModule, OfficersModule, LeadingGroupModule],
  providers: [LeadingGroupsService],
  controllers: [LeadingGroupsHandler],
})
export class LeadingGroupsModule {}
