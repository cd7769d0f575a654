import {
  ConflictError,
  DEFAULT_REMINDER_POLICY,
  NotFoundError,
  EvaluationDeadlines,
  ValidationError,
  type CloseRectificationRequest,
  type CreateRectificationRequest,
  type Deadline,
  type RectificationView,
} from '@duban/contracts';
import { localDateOf } from '@duban/calendar';
import { AuditLog, Outbox } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { Clock } from '../common/clock';
import { effectiveScores, toRectificationView } from '../inspections/inspection-view';
import { InspectionsRepository, type RectificationRecord } from '../inspections/inspections.repository';
import { InspectionsService } from '../inspections/inspections.service';
import type { ProjectRef } from '../project-refs/project-refs.repository';
import type { RubricRecord } from '../rubrics/rubrics.repository';
import { EvaluationAccess, INSPECTION_NOT_FOUND } from '../scope/evaluation-access';

/**
 * Rectification items: one per item scored below its maximum on a signed inspection (what, who, by when).
 * Each is a deadline for the notifications service, announced with the county/city addressing and the
 * default reminder policy; closing it clears the deadline. Set by the inspection's inspectors or the city.
 */
@Injectable()
export class RectificationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: EvaluationAccess,
    private readonly inspections: InspectionsRepository,
    private readonly inspectionsService: InspectionsService,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async create(request: CreateRectificationRequest): Promise<RectificationView> {
    const { actor, inspectionId } = request;
    const attempt = { actor, action: 'rectification.create', targetType: 'inspection', targetId: inspectionId };
    return this.dataSource.transaction(async (manager) => {
      const { inspection, project } = await this.access.inspection(attempt, inspectionId, { manager, lock: true });
      const isInspector = actor.role === 'inspector' && inspection.inspectors.includes(actor.username);
      if (!isInspector && actor.role !== 'city_officer' && actor.role !== 'province_admin') {
        throw await this.access.forbidden(attempt, '整改项由本次检查的检查人员或市局设定');
      }
      if (inspection.kind !== 'inspection' || inspection.status !== 'signed') {
        throw new ConflictError('验收检查签字完成后才能设定整改项');
      }
      const state = await this.inspectionsService.state(manager, inspection.id, project);
      const item = state.rubric.items.find((candidate) => candidate.id === request.itemId);
      if (!item || !inspection.itemIds.includes(item.id)) {
        throw new ValidationError([{ field: 'itemId', message: '本次检查没有评此项' }]);
      }
      const score = effectiveScores(state).get(item.id);
      if (!score || score.halfPoints >= item.maxHalfPoints) {
        throw new ValidationError([{ field: 'itemId', message: `第 ${item.number} 项得满分，无需整改` }]);
      }
      if (state.rectifications.some((existing) => existing.itemId === item.id)) {
        throw new ConflictError(`第 ${item.number} 项已有整改项`);
      }
      const now = this.clock.now();
      const dueAt = request.dueAt === undefined ? null : new Date(request.dueAt);
      if (dueAt && dueAt.getTime() <= now.getTime()) {
        throw new ValidationError([{ field: 'dueAt', message: '整改期限须晚于当前时刻' }]);
      }
      const dueDate = dueAt ? dueDateOf(dueAt, DEFAULT_REMINDER_POLICY.timeZone) : (request.dueDate as string);
      const rectification: RectificationRecord = {
        id: uuidv7(),
        inspectionId: inspection.id,
        itemId: item.id,
        what: request.what,
        responsibleUsername: request.responsibleUsername,
        responsibleName: request.responsibleName,
        dueDate,
        dueAt,
        reminderPlan: request.reminderPlan ?? null,
        status: 'open',
        createdBy: actor.username,
        createdAt: now,
        closedAt: null,
        closedBy: null,
        closingNote: null,
      };
      await this.inspections.insertRectification(manager, rectification);
      await this.outbox.append(
        manager,
        EvaluationDeadlines.DeadlineSet,
        deadlineOf(rectification, project, state.rubric),
        {
          aggregateId: rectification.id,
        },
      );
      await this.audit.recordDone(manager, {
        actor,
        action: attempt.action,
        targetType: 'rectification',
        targetId: rectification.id,
        after: { ...rectification, itemNumber: item.number },
      });
      return toRectificationView(rectification, state.rubric);
    });
  }

  async close(request: CloseRectificationRequest): Promise<RectificationView> {
    const { actor, rectificationId, note } = request;
    const attempt = { actor, action: 'rectification.close', targetType: 'rectification', targetId: rectificationId };
    return this.dataSource.transaction(async (manager) => {
      const rectification = await this.inspections.findRectification(rectificationId, { manager, lock: true });
      if (!rectification) throw new NotFoundError('整改项不存在');
      const { inspection, project } = await this.access.inspection(attempt, rectification.inspectionId, { manager });
      const isInspector = actor.role === 'inspector' && inspection.inspectors.includes(actor.username);
      if (!isInspector && actor.role !== 'city_officer' && actor.role !== 'province_admin') {
        throw await this.access.forbidden(attempt, '整改项由本次检查的检查人员或市局确认完成');
      }
      if (rectification.status !== 'open') throw new ConflictError('整改项已完成');
      const now = this.clock.now();
      await this.inspections.closeRectification(manager, rectification.id, actor.username, note, now);
      await this.outbox.append(
        manager,
        EvaluationDeadlines.DeadlineCleared,
        { deadlineId: rectification.id, reason: 'done' },
        { aggregateId: rectification.id },
      );
      await this.audit.recordDone(manager, {
        actor,
        action: attempt.action,
        targetType: 'rectification',
        targetId: rectification.id,
        before: { status: 'open' },
        after: { status: 'closed', note },
      });
      const state = await this.inspectionsService.state(manager, inspection.id, project);
      const closed = state.rectifications.find((candidate) => candidate.id === rectification.id);
      if (!closed) throw new ConflictError(INSPECTION_NOT_FOUND);
      return toRectificationView(closed, state.rubric);
    });
  }
}

