import { Module } from '@nestjs/common';
import { MilestonesModule } from '../milestones/milestones.module';
import { ProjectAccessModule } from './project-access.module';
import { ProjectsHandler } from './projects.handler';
import { ProjectsService } from './projects.service';

/** County projects (附件1 rows) over RPC: list with lights, read one, edit by role. */
@Module({
  imports: [ProjectAccessModule, MilestonesModule],
  providers: [ProjectsService],
  controllers: [ProjectsHandler],
  exports: [ProjectsService],
})
export class ProjectsModule {}
