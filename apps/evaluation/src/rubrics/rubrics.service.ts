import { NotFoundError, type Actor, type RubricVersionView, type RubricView } from '@duban/contracts';
import { AuditLog, Clock, Transactions } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { canonicalHash } from './canonical-hash.rules';
import { checkRubric } from './rubric-integrity.rules';
import { toRubricVersionView, toRubricView } from './rubric-view';
import { RubricsRepository, type RubricRecord } from './rubrics.repository';

/**
 * Loading and reading rubrics. A definition is checked (sums close) before anything is stored; loading
 * the same content again changes nothing; different content under the same code is a new version, so an
 * inspection that used a version keeps exactly what it was scored on.
 */
@Injectable()
export class RubricsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly rubrics: RubricsRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** Returns the stored version and whether it was added now. */
  async load(input: unknown, loadedBy: string): Promise<{ rubric: RubricRecord; added: boolean }> {
    const definition = checkRubric(input);
    const contentHash = canonicalHash(definition);
    return this.transactions.run(async (tx) => {
      await this.rubrics.lockCode(tx, definition.code);
      const latest = await this.rubrics.latestByCode(tx, definition.code);
      if (latest?.contentHash === contentHash) return { rubric: latest, added: false };
      const version = (latest?.version ?? 0) + 1;
      const rubric = await this.rubrics.insertVersion(tx, definition, version, contentHash, this.clock.now());
      await this.audit.recordDone(tx, {
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
    const rubric = await this.rubrics.findById(this.transactions.none, rubricId);
    if (!rubric) throw new NotFoundError('评分标准不存在');
    return toRubricView(rubric);
  }

  /** Every loaded version (a rubric is never edited: a change is a new version), newest first. */
  async list(): Promise<{ items: RubricVersionView[] }> {
    const rubrics = await this.rubrics.all(this.transactions.none);
    return { items: rubrics.map(toRubricVersionView) };
  }
}