/** The local date an instant falls due on (an instant at local midnight ends the day before). */
function dueDateOf(dueAt: Date, timeZone: string): string {
  return localDateOf(new Date(dueAt.getTime() - 1), timeZone);
}

/**
 * The deadline the notifications service plans reminders for: due at the end of the due date (local) on
 * the default policy, or at the exact instant on its own plan (the policy when it has none); reminding the
 * named responsible officer, alerting the county's officers when overdue and escalating to the city's.
 */
export function deadlineOf(rectification: RectificationRecord, project: ProjectRef, rubric: RubricRecord): Deadline {
  const item = rubric.items.find((candidate) => candidate.id === rectification.itemId);
  return {
    deadlineId: rectification.id,
    subjectType: 'rectification',
    subjectId: rectification.id,
    title: `整改：第 ${item?.number ?? '?'} 项 ${rectification.what}`.slice(0, 200),
    programmeId: project.programmeId,
    projectId: project.id,
    regionCode: project.regionCode,
    regionName: project.regionName,
    cityRegionCode: project.cityRegionCode,
    due: rectification.dueAt ? { at: rectification.dueAt.toISOString() } : { date: rectification.dueDate },
    responsible: [{ kind: 'user', username: rectification.responsibleUsername, name: rectification.responsibleName }],
    countyLeader: { kind: 'role', role: 'county_officer', regionCode: project.regionCode },
    cityOfficer: project.cityRegionCode
      ? { kind: 'role', role: 'city_officer', regionCode: project.cityRegionCode }
      : null,
    policy: DEFAULT_REMINDER_POLICY,
    plan: rectification.dueAt && rectification.reminderPlan ? rectification.reminderPlan : null,
    history: false,
  };
}
