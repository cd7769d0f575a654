import { NotFoundError, type Actor } from '@duban/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Denials } from '../scope/denials';
import { RegionScope } from '../scope/region-scope';
import { ProjectsRepository, type ProjectContext } from './projects.repository';

export const PROJECT_NOT_FOUND = '项目不存在';

/** Loads a project for a caller: in its scope, or "not found" (and, if it exists elsewhere, an audited denial). */
@Injectable()
export class ProjectAccess {
  constructor(
    private readonly projects: ProjectsRepository,
    private readonly scope: RegionScope,
    private readonly denials: Denials,
  ) {}

  async load(
    actor: Actor,
    projectId: string,
    action: string,
    options: { manager?: EntityManager; lock?: boolean } = {},
  ): Promise<ProjectContext> {
    const visible = await this.scope.visibleRegionCodes(actor);
    const context = await this.projects.findContextInScope(projectId, visible, options);
    if (context) return context;
    if (await this.projects.exists(projectId)) {
      throw await this.denials.outOfScope(
        { actor, action, targetType: 'county_project', targetId: projectId },
        PROJECT_NOT_FOUND,
      );
    }
    throw new NotFoundError(PROJECT_NOT_FOUND);
  }
}
