import { Module } from '@nestjs/common';
import { OfficersController } from './officers.controller';
import { ProjectDetails } from './project-details';
import { ProjectDetailsSubscriber } from './project-details.subscriber';
import { ProjectsController } from './projects.controller';

/** Projects' routes, and their read model (ProjectDetails; its write fence is a hook: see registerWriteFence). */
@Module({
  controllers: [ProjectsController, OfficersController, ProjectDetailsSubscriber],
  providers: [ProjectDetails],
})
export class ProjectsModule {}
