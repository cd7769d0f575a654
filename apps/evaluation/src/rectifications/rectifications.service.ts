import {
  ConflictError,
  DEFAULT_REMINDER_POLICY,
  NotFoundError,
  EvaluationDeadlines,
  ValidationError,
  type CloseRectificationRequest,
  type CreateRectificationRequest,
  type Role,
  type RectificationView,
} from '@duban/contracts';
import { Access, AuditLog, Clock, Outbox, Transactions } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { INSPECTION_NOT_FOUND, InspectionAccess } from '../inspections/inspection-access.service';
import { toRectificationView } from '../inspections/inspection-view';
import { InspectionsRepository, type RectificationRecord } from '../inspections/inspections.repository';
import { InspectionsService } from '../inspections/inspections.service';
import { effectiveScores, isNamedInspector } from '../inspections/scoring.rules';
import { deadlineOf, dueDateOf } from './rectification-deadline.rules';

/** Beside the inspection's own inspectors, who sets rectification items and confirms them done. */
const SETTERS: readonly Role[] = ['city_officer', 'province_admin'];

/**
 * Rectification items: one per item scored below its maximum on a signed inspection (what, who, by when).
 * Each is a deadline for the notifications service, announced with the county/city addressing and the
 * default reminder policy; closing it clears the deadline. Set by the inspection's inspectors or the city.
 */
@Injectable()
export class RectificationsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly access: Access,
    private readonly load: InspectionAccess,
    private readonly inspections: InspectionsRepository,
    private readonly inspectionsService: InspectionsService,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async create(request: CreateRectificationRequest): Promise<RectificationView> {
    const { actor, inspectionId } = request;
    const attempt = { actor, action: 'rectification.create', targetType: 'inspection', targetId: inspectionId };
    return this.transactions.runAndAnswer(async (tx) => {
      const { inspection, project } = await this.load.inspection(attempt, tx, inspectionId, {
        lock: true,
        write: true,
      });
      await this.access.requireRole(
        attempt,
        isNamedInspector(actor, inspection) || SETTERS.includes(actor.role),
        '整改项由本次检查的检查人员或市局设定',
      );
      if (inspection.kind !== 'inspection' || inspection.status !== 'signed') {
        throw new ConflictError('验收检查签字完成后才能设定整改项');
      }
      const state = await this.inspectionsService.state(tx, inspection.id, project);
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
      await this.inspections.insertRectification(tx, rectification);
      await this.outbox.append(tx, EvaluationDeadlines.DeadlineSet, deadlineOf(rectification, project, state.rubric), {
        aggregateId: rectification.id,
      });
      await this.audit.recordDone(tx, {
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
    return this.transactions.runAndAnswer(async (tx) => {
      const rectification = await this.inspections.findRectification(tx, rectificationId, { lock: true });
      if (!rectification) throw new NotFoundError('整改项不存在');
      const { inspection, project } = await this.load.inspection(attempt, tx, rectification.inspectionId, {
        write: true,
      });
      await this.access.requireRole(
        attempt,
        isNamedInspector(actor, inspection) || SETTERS.includes(actor.role),
        '整改项由本次检查的检查人员或市局确认完成',
      );
      if (rectification.status !== 'open') throw new ConflictError('整改项已完成');
      await this.inspectionsService.closeRectification(tx, actor, rectification, note, this.clock.now());
      const state = await this.inspectionsService.state(tx, inspection.id, project);
      const closed = state.rectifications.find((candidate) => candidate.id === rectification.id);
      if (!closed) throw new ConflictError(INSPECTION_NOT_FOUND);
      return toRectificationView(closed, state.rubric);
    });
  }
}
