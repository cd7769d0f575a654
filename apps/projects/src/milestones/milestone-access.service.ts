import { type Actor } from '@duban/contracts';
import { Access, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { OfficersRepository, type OfficerRecord } from '../officers/officers.repository';
import { requireWritable } from '../programmes/programme-status-rules';
import { ProjectAccessService, type ProjectContext } from '../projects/project-access.service';
import { RegionScope } from '../scope/region-scope.service';
import { MilestonesRepository, type MilestoneRecord } from './milestones.repository';

export const MILESTONE_NOT_FOUND = '节点不存在';

/** A milestone loaded for a write, with its project, programme, county and leading group. */
export interface MilestoneForWrite {
  readonly milestone: MilestoneRecord;
  readonly context: ProjectContext;
  readonly officers: OfficerRecord[];
}

/**
 * The loader of milestones for a caller: in its scope, or "not found" (the attempt audited when the
 * milestone exists elsewhere: the platform's Access decides, on its county's region path).
 */
@Injectable()
export class MilestoneAccessService {
  constructor(
    private readonly milestones: MilestonesRepository,
    private readonly projectAccess: ProjectAccessService,
    private readonly officers: OfficersRepository,
    private readonly scope: RegionScope,
    private readonly access: Access,
  ) {}

  /** Locks the milestone row for the rest of `tx`; a closed or archived programme's is refused (read-only). */
  async loadForWrite(tx: Tx, actor: Actor, milestoneId: string, action: string): Promise<MilestoneForWrite> {
    const loaded = await this.loadInScope(tx, actor, milestoneId, action, { lock: true });
    requireWritable(loaded.context.programme);
    return { ...loaded, officers: await this.officers.findByProject(tx, loaded.milestone.projectId) };
  }

  /**
   * The milestone and its project for a read; `notFound` is what an unknown or out-of-scope caller is told
   * (a file's download says the file is missing, not the milestone).
   */
  async loadInScope(
    tx: Tx,
    actor: Actor,
    milestoneId: string,
    action: string,
    options: { lock?: boolean; notFound?: string } = {},
  ): Promise<{ milestone: MilestoneRecord; context: ProjectContext }> {
    const milestone = await this.milestones.findById(tx, milestoneId, { lock: options.lock });
    const context = milestone ? await this.projectAccess.findContext(tx, milestone.projectId) : null;
    const path = context ? await this.scope.regionPath(tx, context.county.code) : [];
    return this.access.requireInScope(
      { actor, action, targetType: 'milestone', targetId: milestoneId },
      milestone && context ? { milestone, context } : null,
      () => path,
      options.notFound ?? MILESTONE_NOT_FOUND,
    );
  }
}
