import { Access, type Attempt, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { projectRegionPath, ProjectRefsRepository, type ProjectRef } from '../project-refs/project-refs.repository';
import { InspectionsRepository, type InspectionRecord } from './inspections.repository';

export const PROJECT_NOT_FOUND = '项目不存在';
export const INSPECTION_NOT_FOUND = '验收检查不存在';

/**
 * Evaluation's loaders for the platform's access rule: a project, or an inspection with its project, found
 * and placed in the region tree (the project's county, city and province). Out of scope reads as "not
 * found", exactly like a wrong id, and is audited (Access.requireInScope).
 */
@Injectable()
export class InspectionAccess {
  constructor(
    private readonly access: Access,
    private readonly projects: ProjectRefsRepository,
    private readonly inspections: InspectionsRepository,
  ) {}

  async project(attempt: Attempt, tx: Tx, projectId: string): Promise<ProjectRef> {
    const project = await this.projects.find(tx, projectId);
    return this.access.requireInScope(attempt, project, projectRegionPath, PROJECT_NOT_FOUND);
  }

  /**
   * The inspection and its project; `lock` takes the inspection's row lock (inside `tx`'s transaction),
   * `notFound` names what the caller asked for (an evidence file reads as a missing file).
   */
  async inspection(
    attempt: Attempt,
    tx: Tx,
    inspectionId: string,
    options: { lock?: boolean; notFound?: string } = {},
  ): Promise<{ inspection: InspectionRecord; project: ProjectRef }> {
    const inspection = await this.inspections.find(tx, inspectionId, { lock: options.lock });
    const project = inspection && (await this.projects.find(tx, inspection.projectId));
    return this.access.requireInScope(
      attempt,
      inspection && project ? { inspection, project } : null,
      (found) => projectRegionPath(found.project),
      options.notFound ?? INSPECTION_NOT_FOUND,
    );
  }
}
