import {
  ConflictError,
  FUNDING_SOURCE_LABELS,
  NotFoundError,
  fenToWan,
  wanToFen,
  type BudgetLine,
  type GetProgrammeBudgetRequest,
  type ProgrammeBudgetView,
  type SetProgrammeBudgetRequest,
} from '@duban/contracts';
import { AuditLog, Transactions, type Attempt, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { ALLOCATORS, FUNDING_READERS, FundingAccess } from '../access/funding-access.service';
import { LedgerRepository } from '../ledger/ledger.repository';
import { ProgrammeRules } from '../project-refs/programme-rules.service';
import { budgetLineView } from './programme-budget-view';
import { ProgrammeBudgetsRepository } from './programme-budgets.repository';

const NOT_FOUND = '该计划没有资金预算或不在您的权限范围内';

/**
 * A programme's budget per source (附件4's column totals). The province sets it; it may never fall below
 * what the source has already allocated to counties (409 with both amounts). The change, its check against
 * the allocations and its audit row (before/after) are one transaction, holding the programme's money lock,
 * so no allocation can slip in between the check and the write. Scope: see FundingAccess.programme.
 */
@Injectable()
export class ProgrammeBudgetsService {
  constructor(
    private readonly budgets: ProgrammeBudgetsRepository,
    private readonly ledger: LedgerRepository,
    private readonly access: FundingAccess,
    private readonly programmeRules: ProgrammeRules,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
  ) {}

  async get({ actor, programme }: GetProgrammeBudgetRequest): Promise<ProgrammeBudgetView> {
    const attempt: Attempt = { actor, action: 'budget.get', targetType: 'programme_budget', targetId: programme };
    const { known } = await this.access.programme(attempt, programme);
    await this.access.requireRole(attempt, FUNDING_READERS, '查看资金预算');
    const lines = await this.lines(this.transactions.none, programme);
    if (lines.length === 0 && !known) throw new NotFoundError(NOT_FOUND);
    return { programmeCode: programme, lines };
  }

  async set({ actor, programmeCode, budgets }: SetProgrammeBudgetRequest): Promise<ProgrammeBudgetView> {
    const attempt: Attempt = { actor, action: 'budget.set', targetType: 'programme_budget', targetId: programmeCode };
    await this.access.programme(attempt, programmeCode);
    await this.access.requireRole(attempt, ALLOCATORS, '设定资金预算（由省级设定）');
    return this.audit.refusalsAudited(attempt, () =>
      this.transactions.runAndAnswer(async (tx) => {
        await this.ledger.lockProgrammeMoney(tx, programmeCode);
        await this.programmeRules.requireOpenByCode(tx, programmeCode);
        const before = await this.lines(tx, programmeCode);
        for (const line of budgets) {
          const amountFen = wanToFen(line.amountWan);
          const allocated = await this.ledger.allocatedInProgramme(tx, programmeCode, line.source);
          if (amountFen < allocated) {
            const previous = before.find((b) => b.source === line.source)?.budgetWan;
            throw new ConflictError(
              `${FUNDING_SOURCE_LABELS[line.source]}预算 ${fenToWan(amountFen)}万元 低于已分配给各县的 ` +
                `${fenToWan(allocated)}万元（原预算 ${previous === undefined ? '未设定' : `${previous}万元`}；` +
                `须先减少各县分配 ${fenToWan(allocated - amountFen)}万元）`,
            );
          }
          await this.budgets.upsert(tx, { programmeCode, source: line.source, amountFen });
        }
        const after = await this.lines(tx, programmeCode);
        await this.audit.recordDone(tx, { ...attempt, before, after });
        return { programmeCode, lines: after };
      }),
    );
  }

  /** The programme's budget lines with what is allocated of each and what remains; the rollup shows them too. */
  async lines(tx: Tx, programmeCode: string): Promise<BudgetLine[]> {
    const lines: BudgetLine[] = [];
    // One query at a time: inside a transaction the Tx is a single connection.
    for (const budget of await this.budgets.findByProgramme(tx, programmeCode)) {
      lines.push(budgetLineView(budget, await this.ledger.allocatedInProgramme(tx, programmeCode, budget.source)));
    }
    return lines;
  }
}
