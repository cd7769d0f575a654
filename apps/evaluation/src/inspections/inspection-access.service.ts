import { Access, type Attempt, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { ProgrammeWrites } from '../programme-state/programme-writes.service';
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
    private readonly writes: ProgrammeWrites,
  ) {}

  /** `write`: the caller is about to change something, refused (409) once the programme is closed. */
  async project(attempt: Attempt, tx: Tx, projectId: string, options: { write?: boolean } = {}): Promise<ProjectRef> {
    const project = await this.access.requireInScope(
      attempt,
      await this.projects.find(tx, projectId),
      projectRegionPath,
      PROJECT_NOT_FOUND,
    );
    if (options.write) await this.writes.requireOpen(tx, project.programmeId);
    return project;
  }

  /**
   * The inspection and its project; `lock` takes the inspection's row lock (inside `tx`'s transaction),
   * `notFound` names what the caller asked for (an evidence file reads as a missing file), `write` refuses
   * (409) a change once the programme is closed.
   */
  async inspection(
    attempt: Attempt,
    tx: Tx,
    inspectionId: string,
    options: { lock?: boolean; notFound?: string; write?: boolean } = {},
  ): Promise<{ inspection: InspectionRecord; project: ProjectRef }> {
    const inspection = await this.inspections.find(tx, inspectionId, { lock: options.lock });
    const project = inspection && (await this.projects.find(tx, inspection.projectId));
    const found = await this.access.requireInScope(
      attempt,
      inspection && project ? { inspection, project } : null,
      (both) => projectRegionPath(both.project),
      options.notFound ?? INSPECTION_NOT_FOUND,
    );
    if (options.write) await this.writes.requireOpen(tx, found.project.programmeId);
    return found;
  }
}
