import {
  inScope,
  NotFoundError,
  ROLE_LABELS,
  ValidationError,
  type Actor,
  type EvaluationSettingsView,
  type PutEvaluationSettingsRequest,
} from '@duban/contracts';
import { Access, AuditLog, Clock, Transactions, type Attempt, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { ProgrammeWrites } from '../programme-state/programme-writes.service';
import { fromHalfPoints, toHalfPoints } from '../rubrics/rubric-integrity.rules';
import { RubricsRepository, type RubricRecord } from '../rubrics/rubrics.repository';
import { toSettingsView } from './settings-view';
import { SettingsRepository, type SettingsRecord } from './settings.repository';

const PROGRAMME_NOT_FOUND = '计划不存在';

/**
 * A programme's acceptance settings: the passing threshold and an optional pinned rubric. Read and changed
 * by the province admin only; a change is audited with its before and after, and applies to inspections
 * opened afterwards (each inspection keeps the threshold it opened with).
 */
@Injectable()
export class SettingsService {
  constructor(
    private readonly writes: ProgrammeWrites,
    private readonly transactions: Transactions,
    private readonly settings: SettingsRepository,
    private readonly rubrics: RubricsRepository,
    private readonly access: Access,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async get(actor: Actor, programmeId: string): Promise<EvaluationSettingsView> {
    const attempt = { actor, action: 'settings.get', targetType: 'programme', targetId: programmeId };
    const tx = this.transactions.none;
    const settings = await this.load(attempt, tx, programmeId, false);
    return toSettingsView(settings, await this.effectiveRubric(tx, settings.rubricCode));
  }

  async put(request: PutEvaluationSettingsRequest): Promise<EvaluationSettingsView> {
    const { actor, programmeId } = request;
    const attempt = { actor, action: 'settings.put', targetType: 'programme', targetId: programmeId };
    return this.transactions.runAndAnswer(async (tx) => {
      const before = await this.load(attempt, tx, programmeId, true);
      await this.writes.requireOpen(tx, programmeId);
      const rubric = await this.effectiveRubric(tx, request.rubricCode);
      if (request.rubricCode !== null && !rubric) {
        throw new ValidationError([{ field: 'rubricCode', message: `没有编码为 ${request.rubricCode} 的评分标准` }]);
      }
      const threshold = toHalfPoints(request.passThreshold);
      if (rubric && threshold > rubric.totalHalfPoints) {
        throw new ValidationError([
          {
            field: 'passThreshold',
            message: `合格线 ${request.passThreshold} 分超过评分标准总分 ${fromHalfPoints(rubric.totalHalfPoints)} 分`,
          },
        ]);
      }
      const after = await this.settings.update(
        tx,
        programmeId,
        { passThresholdHalfPoints: threshold, rubricCode: request.rubricCode },
        this.clock.now(),
      );
      await this.audit.recordDone(tx, {
        actor,
        action: attempt.action,
        targetType: 'programme',
        targetId: programmeId,
        before: { passThreshold: fromHalfPoints(before.passThresholdHalfPoints), rubricCode: before.rubricCode },
        after: { passThreshold: request.passThreshold, rubricCode: request.rubricCode },
      });
      return toSettingsView(after, rubric);
    });
  }

  /** The settings, once the caller may see them: province admin, a project of the programme in its scope. */
  private async load(attempt: Attempt, tx: Tx, programmeId: string, lock: boolean): Promise<SettingsRecord> {
    const { actor } = attempt;
    await this.access.requireRole(
      attempt,
      ['province_admin'],
      `${ROLE_LABELS[actor.role]}无权查看或修改验收设置（由省级管理员设置）`,
    );
    const settings = await this.settings.find(tx, programmeId, { lock });
    if (!settings) throw new NotFoundError(PROGRAMME_NOT_FOUND);
    const paths = await this.settings.projectRegionPaths(tx, programmeId);
    if (!paths.some((path) => inScope(actor, path))) throw await this.access.outOfScope(attempt, PROGRAMME_NOT_FOUND);
    return settings;
  }

  private effectiveRubric(tx: Tx, rubricCode: string | null): Promise<RubricRecord | null> {
    return rubricCode ? this.rubrics.latestByCode(tx, rubricCode) : this.rubrics.latestLoaded(tx);
  }
}
