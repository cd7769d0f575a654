import { NotFoundError, type Actor, type RubricView } from '@duban/contracts';
import { AuditLog } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { canonicalHash } from '../common/canonical-hash';
import { checkRubric } from './rubric-integrity';
import { RubricsRepository, sectionsOf, type RubricRecord } from './rubrics.repository';
import { fromHalfPoints } from './rubric-integrity';

/**
 * Loading and reading rubrics. A definition is checked (sums close) before anything is stored; loading
 * the same content again changes nothing; different content under the same code is a new version, so an
 * inspection that used a version keeps exactly what it was scored on.
 */
@Injectable()
export class RubricsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rubrics: RubricsRepository,
    private readonly audit: AuditLog,
  ) {}

  /** Returns the stored version and whether it was added now. */
  async load(input: unknown, loadedBy: string): Promise<{ rubric: RubricRecord; added: boolean }> {
    const definition = checkRubric(input);
    const contentHash = canonicalHash(definition);
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`duban:evaluation:rubric:${definition.code}`]);
      const latest = await this.rubrics.latestByCode(definition.code, manager);
      if (latest?.contentHash === contentHash) return { rubric: latest, added: false };
      const rubric = await this.rubrics.insertVersion(manager, definition, (latest?.version ?? 0) + 1, contentHash);
      await this.audit.recordDone(manager, {
        actor: { userId: 'system', username: loadedBy, role: 'province_admin' },
        action: 'rubric.load',
        targetType: 'rubric',
        targetId: rubric.id,
        after: { code: rubric.code, version: rubric.version, contentHash },
      });
      return { rubric, added: true };
    });
  }

  async get(_actor: Actor, rubricId: string): Promise<RubricView> {
    const rubric = await this.rubrics.findById(rubricId);
    if (!rubric) throw new NotFoundError('评分标准不存在');
    return toRubricView(rubric);
  }
}

export function toRubricView(rubric: RubricRecord): RubricView {
  return {
    id: rubric.id,
    code: rubric.code,
    version: rubric.version,
    title: rubric.title,
    total: fromHalfPoints(rubric.totalHalfPoints),
    sections: sectionsOf(rubric).map((section) => ({
      title: section.title,
      points: fromHalfPoints(section.halfPoints),
      items: section.items.map((item) => ({
        id: item.id,
        number: item.number,
        text: item.text,
        maxPoints: fromHalfPoints(item.maxHalfPoints),
        remarks: item.remarks,
      })),
    })),
    contentHash: rubric.contentHash,
    createdAt: rubric.createdAt.toISOString(),
  };
}
