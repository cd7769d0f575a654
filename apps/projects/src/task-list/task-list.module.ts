import { Module } from '@nestjs/common';
import { ProjectAccessModule } from '../projects/project-access.module';
import { ProjectsModule } from '../projects/projects.module';
import { ReportsModule } from '../reports/reports.module';
import { ImportCounties } from './import-counties.service';
import { RegionProjects } from './region-projects.service';
import { TaskListImportService } from './task-list-import.service';
import { TaskListHandler } from './task-list.handler';
import { TaskListService } from './task-list.service';

/** The task list (附件1) as a whole table: read for the Excel export, rows imported from one. */
@Module({
  imports: [ProjectAccessModule, ProjectsModule, ReportsModule],
  providers: [TaskListService, TaskListImportService, ImportCounties, RegionProjects],
  exports: [ImportCounties, RegionProjects],
  controllers: [TaskListHandler],
})
export class TaskListModule {}
