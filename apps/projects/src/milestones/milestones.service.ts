import { randomUUID } from 'node:crypto';
import {
  ConflictError,
  MilestoneRescheduled,
  MilestoneScheduled,
  MilestoneUpdated,
  ValidationError,
  type Actor,
  type CreateMilestoneBody,
  type FieldError,
  type MilestoneView,
  type UpdateMilestoneBody,
} from '@duban/contracts';
import { AuditLog, Outbox } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../clock/clock';
import { OfficersRepository } from '../officers/officers.repository';
import { ProjectAccess } from '../projects/project-access';
import type { ProjectContext } from '../projects/projects.repository';
import { Denials } from '../scope/denials';
import { mayChangeTemplateMilestone, mayEditMilestones, roleMayNotMessage } from '../scope/role-rules';
import { eventActor } from './event-actor';
import { milestoneFacts } from './milestone-facts';
import { MilestoneLights } from './milestone-lights';
import { sameIdSet, unknownIds } from './milestone-rules';
import { milestoneSnapshot, toMilestoneView } from './milestone-view';
import type { Milestone } from './milestone.entity';
import { MilestoneAccess } from './milestone-access';
import { MilestonesRepository } from './milestones.repository';

/** Listing milestones, adding extra ones, and editing them (reschedule, rename, reassign, mark started). */
@Injectable()
export class MilestonesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projectAccess: ProjectAccess,
    private readonly access: MilestoneAccess,
    private readonly milestones: MilestonesRepository,
    private readonly officers: OfficersRepository,
    private readonly lights: MilestoneLights,
    private readonly denials: Denials,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, projectId: string): Promise<MilestoneView[]> {
    const context = await this.projectAccess.load(actor, projectId, 'milestone.list');
    const now = this.clock.now();
    return (await this.milestones.findByProject(projectId)).map((milestone) => this.view(context, milestone, now));
  }

  /** An extra milestone: due at an exact instant, with its own reminder plan, announced as scheduled. */
  async create(actor: Actor, projectId: string, body: CreateMilestoneBody): Promise<MilestoneView> {
    return this.dataSource.transaction(async (manager) => {
      const context = await this.projectAccess.load(actor, projectId, 'milestone.create', { manager, lock: true });
      if (!mayEditMilestones(actor.role)) {
        throw await this.denials.forbidden(
          { actor, action: 'milestone.create', targetType: 'county_project', targetId: projectId },
          roleMayNotMessage(actor.role, '添加节点'),
        );
      }
      const officers = await this.officers.findByProject(projectId, manager);
      const siblings = await this.milestones.findByProject(projectId, manager);
      const after = body.after ?? [];
      throwIfInvalid([
        ...unknownIds(
          body.responsibleOfficerIds,
          officers.map((officer) => officer.id),
        ).map(({ index }) => ({
          field: `responsibleOfficerIds.${index}`,
          message: '不是本项目领导小组的成员',
        })),
        ...unknownIds(
          after,
          siblings.map((sibling) => sibling.id),
        ).map(({ index }) => ({
          field: `after.${index}`,
          message: '不是本项目的节点',
        })),
      ]);
      const [milestone] = await this.milestones.insertMany(manager, [
        {
          id: randomUUID(),
          projectId,
          key: null,
          title: body.title,
          dueDate: null,
          dueAt: new Date(body.dueAt),
          afterIds: [...new Set(after)],
          responsibleOfficerIds: [...new Set(body.responsibleOfficerIds)],
          reminderPlan: body.reminderPlan,
          sort: Math.max(0, ...siblings.map((sibling) => sibling.sort)) + 1,
        },
      ]);
      const created = milestone as Milestone;
      await this.outbox.append(
        manager,
        MilestoneScheduled,
        { ...milestoneFacts(context, created, officers), history: false },
        { aggregateId: created.id },
      );
      await this.audit.recordDone(manager, {
        actor,
        action: 'milestone.create',
        targetType: 'milestone',
        targetId: created.id,
        after: milestoneSnapshot(created),
      });
      return this.view(context, created, this.clock.now());
    });
  }

  /**
   * Applies the changes that differ from the stored milestone. A moved deadline is announced as
   * rescheduled; a new title, new responsible officers or a start as updated; no difference, nothing at all.
   */
  async update(actor: Actor, milestoneId: string, changes: UpdateMilestoneBody): Promise<MilestoneView> {
    return this.dataSource.transaction(async (manager) => {
      const action = 'milestone.update';
      const { milestone, context, officers } = await this.access.loadForWrite(manager, actor, milestoneId, action);
      const attempt = { actor, action, targetType: 'milestone', targetId: milestoneId };
      if (!mayEditMilestones(actor.role)) {
        throw await this.denials.forbidden(attempt, roleMayNotMessage(actor.role, '修改节点'));
      }
      if (changes.version !== undefined && changes.version !== milestone.version) {
        throw new ConflictError(`该节点已被他人修改（当前版本 ${milestone.version}），请刷新后重试`);
      }
      const dueChanged =
        (changes.dueDate !== undefined && changes.dueDate !== milestone.dueDate) ||
        (changes.dueAt !== undefined && new Date(changes.dueAt).getTime() !== milestone.dueAt?.getTime());
      const titleChanged = changes.title !== undefined && changes.title !== milestone.title;
      const officersChanged =
        changes.responsibleOfficerIds !== undefined &&
        !sameIdSet(changes.responsibleOfficerIds, milestone.responsibleOfficerIds);
      const started = changes.status === 'in_progress' && milestone.status === 'pending';
      if (changes.status === 'in_progress' && milestone.status === 'done') {
        throw new ConflictError('该节点已完成，不能改为进行中；如需继续，请先重新打开');
      }
      if (!dueChanged && !titleChanged && !officersChanged && !started)
        return this.view(context, milestone, this.clock.now());

      if (milestone.key !== null && (dueChanged || titleChanged) && !mayChangeTemplateMilestone(actor.role)) {
        throw await this.denials.forbidden(
          attempt,
          roleMayNotMessage(actor.role, '调整计划节点的期限或名称（由市局或省厅调整）'),
        );
      }
      if (dueChanged && milestone.status === 'done') {
        throw new ConflictError('该节点已完成，不能调整期限；如需调整，请先重新打开');
      }
      if (officersChanged) {
        throwIfInvalid(
          unknownIds(
            changes.responsibleOfficerIds ?? [],
            officers.map((officer) => officer.id),
          ).map(({ index }) => ({
            field: `responsibleOfficerIds.${index}`,
            message: '不是本项目领导小组的成员',
          })),
        );
      }

      const before = milestoneSnapshot(milestone);
      const previous = { dueDate: milestone.dueDate, dueAt: milestone.dueAt ? milestone.dueAt.toISOString() : null };
      if (dueChanged) {
        milestone.dueDate = changes.dueDate ?? null;
        milestone.dueAt = changes.dueAt !== undefined ? new Date(changes.dueAt) : null;
      }
      if (titleChanged) milestone.title = changes.title as string;
      if (officersChanged) milestone.responsibleOfficerIds = [...new Set(changes.responsibleOfficerIds)];
      if (started) milestone.status = 'in_progress';
      milestone.updatedAt = this.clock.now();
      const saved = await this.milestones.save(manager, milestone);

      const facts = milestoneFacts(context, saved, officers);
      if (dueChanged) {
        await this.outbox.append(
          manager,
          MilestoneRescheduled,
          { ...facts, previousDueDate: previous.dueDate, previousDueAt: previous.dueAt, changedBy: eventActor(actor) },
          { aggregateId: saved.id },
        );
      } else {
        const changed = [
          ...(titleChanged ? (['title'] as const) : []),
          ...(officersChanged ? (['responsibleOfficers'] as const) : []),
          ...(started ? (['status'] as const) : []),
        ];
        await this.outbox.append(
          manager,
          MilestoneUpdated,
          { ...facts, changed, changedBy: eventActor(actor) },
          { aggregateId: saved.id },
        );
      }
      await this.audit.recordDone(manager, {
        actor,
        action: dueChanged ? 'milestone.reschedule' : action,
        targetType: 'milestone',
        targetId: saved.id,
        before,
        after: milestoneSnapshot(saved),
      });
      return this.view(context, saved, this.clock.now());
    });
  }

  private view(context: ProjectContext, milestone: Milestone, now: Date): MilestoneView {
    return toMilestoneView(milestone, this.lights.light(milestone, context.programme.yellowWithinWorkingDays, now));
  }
}

function throwIfInvalid(errors: FieldError[]): void {
  if (errors.length > 0) throw new ValidationError(errors, '请求中有无效字段');
}
