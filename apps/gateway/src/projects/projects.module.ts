import { Module } from '@nestjs/common';
import { OfficersController } from './officers.controller';
import { ProjectsController } from './projects.controller';

@Module({ controllers: [ProjectsController, OfficersController] })
export class ProjectsModule {}
