import { Module } from '@nestjs/common';
import { ScopeModule } from '../scope/scope.module';
import { ProjectAccess } from './project-access';
import { ProjectsRepository } from './projects.repository';

/** County projects as data, and loading one for a caller within its scope. No feature depends back on it. */
@Module({
  imports: [ScopeModule],
  providers: [ProjectsRepository, ProjectAccess],
  exports: [ProjectsRepository, ProjectAccess, ScopeModule],
})
export class ProjectAccessModule {}
