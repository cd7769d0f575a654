import {
  ConflictError,
  EvaluationDeadlines,
  InspectionPassed,
  InspectionScored,
  NotFoundError,
  ROLE_LABELS,
  ValidationError,
  type Actor,
  type CancelInspectionRequest,
  type InspectionSummary,
  type InspectionView,
  type OpenInspectionRequest,
  type PutScoresRequest,
  type SignInspectionRequest,
} from '@duban/contracts';
import { Access, AuditLog, Clock, Outbox, Transactions, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import type { ProjectRef } from '../project-refs/project-refs.repository';
import { canonicalHash } from '../rubrics/canonical-hash.rules';
import { fromHalfPoints, toHalfPoints } from '../rubrics/rubric-integrity.rules';
import { RubricsRepository, type RubricRecord } from '../rubrics/rubrics.repository';
import { DEFAULT_PASS_THRESHOLD_HALF_POINTS, SettingsRepository } from '../settings/settings.repository';
import { InspectionAccess } from './inspection-access.service';
import { toInspectionSummary, toInspectionView } from './inspection-view';
import { InspectionsRepository, type InspectionRecord, type RectificationRecord } from './inspections.repository';
import { contentToSign, isNamedInspector, scoreProblems, totalsOf, type InspectionState } from './scoring.rules';

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
    private readonly transactions: Transactions,
    private readonly access: Access,
    private readonly load: InspectionAccess,
    private readonly inspections: InspectionsRepository,
    private readonly rubrics: RubricsRepository,
    private readonly settings: SettingsRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async open(request: OpenInspectionRequest): Promise<InspectionView> {
    const { actor, projectId, kind } = request;
    const attempt = { actor, action: 'inspection.open', targetType: 'project', targetId: projectId };
    return this.transactions.runAndAnswer(async (tx) => {
      const project = await this.load.project(attempt, tx, projectId, { write: true });
      if (kind === 'inspection') {
        await this.access.requireRole(
          attempt,
          INSPECTION_OPENERS,
          `${ROLE_LABELS[actor.role]}无权发起验收检查（由市局发起）`,
        );
      } else {
        await this.access.requireRole(
          attempt,
          ['county_officer'],
          `${ROLE_LABELS[actor.role]}无权填报自评（由县级专班填报）`,
        );
      }
      if (kind === 'inspection' && request.inspectors.length === 0) {
        throw new ValidationError([{ field: 'inspectors', message: '验收检查至少指定一名检查人员' }]);
      }
      if (kind === 'self_assessment' && request.reinspectionOf) {
        throw new ValidationError([{ field: 'reinspectionOf', message: '自评不能作为复查' }]);
      }
      const settings = await this.settings.find(tx, project.programmeId);
      let rubric: RubricRecord | null;
      let itemIds: string[];
      if (request.reinspectionOf) {
        const first = await this.inspections.find(tx, request.reinspectionOf);
        if (!first || first.projectId !== project.id || first.kind !== 'inspection') {
          throw new ValidationError([{ field: 'reinspectionOf', message: '本项目没有这次验收检查' }]);
        }
        if (first.status !== 'signed') throw new ConflictError('首次检查签字完成后才能复查');
        itemIds = (await this.inspections.rectifications(tx, first.id))
          .filter((rectification) => rectification.status === 'open')
          .map((rectification) => rectification.itemId);
        if (itemIds.length === 0) throw new ConflictError('首次检查没有未完成的整改项，无需复查');
        rubric = await this.rubrics.findById(tx, first.rubricId);
      } else {
        rubric = settings?.rubricCode
          ? await this.rubrics.latestByCode(tx, settings.rubricCode)
          : await this.rubrics.latestLoaded(tx);
        itemIds = rubric?.items.map((item) => item.id) ?? [];
      }
      if (!rubric) throw new ConflictError('尚未加载评分标准，不能开始检查');
      const id = uuidv7();
      const inspectors = kind === 'inspection' ? [...new Set(request.inspectors)] : [];
      const inspection = {
        id,
        projectId: project.id,
        rubricId: rubric.id,
        kind,
        reinspectionOf: request.reinspectionOf ?? null,
        date: request.date,
        inspectors,
        inspectorNames: Object.fromEntries(
          inspectors.flatMap((username) => {
            const name = request.inspectorNames?.[username];
            return name ? [[username, name]] : [];
          }),
        ),
        itemIds,
        openedBy: actor.username,
        // The default (60 of 100 points) when a programme has no settings yet.
        passThresholdHalfPoints: settings?.passThresholdHalfPoints ?? DEFAULT_PASS_THRESHOLD_HALF_POINTS,
      };
      await this.inspections.insert(tx, inspection, this.clock.now());
      await this.audit.recordDone(tx, {
        actor,
        action: attempt.action,
        targetType: 'inspection',
        targetId: id,
        regionCode: project.regionCode,
        after: { ...inspection, itemIds: undefined, rubricVersion: rubric.version, items: itemIds.length },
      });
      return toInspectionView(await this.state(tx, id, project));
    });
  }

  async list(actor: Actor, projectId: string): Promise<{ items: InspectionSummary[] }> {
    const tx = this.transactions.none;
    const attempt = { actor, action: 'inspection.list', targetType: 'project', targetId: projectId };
    const project = await this.load.project(attempt, tx, projectId);
    const items: InspectionSummary[] = [];
    for (const inspection of await this.inspections.findByProject(tx, projectId)) {
      items.push(toInspectionSummary(await this.state(tx, inspection.id, project)));
    }
    return { items };
  }

  async get(actor: Actor, inspectionId: string): Promise<InspectionView> {
    const tx = this.transactions.none;
    const attempt = { actor, action: 'inspection.get', targetType: 'inspection', targetId: inspectionId };
    const { inspection, project } = await this.load.inspection(attempt, tx, inspectionId);
    return toInspectionView(await this.state(tx, inspection.id, project));
  }

  async putScores(request: PutScoresRequest): Promise<InspectionView> {
    const { actor, inspectionId } = request;
    const attempt = { actor, action: 'inspection.score', targetType: 'inspection', targetId: inspectionId };
    return this.transactions.runAndAnswer(async (tx) => {
      const { inspection, project } = await this.load.inspection(attempt, tx, inspectionId, {
        lock: true,
        write: true,
      });
      if (inspection.kind === 'inspection') {
        const reason =
          actor.role === 'county_officer'
            ? '县级专班不能为验收检查评分（可填报自评）'
            : actor.role === 'inspector'
              ? '您不是本次检查的检查人员'
              : `${ROLE_LABELS[actor.role]}无权为验收检查评分`;
        await this.access.requireRole(attempt, isNamedInspector(actor, inspection), reason);
      } else {
        await this.access.requireRole(attempt, ['county_officer'], '自评由县级专班填报');
      }
      if (inspection.status !== 'open') throw new ConflictError(readOnlyMessage(inspection));
      const rubric = (await this.rubrics.findById(tx, inspection.rubricId)) as RubricRecord;
      const problems = scoreProblems(rubric, new Set(inspection.itemIds), request.scores);
      if (problems.length > 0) {
        throw new ValidationError(problems, `评分有误：${problems.map((problem) => problem.message).join('；')}`);
      }
      const before = await this.inspections.scores(tx, inspection.id);
      const changes = request.scores.map((score) => ({
        itemId: score.itemId,
        halfPoints: toHalfPoints(score.score),
        note: score.note,
      }));
      const now = this.clock.now();
      await this.inspections.upsertScores(tx, inspection.id, changes, actor.username, now);
      await this.inspections.touch(tx, inspection.id, now);
      // Others with the sheet open (a second inspector, the county, the city) see the scores without a reload.
      await this.outbox.append(
        tx,
        InspectionScored,
        {
          projectId: project.id,
          regionCode: project.regionCode,
          cityRegionCode: project.cityRegionCode,
          inspectionId: inspection.id,
          itemIds: changes.map((change) => change.itemId),
          scoredBy: actor.username,
          scoredAt: now.toISOString(),
        },
        { aggregateId: inspection.id, occurredAt: now },
      );
      const state = await this.state(tx, inspection.id, project);
      await this.audit.recordDone(tx, {
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
    return this.transactions.runAndAnswer(async (tx) => {
      const { inspection, project } = await this.load.inspection(attempt, tx, inspectionId, {
        lock: true,
        write: true,
      });
      if (inspection.kind === 'self_assessment') throw new ConflictError('自评不需要签字');
      const isInspector = isNamedInspector(actor, inspection);
      const isCounty = actor.role === 'county_officer' && actor.regionCodes.includes(project.regionCode);
      await this.access.requireRole(
        attempt,
        isInspector || isCounty,
        '只有本次检查的检查人员签字、被检查县的县级专班负责人会签',
      );
      if (inspection.status === 'signed' || inspection.status === 'cancelled') {
        throw new ConflictError(readOnlyMessage(inspection));
      }
      const state = await this.state(tx, inspection.id, project);
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
        await this.inspections.insertSignature(tx, inspection.id, {
          side: 'inspector',
          name,
          username: actor.username,
          signedAt: now,
          contentHash,
        });
        await this.inspections.setStatus(tx, inspection.id, { status: 'inspector_signed' }, now);
      } else {
        if (inspection.status !== 'inspector_signed') throw new ConflictError('验收组签字后才能会签');
        const inspectorSignature = state.signatures.find((signature) => signature.side === 'inspector');
        if (inspectorSignature?.contentHash !== contentHash) {
          // Cannot happen while scores are locked after the first signature; refuse rather than sign other content.
          throw new ConflictError('评分内容与验收组签字时不一致，不能会签');
        }
        const totalHalfPoints = totalsOf(state).totalHalfPoints;
        const passed = totalHalfPoints >= inspection.passThresholdHalfPoints;
        await this.inspections.insertSignature(tx, inspection.id, {
          side: 'county',
          name,
          username: actor.username,
          signedAt: now,
          contentHash,
        });
        await this.inspections.setStatus(tx, inspection.id, { status: 'signed', totalHalfPoints, passed }, now);
        if (inspection.reinspectionOf) await this.closeReinspected(tx, actor, inspection, now);
        if (passed) {
          await this.outbox.append(
            tx,
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
      const after = await this.state(tx, inspection.id, project);
      await this.audit.recordDone(tx, {
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

  /**
   * Withdraws an inspection opened by mistake (the city or the province, in scope), while nobody has signed
   * it: it stays, read-only, with who withdrew it and why. Rectification items, the only deadlines an
   * inspection has, are set after signing, so a withdrawn inspection has none to clear; a signed one is 409.
   */
  async cancel(request: CancelInspectionRequest): Promise<InspectionView> {
    const { actor, inspectionId, reason } = request;
    const attempt = { actor, action: 'inspection.cancel', targetType: 'inspection', targetId: inspectionId };
    return this.audit.refusalsAudited(attempt, () =>
      this.transactions.runAndAnswer(async (tx) => {
        const { inspection, project } = await this.load.inspection(attempt, tx, inspectionId, { lock: true });
        await this.access.requireRole(
          attempt,
          INSPECTION_OPENERS,
          `${ROLE_LABELS[actor.role]}无权撤销验收检查（由市局或省级撤销）`,
        );
        if (inspection.kind === 'self_assessment') throw new ConflictError('自评不能撤销');
        if (inspection.status === 'cancelled') throw new ConflictError('该验收检查已撤销');
        if (inspection.status !== 'open') throw new ConflictError('验收检查已签字，不能撤销');
        const now = this.clock.now();
        await this.inspections.cancel(
          tx,
          inspection.id,
          { username: actor.username, name: actor.displayName, reason },
          now,
        );
        await this.audit.recordDone(tx, {
          actor,
          action: attempt.action,
          targetType: 'inspection',
          targetId: inspection.id,
          regionCode: project.regionCode,
          before: { status: inspection.status, date: inspection.date, inspectors: inspection.inspectors },
          after: { status: 'cancelled', reason },
        });
        return toInspectionView(await this.state(tx, inspection.id, project));
      }),
    );
  }

  /**
   * Closes an open rectification: its deadline is cleared for the notifications service, and the closing
   * is audited, all in `tx`.
   */
  async closeRectification(
    tx: Tx,
    actor: Actor,
    rectification: RectificationRecord,
    note: string,
    at: Date,
  ): Promise<void> {
    await this.inspections.closeRectification(tx, rectification.id, actor.username, note, at);
    await this.outbox.append(
      tx,
      EvaluationDeadlines.DeadlineCleared,
      { deadlineId: rectification.id, reason: 'done' },
      { aggregateId: rectification.id },
    );
    await this.audit.recordDone(tx, {
      actor,
      action: 'rectification.close',
      targetType: 'rectification',
      targetId: rectification.id,
      before: { status: 'open' },
      after: { status: 'closed', note },
    });
  }

  /** A signed re-inspection closes the first inspection's rectification items it re-scored. */
  private async closeReinspected(tx: Tx, actor: Actor, inspection: InspectionRecord, now: Date): Promise<void> {
    const open = (await this.inspections.rectifications(tx, inspection.reinspectionOf as string)).filter(
      (rectification) => rectification.status === 'open' && inspection.itemIds.includes(rectification.itemId),
    );
    for (const rectification of open) {
      await this.closeRectification(tx, actor, rectification, `复查（${inspection.id}）已签字`, now);
    }
  }

  /** Everything the inspection's view and signature are built from, read through `tx`. */
  async state(tx: Tx, inspectionId: string, project: ProjectRef): Promise<InspectionState> {
    const inspection = await this.inspections.find(tx, inspectionId);
    if (!inspection) throw new NotFoundError('验收检查不存在');
    const rubric = (await this.rubrics.findById(tx, inspection.rubricId)) as RubricRecord;
    return {
      inspection,
      project,
      rubric,
      scores: await this.inspections.scores(tx, inspection.id),
      carried: inspection.reinspectionOf ? await this.inspections.scores(tx, inspection.reinspectionOf) : [],
      signatures: await this.inspections.signatures(tx, inspection.id),
      rectifications: await this.inspections.rectifications(tx, inspection.id),
      evidence: await this.inspections.evidence(tx, inspection.id),
    };
  }
}

function readOnlyMessage(inspection: InspectionRecord): string {
  if (inspection.status === 'cancelled') return '该验收检查已撤销，不能修改';
  return inspection.status === 'signed' ? '检查已签字，只读，不能修改' : '验收组已签字，评分不能再修改';
}
