import { Module } from '@nestjs/common';
import { ProgrammesRepository } from '../programmes/programmes.repository';
import { ScopeModule } from '../scope/scope.module';
import { ProjectAccessService } from './project-access.service';
import { ProjectsRepository } from './projects.repository';

/**
 * County projects and their programmes as data, and loading a project for a caller within its scope.
 * No feature depends back on it.
 */
@Module({
  imports: [ScopeModule],
  providers: [ProjectsRepository, ProgrammesRepository, ProjectAccessService],
  exports: [ProjectsRepository, ProgrammesRepository, ProjectAccessService, ScopeModule],
})
export class ProjectAccessModule {}
