import {
  ConflictError,
  EvaluationDeadlines,
  InspectionPassed,
  NotFoundError,
  ROLE_LABELS,
  ValidationError,
  type Actor,
  type InspectionSummary,
  type InspectionView,
  type OpenInspectionRequest,
  type PutScoresRequest,
  type SignInspectionRequest,
} from '@duban/contracts';
import { AuditLog, Outbox } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { canonicalHash } from '../common/canonical-hash';
import { Clock } from '../common/clock';
import type { ProjectRef } from '../project-refs/project-refs.repository';
import { fromHalfPoints, toHalfPoints } from '../rubrics/rubric-integrity';
import { RubricsRepository, type RubricRecord } from '../rubrics/rubrics.repository';
import { EvaluationAccess } from '../scope/evaluation-access';
import {
  contentToSign,
  toInspectionSummary,
  toInspectionView,
  totalsOf,
  type InspectionState,
} from './inspection-view';
import { InspectionsRepository, type InspectionRecord } from './inspections.repository';
import { scoreProblems } from './scoring';

/** Who may open an inspection (the city, or the province), and a self-assessment (the county). */
const INSPECTION_OPENERS = ['city_officer', 'province_admin'] as const;

/**
 * Inspections: opening, scoring, signing. Each write is one transaction with its audit row (and its event,
 * when it has one); a refusal writes nothing. Once the county has countersigned, the inspection is
 * read-only: every change is a 409, and the schema refuses score changes on its own as well.
 */
