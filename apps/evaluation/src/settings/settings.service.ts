import {
  NotFoundError,
  ROLE_LABELS,
  ValidationError,
  type Actor,
  type EvaluationSettingsView,
  type PutEvaluationSettingsRequest,
} from '@duban/contracts';
import { AuditLog, modifiedRows } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { fromHalfPoints, toHalfPoints } from '../rubrics/rubric-integrity';
import { RubricsRepository, type RubricRecord } from '../rubrics/rubrics.repository';
import { EvaluationAccess, type Attempt } from '../scope/evaluation-access';

const PROGRAMME_NOT_FOUND = '计划不存在';

interface SettingsRow {
  programme_id: string;
  programme_code: string;
  pass_threshold_half_points: number;
  rubric_code: string | null;
  updated_at: Date;
}

/**
 * A programme's acceptance settings: the passing threshold and an optional pinned rubric. Read and changed
 * by the province admin only; a change is audited with its before and after, and applies to inspections
 * opened afterwards (each inspection keeps the threshold it opened with).
 */
@Injectable()
export class SettingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rubrics: RubricsRepository,
    private readonly access: EvaluationAccess,
    private readonly audit: AuditLog,
  ) {}

  async get(actor: Actor, programmeId: string): Promise<EvaluationSettingsView> {
    const attempt = { actor, action: 'settings.get', targetType: 'programme', targetId: programmeId };
    const row = await this.load(attempt, programmeId, this.dataSource.manager, false);
    return this.view(row, await this.effectiveRubric(this.dataSource.manager, row.rubric_code));
  }

  async put(request: PutEvaluationSettingsRequest): Promise<EvaluationSettingsView> {
    const { actor, programmeId } = request;
    const attempt = { actor, action: 'settings.put', targetType: 'programme', targetId: programmeId };
    return this.dataSource.transaction(async (manager) => {
      const before = await this.load(attempt, programmeId, manager, true);
      const rubric = await this.effectiveRubric(manager, request.rubricCode);
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
      const [row] = await modifiedRows<SettingsRow>(
        manager,
        `UPDATE evaluation.programme_settings
            SET pass_threshold_half_points = $2, rubric_code = $3, updated_at = now()
          WHERE programme_id = $1
        RETURNING programme_id, programme_code, pass_threshold_half_points, rubric_code, updated_at`,
        [programmeId, threshold, request.rubricCode],
      );
      await this.audit.recordDone(manager, {
        actor,
        action: attempt.action,
        targetType: 'programme',
        targetId: programmeId,
        before: { passThreshold: fromHalfPoints(before.pass_threshold_half_points), rubricCode: before.rubric_code },
        after: { passThreshold: request.passThreshold, rubricCode: request.rubricCode },
      });
      return this.view(row, rubric);
    });
  }

  /** The settings row, once the caller may see it: province admin, the programme within its regions. */
  private async load(
    attempt: Attempt,
    programmeId: string,
    manager: EntityManager,
    lock: boolean,
  ): Promise<SettingsRow> {
    const { actor } = attempt;
    if (actor.role !== 'province_admin') {
      throw await this.access.forbidden(
        attempt,
        `${ROLE_LABELS[actor.role]}无权查看或修改验收设置（由省级管理员设置）`,
      );
    }
    const rows: SettingsRow[] = await manager.query(
      `SELECT programme_id, programme_code, pass_threshold_half_points, rubric_code, updated_at
         FROM evaluation.programme_settings WHERE programme_id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [programmeId],
    );
    const row = rows[0];
    if (!row) throw new NotFoundError(PROGRAMME_NOT_FOUND);
    const inScope: unknown[] = await manager.query(
      `SELECT 1 FROM evaluation.project
        WHERE programme_id = $1
          AND (region_code = ANY($2) OR city_region_code = ANY($2) OR province_region_code = ANY($2))
        LIMIT 1`,
      [programmeId, actor.regionCodes],
    );
    if (inScope.length === 0) throw await this.access.outOfScope(attempt, PROGRAMME_NOT_FOUND);
    return row;
  }

  private effectiveRubric(manager: EntityManager, rubricCode: string | null): Promise<RubricRecord | null> {
    return rubricCode ? this.rubrics.latestByCode(rubricCode, manager) : this.rubrics.latestLoaded(manager);
  }

  private view(row: SettingsRow, rubric: RubricRecord | null): EvaluationSettingsView {
    return {
      programmeId: row.programme_id,
      programmeCode: row.programme_code,
      passThreshold: fromHalfPoints(row.pass_threshold_half_points),
      rubricCode: row.rubric_code,
      rubric: rubric
        ? {
            id: rubric.id,
            code: rubric.code,
            version: rubric.version,
            title: rubric.title,
            total: fromHalfPoints(rubric.totalHalfPoints),
          }
        : null,
      updatedAt: new Date(row.updated_at).toISOString(),
    };
  }
}
