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
import { Access, AuditLog, Clock, Outbox, Transactions } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { OfficersRepository } from '../officers/officers.repository';
import { ProjectAccessService, type ProjectContext } from '../projects/project-access.service';
import { mayChangeTemplateMilestone, mayEditMilestones, roleMayNotMessage } from '../scope/role-rules';
import { eventActor } from './event-actor-view';
import { MilestoneAccessService } from './milestone-access.service';
import { milestoneFacts } from './milestone-facts-view';
import { MilestoneLights } from './milestone-lights.service';
import { sameIdSet, unknownIds } from './milestone-rules';
import { milestoneSnapshot, toMilestoneView } from './milestone-view';
import { MilestonesRepository, type MilestoneRecord } from './milestones.repository';

/** Listing milestones, adding extra ones, and editing them (reschedule, rename, reassign, mark started). */
@Injectable()
export class MilestonesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly projectAccess: ProjectAccessService,
    private readonly milestoneAccess: MilestoneAccessService,
    private readonly milestones: MilestonesRepository,
    private readonly officers: OfficersRepository,
    private readonly lights: MilestoneLights,
    private readonly access: Access,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, projectId: string): Promise<MilestoneView[]> {
    const tx = this.transactions.none;
    const context = await this.projectAccess.load(tx, actor, projectId, 'milestone.list');
    const now = this.clock.now();
    return (await this.milestones.findByProject(tx, projectId)).map((milestone) => this.view(context, milestone, now));
  }

  /** An extra milestone: due at an exact instant, with its own reminder plan, announced as scheduled. */
  async create(actor: Actor, projectId: string, body: CreateMilestoneBody): Promise<MilestoneView> {
    return this.transactions.runAndAnswer(async (tx) => {
      const action = 'milestone.create';
      const context = await this.projectAccess.load(tx, actor, projectId, action, { lock: true });
      await this.access.requireRole(
        { actor, action, targetType: 'county_project', targetId: projectId },
        mayEditMilestones(actor.role),
        roleMayNotMessage(actor.role, '添加节点'),
      );
      const officers = await this.officers.findByProject(tx, projectId);
      const siblings = await this.milestones.findByProject(tx, projectId);
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
      const now = this.clock.now();
      const [created] = (await this.milestones.insertMany(
        tx,
        [
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
        ],
        now,
      )) as [MilestoneRecord];
      await this.outbox.append(
        tx,
        MilestoneScheduled,
        { ...milestoneFacts(context, created, officers), history: false },
        { aggregateId: created.id, occurredAt: now },
      );
      await this.audit.recordDone(tx, {
        actor,
        action,
        targetType: 'milestone',
        targetId: created.id,
        after: milestoneSnapshot(created),
      });
      return this.view(context, created, now);
    });
  }

  /**
   * Applies the changes that differ from the stored milestone. A moved deadline is announced as
   * rescheduled (its reason kept in the audit trail); a new title, new responsible officers, a new reminder
   * plan or a start as updated; no difference, nothing at all.
   */
  async update(actor: Actor, milestoneId: string, changes: UpdateMilestoneBody): Promise<MilestoneView> {
    return this.transactions.runAndAnswer(async (tx) => {
      const action = 'milestone.update';
      const loaded = await this.milestoneAccess.loadForWrite(tx, actor, milestoneId, action);
      const { milestone, context, officers } = loaded;
      const attempt = { actor, action, targetType: 'milestone', targetId: milestoneId };
      await this.access.requireRole(attempt, mayEditMilestones(actor.role), roleMayNotMessage(actor.role, '修改节点'));
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
      const planChanged =
        changes.reminderPlan !== undefined &&
        JSON.stringify(changes.reminderPlan) !== JSON.stringify(milestone.reminderPlan);
      const started = changes.status === 'in_progress' && milestone.status === 'pending';
      if (changes.status === 'in_progress' && milestone.status === 'done') {
        throw new ConflictError('该节点已完成，不能改为进行中；如需继续，请先重新打开');
      }
      const now = this.clock.now();
      if (!dueChanged && !titleChanged && !officersChanged && !planChanged && !started) {
        return this.view(context, milestone, now);
      }
      if (milestone.key !== null && (dueChanged || titleChanged) && !mayChangeTemplateMilestone(actor.role)) {
        throw await this.access.forbidden(
          attempt,
          roleMayNotMessage(actor.role, '调整计划节点的期限或名称（由市局或省厅调整）'),
        );
      }
      if (dueChanged && milestone.status === 'done') {
        throw new ConflictError('该节点已完成，不能调整期限；如需调整，请先重新打开');
      }
      const dueDateAfter = changes.dueDate ?? (changes.dueAt === undefined ? milestone.dueDate : null);
      if (planChanged && dueDateAfter !== null) {
        // Only a milestone due at an exact instant has a plan of its own; dated ones follow the programme's policy.
        throwIfInvalid([
          { field: 'reminderPlan', message: '计划节点按本计划的提醒规则提醒；只有附加节点可以设定自己的提醒计划' },
        ]);
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
      const saved = await this.milestones.update(
        tx,
        {
          ...milestone,
          ...(dueChanged
            ? { dueDate: changes.dueDate ?? null, dueAt: changes.dueAt !== undefined ? new Date(changes.dueAt) : null }
            : {}),
          ...(titleChanged ? { title: changes.title as string } : {}),
          ...(officersChanged ? { responsibleOfficerIds: [...new Set(changes.responsibleOfficerIds)] } : {}),
          ...(planChanged ? { reminderPlan: changes.reminderPlan ?? null } : {}),
          ...(started ? { status: 'in_progress' as const } : {}),
        },
        now,
      );
      const facts = milestoneFacts(context, saved, officers);
      if (dueChanged) {
        await this.outbox.append(
          tx,
          MilestoneRescheduled,
          { ...facts, previousDueDate: previous.dueDate, previousDueAt: previous.dueAt, changedBy: eventActor(actor) },
          { aggregateId: saved.id, occurredAt: now },
        );
      } else {
        const changed = [
          ...(titleChanged ? (['title'] as const) : []),
          ...(officersChanged ? (['responsibleOfficers'] as const) : []),
          ...(planChanged ? (['reminderPlan'] as const) : []),
          ...(started ? (['status'] as const) : []),
        ];
        await this.outbox.append(
          tx,
          MilestoneUpdated,
          { ...facts, changed, changedBy: eventActor(actor) },
          { aggregateId: saved.id, occurredAt: now },
        );
      }
      await this.audit.recordDone(tx, {
        actor,
        action: dueChanged ? 'milestone.reschedule' : action,
        targetType: 'milestone',
        targetId: saved.id,
        before,
        after: milestoneSnapshot(saved),
        ...(dueChanged && changes.reason !== undefined ? { detail: `调整原因：${changes.reason}` } : {}),
      });
      return this.view(context, saved, now);
    });
  }

  private view(context: ProjectContext, milestone: MilestoneRecord, now: Date): MilestoneView {
    return toMilestoneView(milestone, this.lights.light(milestone, context.programme.yellowWithinWorkingDays, now));
  }
}

function throwIfInvalid(errors: FieldError[]): void {
  if (errors.length > 0) throw new ValidationError(errors, '请求中有无效字段');
}