@Injectable()
export class InspectionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: EvaluationAccess,
    private readonly inspections: InspectionsRepository,
    private readonly rubrics: RubricsRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async open(request: OpenInspectionRequest): Promise<InspectionView> {
    const { actor, projectId, kind } = request;
    const attempt = { actor, action: 'inspection.open', targetType: 'project', targetId: projectId };
    return this.dataSource.transaction(async (manager) => {
      const project = await this.access.project(attempt, projectId, manager);
      if (kind === 'inspection' && !(INSPECTION_OPENERS as readonly string[]).includes(actor.role)) {
        throw await this.access.forbidden(attempt, `${ROLE_LABELS[actor.role]}无权发起验收检查（由市局发起）`);
      }
      if (kind === 'self_assessment' && actor.role !== 'county_officer') {
        throw await this.access.forbidden(attempt, `${ROLE_LABELS[actor.role]}无权填报自评（由县级专班填报）`);
      }
      if (kind === 'inspection' && request.inspectors.length === 0) {
        throw new ValidationError([{ field: 'inspectors', message: '验收检查至少指定一名检查人员' }]);
      }
      if (kind === 'self_assessment' && request.reinspectionOf) {
        throw new ValidationError([{ field: 'reinspectionOf', message: '自评不能作为复查' }]);
      }
      const settings = await this.inspections.passThresholdHalfPoints(manager, project.programmeId);
      let rubric: RubricRecord | null;
      let itemIds: string[];
      if (request.reinspectionOf) {
        const first = await this.inspections.find(request.reinspectionOf, { manager });
        if (!first || first.projectId !== project.id || first.kind !== 'inspection') {
          throw new ValidationError([{ field: 'reinspectionOf', message: '本项目没有这次验收检查' }]);
        }
        if (first.status !== 'signed') throw new ConflictError('首次检查签字完成后才能复查');
        itemIds = (await this.inspections.rectifications(first.id, manager))
          .filter((rectification) => rectification.status === 'open')
          .map((rectification) => rectification.itemId);
        if (itemIds.length === 0) throw new ConflictError('首次检查没有未完成的整改项，无需复查');
        rubric = await this.rubrics.findById(first.rubricId, manager);
      } else {
        rubric = settings.rubricCode
          ? await this.rubrics.latestByCode(settings.rubricCode, manager)
          : await this.rubrics.latestLoaded(manager);
        itemIds = rubric?.items.map((item) => item.id) ?? [];
      }
      if (!rubric) throw new ConflictError('尚未加载评分标准，不能开始检查');
      const id = uuidv7();
      const inspection = {
        id,
        projectId: project.id,
        rubricId: rubric.id,
        kind,
        reinspectionOf: request.reinspectionOf ?? null,
        date: request.date,
        inspectors: kind === 'inspection' ? [...new Set(request.inspectors)] : [],
        itemIds,
        openedBy: actor.username,
        passThresholdHalfPoints: settings.threshold,
      };
      await this.inspections.insert(manager, inspection);
      await this.audit.recordDone(manager, {
        actor,
        action: attempt.action,
        targetType: 'inspection',
        targetId: id,
        after: { ...inspection, itemIds: undefined, rubricVersion: rubric.version, items: itemIds.length },
      });
      return toInspectionView(await this.state(manager, id, project));
    });
  }

  async list(actor: Actor, projectId: string): Promise<{ items: InspectionSummary[] }> {
    const project = await this.access.project(
      { actor, action: 'inspection.list', targetType: 'project', targetId: projectId },
      projectId,
    );
    const items: InspectionSummary[] = [];
    for (const inspection of await this.inspections.findByProject(projectId)) {
      items.push(toInspectionSummary(await this.state(this.dataSource.manager, inspection.id, project)));
    }
    return { items };
  }

  async get(actor: Actor, inspectionId: string): Promise<InspectionView> {
    const attempt = { actor, action: 'inspection.get', targetType: 'inspection', targetId: inspectionId };
    const { inspection, project } = await this.access.inspection(attempt, inspectionId);
    return toInspectionView(await this.state(this.dataSource.manager, inspection.id, project));
  }

  async putScores(request: PutScoresRequest): Promise<InspectionView> {
    const { actor, inspectionId } = request;
    const attempt = { actor, action: 'inspection.score', targetType: 'inspection', targetId: inspectionId };
    return this.dataSource.transaction(async (manager) => {
      const { inspection, project } = await this.access.inspection(attempt, inspectionId, { manager, lock: true });
      if (
        inspection.kind === 'inspection' &&
        !(actor.role === 'inspector' && inspection.inspectors.includes(actor.username))
      ) {
        const reason =
          actor.role === 'county_officer'
            ? '县级专班不能为验收检查评分（可填报自评）'
            : actor.role === 'inspector'
              ? '您不是本次检查的检查人员'
              : `${ROLE_LABELS[actor.role]}无权为验收检查评分`;
        throw await this.access.forbidden(attempt, reason);
      }
      if (inspection.kind === 'self_assessment' && actor.role !== 'county_officer') {
        throw await this.access.forbidden(attempt, '自评由县级专班填报');
      }
      if (inspection.status !== 'open') throw new ConflictError(readOnlyMessage(inspection));
      const rubric = (await this.rubrics.findById(inspection.rubricId, manager)) as RubricRecord;
      const problems = scoreProblems(rubric, new Set(inspection.itemIds), request.scores);
      if (problems.length > 0) {
        throw new ValidationError(problems, `评分有误：${problems.map((problem) => problem.message).join('；')}`);
      }
      const before = await this.inspections.scores(inspection.id, manager);
      const changes = request.scores.map((score) => ({
        itemId: score.itemId,
        halfPoints: toHalfPoints(score.score),
        note: score.note,
      }));
      await this.inspections.upsertScores(manager, inspection.id, changes, actor.username, this.clock.now());
      await this.inspections.touch(manager, inspection.id);
      const state = await this.state(manager, inspection.id, project);
      await this.audit.recordDone(manager, {
        actor,
        action: attempt.action,
        targetType: 'inspection',
        targetId: inspection.id,
        before: before.filter((score) => changes.some((change) => change.itemId === score.itemId)),
        after: { scores: changes, total: fromHalfPoints(totalsOf(state).totalHalfPoints) },
      });
      return toInspectionView(state);
    });
  }

  /**
   * The inspector named on the inspection signs first (every item it scores must be scored); then the
   * county's officer countersigns the same content. The second signature makes it final: the total is
   * fixed, `passed` set against the threshold copied at opening, and a pass announced.
   */
  async sign(request: SignInspectionRequest): Promise<InspectionView> {
    const { actor, inspectionId, name } = request;
    const attempt = { actor, action: 'inspection.sign', targetType: 'inspection', targetId: inspectionId };
    return this.dataSource.transaction(async (manager) => {
      const { inspection, project } = await this.access.inspection(attempt, inspectionId, { manager, lock: true });
      if (inspection.kind === 'self_assessment') throw new ConflictError('自评不需要签字');
      const isInspector = actor.role === 'inspector' && inspection.inspectors.includes(actor.username);
      const isCounty = actor.role === 'county_officer' && actor.regionCodes.includes(project.regionCode);
      if (!isInspector && !isCounty) {
        throw await this.access.forbidden(attempt, '只有本次检查的检查人员签字、被检查县的县级专班负责人会签');
      }
      if (inspection.status === 'signed') throw new ConflictError(readOnlyMessage(inspection));
      const state = await this.state(manager, inspection.id, project);
      const contentHash = canonicalHash(contentToSign(state));
      const now = this.clock.now();
      if (isInspector) {
        if (inspection.status !== 'open') throw new ConflictError('验收组已签字，待县级专班会签');
        const scored = new Set(state.scores.map((score) => score.itemId));
        const missing = state.rubric.items.filter(
          (item) => inspection.itemIds.includes(item.id) && !scored.has(item.id),
        );
        if (missing.length > 0) {
          throw new ConflictError(
            `尚有 ${missing.length} 项未评分：第 ${missing.map((item) => item.number).join('、')} 项`,
          );
        }
        await this.inspections.insertSignature(manager, inspection.id, {
          side: 'inspector',
          name,
          username: actor.username,
          signedAt: now,
          contentHash,
        });
        await this.inspections.setStatus(manager, inspection.id, { status: 'inspector_signed' });
      } else {
        if (inspection.status !== 'inspector_signed') throw new ConflictError('验收组签字后才能会签');
        const inspectorSignature = state.signatures.find((signature) => signature.side === 'inspector');
        if (inspectorSignature?.contentHash !== contentHash) {
          // Cannot happen while scores are locked after the first signature; refuse rather than sign other content.
          throw new ConflictError('评分内容与验收组签字时不一致，不能会签');
        }
        const totalHalfPoints = totalsOf(state).totalHalfPoints;
        const passed = totalHalfPoints >= inspection.passThresholdHalfPoints;
        await this.inspections.insertSignature(manager, inspection.id, {
          side: 'county',
          name,
          username: actor.username,
          signedAt: now,
          contentHash,
        });
        await this.inspections.setStatus(manager, inspection.id, { status: 'signed', totalHalfPoints, passed });
        if (inspection.reinspectionOf) await this.closeReinspected(manager, actor, inspection, now);
        if (passed) {
          await this.outbox.append(
            manager,
            InspectionPassed,
            {
              projectId: project.id,
              programmeId: project.programmeId,
              regionCode: project.regionCode,
              inspectionId: inspection.id,
              reinspectionOf: inspection.reinspectionOf,
              total: fromHalfPoints(totalHalfPoints),
              maxTotal: fromHalfPoints(state.rubric.totalHalfPoints),
              passThreshold: fromHalfPoints(inspection.passThresholdHalfPoints),
              signedAt: now.toISOString(),
              inspector: {
                username: inspectorSignature.username,
                name: inspectorSignature.name,
                signedAt: inspectorSignature.signedAt.toISOString(),
              },
              countersignedBy: { username: actor.username, name },
              contentHash,
            },
            { aggregateId: inspection.id },
          );
        }
      }
      const after = await this.state(manager, inspection.id, project);
      await this.audit.recordDone(manager, {
        actor,
        action: attempt.action,
        targetType: 'inspection',
        targetId: inspection.id,
        before: { status: inspection.status },
        after: {
          status: after.inspection.status,
          side: isInspector ? 'inspector' : 'county',
          name,
          contentHash,
          total: fromHalfPoints(totalsOf(after).totalHalfPoints),
          passed: after.inspection.passed,
        },
      });
      return toInspectionView(after);
    });
  }

  /** A signed re-inspection closes the first inspection's rectification items it re-scored. */
  private async closeReinspected(
    manager: EntityManager,
    actor: Actor,
    inspection: InspectionRecord,
    now: Date,
  ): Promise<void> {
    const open = (await this.inspections.rectifications(inspection.reinspectionOf as string, manager)).filter(
      (rectification) => rectification.status === 'open' && inspection.itemIds.includes(rectification.itemId),
    );
    for (const rectification of open) {
      const note = `复查（${inspection.id}）已签字`;
      await this.inspections.closeRectification(manager, rectification.id, actor.username, note, now);
      await this.outbox.append(
        manager,
        EvaluationDeadlines.DeadlineCleared,
        { deadlineId: rectification.id, reason: 'done' },
        { aggregateId: rectification.id },
      );
      await this.audit.recordDone(manager, {
        actor,
        action: 'rectification.close',
        targetType: 'rectification',
        targetId: rectification.id,
        before: { status: 'open' },
        after: { status: 'closed', note },
      });
    }
  }

  async state(manager: EntityManager, inspectionId: string, project: ProjectRef): Promise<InspectionState> {
    const inspection = await this.inspections.find(inspectionId, { manager });
    if (!inspection) throw new NotFoundError('验收检查不存在');
    const rubric = (await this.rubrics.findById(inspection.rubricId, manager)) as RubricRecord;
    return {
      inspection,
      project,
      rubric,
      scores: await this.inspections.scores(inspection.id, manager),
      carried: inspection.reinspectionOf ? await this.inspections.scores(inspection.reinspectionOf, manager) : [],
      signatures: await this.inspections.signatures(inspection.id, manager),
      rectifications: await this.inspections.rectifications(inspection.id, manager),
      evidence: await this.inspections.evidence(inspection.id),
    };
  }
}

function readOnlyMessage(inspection: InspectionRecord): string {
  return inspection.status === 'signed' ? '检查已签字，只读，不能修改' : '验收组已签字，评分不能再修改';
}
