import { FUNDING_SOURCES, type FundingSource } from '@duban/contracts';
import type { Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';

/** What one source puts into a programme in total (附件4's column totals), in fen. */
export interface ProgrammeBudget {
  /** The programme's stable code in the projects service, e.g. 'shanxi-2023-gig-markets'. */
  readonly programmeCode: string;
  readonly source: FundingSource;
  readonly amountFen: bigint;
}

/** Columns as records; the amount comes as text (bigint), read back as BigInt. */
const BUDGET = `programme_code AS "programmeCode", source, amount_fen AS "amountFen"`;

/**
 * Programme budgets (`funding.programme_budget`, its one owner). `pg` returns bigint as text: amounts are
 * read back as BigInt and written as text, never through a double.
 */
@Injectable()
export class ProgrammeBudgetsRepository {
  /** The programme's budget lines, in the order of FUNDING_SOURCES (province first, as in 附件4). */
  async findByProgramme(tx: Tx, programmeCode: string): Promise<ProgrammeBudget[]> {
    const rows: (Omit<ProgrammeBudget, 'amountFen'> & { amountFen: string })[] = await tx.query(
      `SELECT ${BUDGET} FROM funding.programme_budget
        WHERE programme_code = $1 ORDER BY array_position($2::text[], source)`,
      [programmeCode, FUNDING_SOURCES],
    );
    return rows.map((row) => ({ ...row, amountFen: BigInt(row.amountFen) }));
  }

  /**
   * Inserts the budget lines that are not there yet, in one statement, and leaves existing ones as they
   * are: a budget someone has since changed is not reset. Returns how many rows were inserted.
   */
  async insertMissing(tx: Tx, budgets: readonly ProgrammeBudget[]): Promise<number> {
    if (budgets.length === 0) return 0;
    const inserted: unknown[] = await tx.query(
      `INSERT INTO funding.programme_budget (programme_code, source, amount_fen)
       SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
       ON CONFLICT DO NOTHING RETURNING source`,
      [
        budgets.map((budget) => budget.programmeCode),
        budgets.map((budget) => budget.source),
        budgets.map((budget) => budget.amountFen.toString()),
      ],
    );
    return inserted.length;
  }

  /** Sets one budget line (insert or replace), in the caller's transaction. */
  async upsert(tx: Tx, budget: ProgrammeBudget): Promise<void> {
    await tx.query(
      `INSERT INTO funding.programme_budget (programme_code, source, amount_fen) VALUES ($1, $2, $3)
       ON CONFLICT (programme_code, source) DO UPDATE SET amount_fen = EXCLUDED.amount_fen`,
      [budget.programmeCode, budget.source, budget.amountFen.toString()],
    );
  }
}
