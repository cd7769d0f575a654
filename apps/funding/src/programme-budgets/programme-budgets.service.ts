import {
  ConflictError,
  FUNDING_SOURCE_LABELS,
  NotFoundError,
  fenToWan,
  wanToFen,
  type Actor,
  type GetProgrammeBudgetRequest,
  type ProgrammeBudgetView,
  type SetProgrammeBudgetRequest,
} from '@duban/contracts';
import { AuditLog, type AuditRecord } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ALLOCATORS, FUNDING_READERS, FundingAccess } from '../access/funding-access';
import { refusedIsAudited } from '../access/refused-is-audited';
import { LedgerRepository } from '../ledger/ledger.repository';
import { FundingProjectsRepository } from '../projects/funding-projects.repository';
import { ProgrammeBudgetsRepository } from './programme-budgets.repository';

const NOT_FOUND = '该计划没有资金预算或不在您的权限范围内';

/**
 * A programme's budget per source (附件4's column totals). The province sets it; it may never fall below
 * what the source has already allocated to counties (409 with both amounts). The change, its check against
 * the allocations and its audit row (before/after) are one transaction, holding the programme's money lock,
 * so no allocation can slip in between the check and the write.
 *
 * Scope: a programme is seen by those whose regions contain one of its counties, cities or province. A
 * programme funding has not heard of any project of yet (a budget set before the projects exist) is the
 * province admin's alone.
 */
@Injectable()
export class ProgrammeBudgetsService {
  constructor(
    private readonly budgets: ProgrammeBudgetsRepository,
    private readonly ledger: LedgerRepository,
    private readonly projects: FundingProjectsRepository,
    private readonly access: FundingAccess,
    private readonly audit: AuditLog,
  ) {}

  async get({ actor, programme }: GetProgrammeBudgetRequest): Promise<ProgrammeBudgetView> {
    const attempt: AuditRecord = { actor, action: 'budget.get', targetType: 'programme_budget', targetId: programme };
    const known = await this.inScope(actor, programme, attempt);
    await this.access.requireRole(actor, FUNDING_READERS, attempt, '查看资金预算');
    const view = await this.view(this.ledger.reader, programme);
    if (view.lines.length === 0 && !known) throw new NotFoundError(NOT_FOUND);
    return view;
  }

  async set({ actor, programmeCode, budgets }: SetProgrammeBudgetRequest): Promise<ProgrammeBudgetView> {
    const attempt: AuditRecord = {
      actor,
      action: 'budget.set',
      targetType: 'programme_budget',
      targetId: programmeCode,
    };
    await this.inScope(actor, programmeCode, attempt);
    await this.access.requireRole(actor, ALLOCATORS, attempt, '设定资金预算（由省级设定）');
    return refusedIsAudited(this.audit, attempt, () =>
      this.ledger.inTransaction(async (manager) => {
        await this.ledger.lockProgrammeMoney(manager, programmeCode);
        const before = await this.view(manager, programmeCode);
        for (const line of budgets) {
          const amountFen = wanToFen(line.amountWan);
          const allocated = await this.ledger.allocatedInProgramme(manager, programmeCode, line.source);
          if (amountFen < allocated) {
            const previous = before.lines.find((b) => b.source === line.source)?.budgetWan;
            throw new ConflictError(
              `${FUNDING_SOURCE_LABELS[line.source]}预算 ${fenToWan(amountFen)}万元 低于已分配给各县的 ` +
                `${fenToWan(allocated)}万元（原预算 ${previous === undefined ? '未设定' : `${previous}万元`}；` +
                `须先减少各县分配 ${fenToWan(allocated - amountFen)}万元）`,
            );
          }
          await this.budgets.upsert(manager, { programmeCode, source: line.source, amountFen });
        }
        const after = await this.view(manager, programmeCode);
        await this.audit.recordDone(manager, { ...attempt, before: before.lines, after: after.lines });
        return after;
      }),
    );
  }

  /**
   * 404 (audited) when the programme's projects all lie outside the actor's regions. Answers whether funding
   * knows any project of the programme.
   */
  private async inScope(actor: Actor, programmeCode: string, attempt: AuditRecord): Promise<boolean> {
    const { known, inScope } = await this.projects.programmeScope(programmeCode, actor.regionCodes);
    if (inScope || (!known && actor.role === 'province_admin')) return known;
    if (known) {
      const { userId, username, role } = actor;
      await this.audit.recordDenied({ ...attempt, actor: { userId, username, role }, detail: 'out_of_scope' });
    }
    throw new NotFoundError(NOT_FOUND);
  }

  private async view(manager: EntityManager, programmeCode: string): Promise<ProgrammeBudgetView> {
    const view: ProgrammeBudgetView = { programmeCode, lines: [] };
    // One query at a time: inside a transaction the manager is a single connection.
    for (const line of await this.budgets.findByProgramme(programmeCode, manager)) {
      const allocated = await this.ledger.allocatedInProgramme(manager, programmeCode, line.source);
      view.lines.push({
        source: line.source,
        budgetWan: fenToWan(line.amountFen),
        allocatedWan: fenToWan(allocated),
        unallocatedWan: fenToWan(line.amountFen - allocated),
      });
    }
    return view;
  }
}
