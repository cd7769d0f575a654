import { type Actor } from '@duban/contracts';
import { Access, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import type { OfficerRecord } from '../officers/officers.repository';
import { requireWritable } from '../programmes/programme-status-rules';
import { ProjectAccessService, type ProjectContext } from '../projects/project-access.service';
import type { RegionRecord } from '../regions/regions.repository';
import { RegionScope } from '../scope/region-scope.service';
import { MilestoneWriteContextRepository, type MilestoneWriteContext } from './milestone-write-context.repository';
import { MilestonesRepository, type MilestoneRecord } from './milestones.repository';

export const MILESTONE_NOT_FOUND = '节点不存在';

/** A milestone loaded for a write, with its project, programme, county and leading group. */
export interface MilestoneForWrite {
  readonly milestone: MilestoneRecord;
  readonly context: ProjectContext;
  readonly officers: OfficerRecord[];
  /** The project's milestones, as a prerequisite check needs them. */
  readonly siblings: MilestoneWriteContext['siblings'];
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
    private readonly writeContexts: MilestoneWriteContextRepository,
    private readonly scope: RegionScope,
    private readonly access: Access,
  ) {}

  /**
   * Locks the milestone row for the rest of `tx`; a closed or archived programme's is refused (read-only).
   * One statement (MilestoneWriteContextRepository), which also brings the project's milestones for a
   * prerequisite check.
   */
  async loadForWrite(tx: Tx, actor: Actor, milestoneId: string, action: string): Promise<MilestoneForWrite> {
    const found = await this.writeContexts.findLocked(tx, milestoneId);
    const loaded = await this.access.requireInScope(
      { actor, action, targetType: 'milestone', targetId: milestoneId },
      found,
      () => found?.path.map((region) => region.code) ?? [],
      MILESTONE_NOT_FOUND,
    );
    requireWritable(loaded.programme);
    const { milestone, project, programme, path, officers, siblings } = loaded;
    return { milestone, context: { project, programme, county: path[0] as RegionRecord }, officers, siblings };
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
