import {
  ConflictError,
  MilestoneCompleted,
  MilestoneReopened,
  type Actor,
  type Evidence,
  type MilestoneView,
} from '@duban/contracts';
import { AuditLog, Outbox } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../clock/clock';
import { Denials } from '../scope/denials';
import { mayCompleteMilestone, mayEditMilestones, roleMayNotMessage } from '../scope/role-rules';
import { eventActor } from './event-actor';
import { MilestoneAccess, type MilestoneForWrite } from './milestone-access';
import { milestoneFacts } from './milestone-facts';
import { MilestoneLights } from './milestone-lights';
import { unfinishedPrerequisites, unfinishedPrerequisitesMessage } from './milestone-rules';
import { milestoneSnapshot, toMilestoneView } from './milestone-view';
import { MilestonesRepository } from './milestones.repository';

/**
 * Completing a milestone with evidence, and reopening it with a reason. Each is one transaction holding the
 * change, its one event and its audit row; a refusal writes none of them.
 */
@Injectable()
export class MilestoneCompletionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: MilestoneAccess,
    private readonly milestones: MilestonesRepository,
    private readonly lights: MilestoneLights,
    private readonly denials: Denials,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async complete(actor: Actor, milestoneId: string, evidence: Evidence): Promise<MilestoneView> {
    return this.dataSource.transaction(async (manager) => {
      const action = 'milestone.complete';
      const loaded = await this.access.loadForWrite(manager, actor, milestoneId, action);
      const { milestone, context, officers } = loaded;
      const isResponsible = officers.some(
        (officer) => officer.username === actor.username && milestone.responsibleOfficerIds.includes(officer.id),
      );
      if (!mayCompleteMilestone(actor.role, isResponsible)) {
        const reason =
          actor.role === 'leading_member'
            ? '领导小组成员只能完成本人负责的节点'
            : roleMayNotMessage(actor.role, '完成节点');
        throw await this.denials.forbidden({ actor, action, targetType: 'milestone', targetId: milestoneId }, reason);
      }
      const template = context.programme.milestoneTemplate.find((item) => item.key === milestone.key);
      if (template?.completesOn === 'acceptance_signed') {
        throw new ConflictError(`「${milestone.title}」在验收签字后自动完成，不能手动完成`);
      }
      if (milestone.status === 'done') throw new ConflictError(`「${milestone.title}」已完成`);
      const unfinished = unfinishedPrerequisites(
        milestone,
        await this.milestones.findByProject(milestone.projectId, manager),
      );
      if (unfinished.length > 0) throw new ConflictError(unfinishedPrerequisitesMessage(unfinished));

      const before = milestoneSnapshot(milestone);
      const now = this.clock.now();
      milestone.status = 'done';
      milestone.completedAt = now;
      milestone.completedBy = actor.username;
      milestone.evidence = {
        ...evidence,
        recordedBy: { userId: actor.userId, username: actor.username, displayName: actor.displayName },
      };
      milestone.updatedAt = now;
      const saved = await this.milestones.save(manager, milestone);
      await this.outbox.append(
        manager,
        MilestoneCompleted,
        { ...milestoneFacts(context, saved, officers), completedAt: now.toISOString(), completedBy: eventActor(actor) },
        { aggregateId: saved.id },
      );
      await this.audit.recordDone(manager, {
        actor,
        action,
        targetType: 'milestone',
        targetId: saved.id,
        before,
        after: milestoneSnapshot(saved),
      });
      return this.view({ ...loaded, milestone: saved }, now);
    });
  }

  /** Back to in progress (work had been done), keeping the undone completion in the milestone's history. */
  async reopen(actor: Actor, milestoneId: string, reason: string): Promise<MilestoneView> {
    return this.dataSource.transaction(async (manager) => {
      const action = 'milestone.reopen';
      const loaded = await this.access.loadForWrite(manager, actor, milestoneId, action);
      const { milestone, context, officers } = loaded;
      if (!mayEditMilestones(actor.role)) {
        throw await this.denials.forbidden(
          { actor, action, targetType: 'milestone', targetId: milestoneId },
          roleMayNotMessage(actor.role, '重新打开节点'),
        );
      }
      if (milestone.status !== 'done') throw new ConflictError(`「${milestone.title}」尚未完成，无需重新打开`);

      const before = milestoneSnapshot(milestone);
      const now = this.clock.now();
      milestone.reopenHistory = [
        ...milestone.reopenHistory,
        {
          reason,
          reopenedAt: now.toISOString(),
          reopenedBy: actor.username,
          previous: {
            completedAt: (milestone.completedAt as Date).toISOString(),
            completedBy: milestone.completedBy,
            evidence: milestone.evidence,
          },
        },
      ];
      milestone.status = 'in_progress';
      milestone.completedAt = null;
      milestone.completedBy = null;
      milestone.evidence = null;
      milestone.updatedAt = now;
      const saved = await this.milestones.save(manager, milestone);
      await this.outbox.append(
        manager,
        MilestoneReopened,
        {
          ...milestoneFacts(context, saved, officers),
          reason,
          reopenedAt: now.toISOString(),
          reopenedBy: eventActor(actor),
        },
        { aggregateId: saved.id },
      );
      await this.audit.recordDone(manager, {
        actor,
        action,
        targetType: 'milestone',
        targetId: saved.id,
        before,
        after: { ...milestoneSnapshot(saved), reason },
      });
      return this.view({ ...loaded, milestone: saved }, now);
    });
  }

  private view({ milestone, context }: MilestoneForWrite, now: Date): MilestoneView {
    return toMilestoneView(milestone, this.lights.light(milestone, context.programme.yellowWithinWorkingDays, now));
  }
}
