import { DomainError, NotFoundError, type Actor } from '@duban/contracts';
import { AuditLog } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InspectionsRepository, type InspectionRecord } from '../inspections/inspections.repository';
import { projectInScope, ProjectRefsRepository, type ProjectRef } from '../project-refs/project-refs.repository';

export const PROJECT_NOT_FOUND = '项目不存在';
export const INSPECTION_NOT_FOUND = '验收检查不存在';

export interface Attempt {
  readonly actor: Actor;
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string | null;
}

/**
 * Loads what a caller asks for, within its scope: its regionCodes must contain the project's county, city
 * or province. Out of scope reads as "not found", exactly like a wrong id, and the attempt is audited;
 * a role that may not do something gets "forbidden" with the reason, also audited (DESIGN rule 8).
 */
@Injectable()
export class EvaluationAccess {
  constructor(
    private readonly projects: ProjectRefsRepository,
    private readonly inspections: InspectionsRepository,
    private readonly audit: AuditLog,
  ) {}

  async project(attempt: Attempt, projectId: string, manager?: EntityManager): Promise<ProjectRef> {
    const project = await this.projects.find(projectId, manager);
    if (!project) throw new NotFoundError(PROJECT_NOT_FOUND);
    if (!projectInScope(project, attempt.actor.regionCodes)) throw await this.outOfScope(attempt, PROJECT_NOT_FOUND);
    return project;
  }

  async inspection(
    attempt: Attempt,
    inspectionId: string,
    options: { manager?: EntityManager; lock?: boolean } = {},
  ): Promise<{ inspection: InspectionRecord; project: ProjectRef }> {
    const inspection = await this.inspections.find(inspectionId, options);
    if (!inspection) throw new NotFoundError(INSPECTION_NOT_FOUND);
    const project = await this.projects.find(inspection.projectId, options.manager);
    if (!project) throw new NotFoundError(INSPECTION_NOT_FOUND);
    if (!projectInScope(project, attempt.actor.regionCodes)) throw await this.outOfScope(attempt, INSPECTION_NOT_FOUND);
    return { inspection, project };
  }

  async outOfScope(attempt: Attempt, message: string): Promise<NotFoundError> {
    await this.audit.recordDenied({ ...record(attempt), detail: 'out_of_scope' });
    return new NotFoundError(message);
  }

  async forbidden(attempt: Attempt, message: string): Promise<DomainError> {
    await this.audit.recordDenied({ ...record(attempt), detail: `forbidden: ${message}` });
    return new DomainError('forbidden', message);
  }
}

function record(attempt: Attempt) {
  const { userId, username, role } = attempt.actor;
  return {
    actor: { userId, username, role },
    action: attempt.action,
    targetType: attempt.targetType,
    targetId: attempt.targetId,
  };
}
