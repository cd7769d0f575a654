import { NotFoundError, type Actor } from '@duban/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OfficersRepository } from '../officers/officers.repository';
import type { Officer } from '../officers/officer.entity';
import { ProjectsRepository, type ProjectContext } from '../projects/projects.repository';
import { Denials } from '../scope/denials';
import { RegionScope } from '../scope/region-scope';
import type { Milestone } from './milestone.entity';
import { MilestonesRepository } from './milestones.repository';

export const MILESTONE_NOT_FOUND = '节点不存在';

/** A milestone loaded for a write, with its project, programme, county and leading group. */
export interface MilestoneForWrite {
  readonly milestone: Milestone;
  readonly context: ProjectContext;
  readonly officers: Officer[];
}

/** Loads a milestone for a caller: in its scope, or "not found" (and an audited denial if it exists elsewhere). */
@Injectable()
export class MilestoneAccess {
  constructor(
    private readonly milestones: MilestonesRepository,
    private readonly projects: ProjectsRepository,
    private readonly officers: OfficersRepository,
    private readonly scope: RegionScope,
    private readonly denials: Denials,
  ) {}

  /** Locks the milestone row for the rest of `manager`'s transaction. */
  async loadForWrite(
    manager: EntityManager,
    actor: Actor,
    milestoneId: string,
    action: string,
  ): Promise<MilestoneForWrite> {
    const visible = await this.scope.visibleRegionCodes(actor);
    const milestone = await this.milestones.findInScope(milestoneId, visible, { manager, lock: true });
    if (!milestone) {
      if (await this.milestones.exists(milestoneId)) {
        throw await this.denials.outOfScope(
          { actor, action, targetType: 'milestone', targetId: milestoneId },
          MILESTONE_NOT_FOUND,
        );
      }
      throw new NotFoundError(MILESTONE_NOT_FOUND);
    }
    const context = await this.projects.findContextInScope(milestone.projectId, visible, { manager });
    if (!context) throw new NotFoundError(MILESTONE_NOT_FOUND);
    return { milestone, context, officers: await this.officers.findByProject(milestone.projectId, manager) };
  }
}
