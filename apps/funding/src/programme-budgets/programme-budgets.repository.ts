import { FUNDING_SOURCES } from '@duban/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ProgrammeBudget } from './programme-budget.entity';

@Injectable()
export class ProgrammeBudgetsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The programme's budget lines, in the order of FUNDING_SOURCES (province first, as in 附件4). */
  async findByProgramme(
    programmeCode: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ProgrammeBudget[]> {
    const rows = await manager.getRepository(ProgrammeBudget).findBy({ programmeCode });
    return rows.sort((a, b) => FUNDING_SOURCES.indexOf(a.source) - FUNDING_SOURCES.indexOf(b.source));
  }

  /**
   * Inserts the budget lines that are not there yet, in one statement, and leaves existing ones as they
   * are: a budget someone has since changed is not reset. Returns how many rows were inserted.
   */
  async insertMissing(budgets: readonly ProgrammeBudget[]): Promise<number> {
    if (budgets.length === 0) return 0;
    const result = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(ProgrammeBudget)
      .values([...budgets])
      .orIgnore()
      .returning('source')
      .execute();
    return (result.raw as unknown[]).length;
  }

  /** Sets one budget line (insert or replace), in the caller's transaction. */
  async upsert(manager: EntityManager, budget: ProgrammeBudget): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(ProgrammeBudget)
      .values(budget)
      .orUpdate(['amount_fen'], ['programme_code', 'source'])
      .execute();
  }
}
