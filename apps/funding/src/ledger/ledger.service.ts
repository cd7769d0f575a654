import { randomUUID } from 'node:crypto';
import {
  ConflictError,
  EXPENDITURE_CATEGORY_LABELS,
  FUNDING_SOURCE_LABELS,
  FUNDING_SOURCES,
  FundingNotices,
  fenToWan,
  wanToFen,
  type DisbursementView,
  type ExpenditureView,
  type FundingProject,
  type FundingSource,
  type GetProjectFundingRequest,
  type ProjectFunding,
  type RecordDisbursementRequest,
  type RecordExpenditureRequest,
  type SetAllocationsRequest,
} from '@duban/contracts';
import { AuditLog, Outbox, type AuditRecord } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ALLOCATORS, FUNDING_READERS, FundingAccess, LEDGER_RECORDERS } from '../access/funding-access';
import { refusedIsAudited } from '../access/refused-is-audited';
import { FundingProjectsRepository } from '../projects/funding-projects.repository';
import { emptyTable, figuresView, tableTotal, tableView, type SourceTable } from '../rollups/figures';
import { expenditureFlags } from './expenditure-rules';
import { LedgerRepository } from './ledger.repository';

/**
 * One county's money: its allocations (set by the province, within the programme budget), disbursements
 * (拨付, never beyond the allocation) and expenditures (always recorded; flagged when the source may not pay
 * for the category or spending passes the allocation, and then the city officer is told in the same
 * transaction). Each write is one transaction with its audit row; a refused one leaves only a refusal.
 */
@Injectable()
export class LedgerService {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly projects: FundingProjectsRepository,
    private readonly access: FundingAccess,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
  ) {}

  async get({ actor, projectId }: GetProjectFundingRequest): Promise<ProjectFunding> {
    const action = 'funding.get';
    const project = await this.access.project(actor, projectId, action);
    await this.access.requireRole(
      actor,
      FUNDING_READERS,
      { action, targetType: 'county_project', targetId: projectId },
      '查看资金',
    );
    return this.view(project);
  }

  async recordExpenditure(request: RecordExpenditureRequest): Promise<ExpenditureView> {
    const { actor, projectId, ...body } = request;
    const action = 'expenditure.record';
    const project = await this.access.project(actor, projectId, action);
    const attempt: AuditRecord = { actor, action, targetType: 'county_project', targetId: projectId };
    await this.access.requireRole(actor, LEDGER_RECORDERS, attempt, '登记支出');
    const amountFen = wanToFen(body.amountWan);
    return this.ledger.inTransaction(async (manager) => {
      await this.projects.lock(manager, projectId);
      const flags = expenditureFlags(body.source, body.category, amountFen, {
        allocatedFen: await this.ledger.allocationFen(manager, projectId, body.source),
        spentFen: await this.ledger.spentFen(manager, projectId, body.source),
      });
      const expenditure = await this.ledger.insertExpenditure(manager, {
        id: randomUUID(),
        projectId,
        source: body.source,
        category: body.category,
        amountFen,
        date: body.date,
        payee: body.payee,
        note: body.note,
        attachmentRef: body.attachmentRef ?? null,
        flags,
        recordedBy: actor.username,
      });
      if (flags.length > 0) await this.raiseNotice(manager, project, expenditure);
      await this.audit.recordDone(manager, {
        ...attempt,
        targetType: 'expenditure',
        targetId: expenditure.id,
        after: expenditure,
      });
      return expenditure;
    });
  }

  async recordDisbursement(request: RecordDisbursementRequest): Promise<DisbursementView> {
    const { actor, projectId, ...body } = request;
    const action = 'disbursement.record';
    await this.access.project(actor, projectId, action);
    const attempt: AuditRecord = { actor, action, targetType: 'county_project', targetId: projectId };
    await this.access.requireRole(actor, LEDGER_RECORDERS, attempt, '登记拨付');
    const amountFen = wanToFen(body.amountWan);
    return this.refusedIsAudited(attempt, () =>
      this.ledger.inTransaction(async (manager) => {
        await this.projects.lock(manager, projectId);
        const allocated = (await this.ledger.allocationFen(manager, projectId, body.source)) ?? 0n;
        const before = await this.ledger.disbursedFen(manager, projectId, body.source);
        if (before + amountFen > allocated) {
          throw new ConflictError(
            `${FUNDING_SOURCE_LABELS[body.source]}拨付合计将达 ${fenToWan(before + amountFen)}万元，超过已分配的 ` +
              `${fenToWan(allocated)}万元（已拨付 ${fenToWan(before)}万元，本次 ${fenToWan(amountFen)}万元）`,
          );
        }
        const disbursement = await this.ledger.insertDisbursement(manager, {
          id: randomUUID(),
          projectId,
          source: body.source,
          amountFen,
          date: body.date,
          documentNumber: body.documentNumber,
          recordedBy: actor.username,
        });
        await this.audit.recordDone(manager, {
          ...attempt,
          targetType: 'disbursement',
          targetId: disbursement.id,
          after: disbursement,
        });
        return disbursement;
      }),
    );
  }

  async setAllocations(request: SetAllocationsRequest): Promise<ProjectFunding> {
    const { actor, projectId, allocations } = request;
    const action = 'allocation.set';
    const project = await this.access.project(actor, projectId, action);
    const attempt: AuditRecord = { actor, action, targetType: 'county_project', targetId: projectId };
    await this.access.requireRole(actor, ALLOCATORS, attempt, '修改资金分配（由省级设定）');
    await this.refusedIsAudited(attempt, () =>
      this.ledger.inTransaction(async (manager) => {
        await this.projects.lock(manager, projectId);
        const before = await this.ledger.allocations(projectId, manager);
        for (const line of allocations) {
          const amountFen = wanToFen(line.amountWan);
          await this.checkBudget(manager, project.programmeCode, line.source, [projectId], amountFen);
          await this.checkNotBelowDisbursed(manager, projectId, line.source, amountFen);
          await this.ledger.setAllocation(manager, projectId, line.source, amountFen, actor.username);
        }
        await this.audit.recordDone(manager, {
          ...attempt,
          targetType: 'allocation',
          before,
          after: await this.ledger.allocations(projectId, manager),
        });
      }),
    );
    return this.view(project);
  }

  /**
   * Refuses an allocation that would take the programme's allocations of a source past its budget; the
   * message gives the budget, what the others hold, this amount and what remains.
   */
  async checkBudget(
    manager: EntityManager,
    programmeCode: string,
    source: FundingSource,
    replacedProjectIds: readonly string[],
    amountFen: bigint,
  ): Promise<void> {
    const budget = await this.ledger.lockBudget(manager, programmeCode, source);
    if (budget === null) return;
    const others = await this.ledger.allocatedInProgramme(manager, programmeCode, source, replacedProjectIds);
    if (others + amountFen > budget) {
      throw new ConflictError(
        `${FUNDING_SOURCE_LABELS[source]}分配合计 ${fenToWan(others + amountFen)}万元 超过预算 ${fenToWan(budget)}万元` +
          `（其他县已分配 ${fenToWan(others)}万元，本次 ${fenToWan(amountFen)}万元，尚可分配 ${fenToWan(budget - others)}万元）`,
      );
    }
  }

  async checkNotBelowDisbursed(
    manager: EntityManager,
    projectId: string,
    source: FundingSource,
    amountFen: bigint,
  ): Promise<void> {
    const disbursed = await this.ledger.disbursedFen(manager, projectId, source);
    if (amountFen < disbursed) {
      throw new ConflictError(
        `${FUNDING_SOURCE_LABELS[source]}分配 ${fenToWan(amountFen)}万元 低于已拨付的 ${fenToWan(disbursed)}万元`,
      );
    }
  }

  private async view(project: FundingProject): Promise<ProjectFunding> {
    const [allocations, disbursements, expenditures, lines] = await Promise.all([
      this.ledger.allocations(project.projectId),
      this.ledger.disbursements(project.projectId),
      this.ledger.expenditures(project.projectId),
      this.ledger.ledgerLines(project.programmeCode, undefined, project.projectId),
    ]);
    const table: Record<FundingSource, SourceTable[FundingSource]> = { ...emptyTable() };
    for (const line of lines) table[line.source] = line;
    const allocated = new Map(allocations.map((allocation) => [allocation.source, wanToFen(allocation.amountWan)]));
    const province =
      allocated.has('province_special') || allocated.has('province_employment')
        ? (allocated.get('province_special') ?? 0n) + (allocated.get('province_employment') ?? 0n)
        : null;
    const shown = (fen: bigint | null | undefined) => (fen === null || fen === undefined ? null : fenToWan(fen));
    return {
      project,
      allocations: FUNDING_SOURCES.flatMap((source) => allocations.filter((a) => a.source === source)),
      disbursements,
      expenditures,
      totals: { bySource: tableView(table), all: figuresView(tableTotal(table)) },
      annex1: {
        provinceWan: shown(province),
        cityWan: shown(allocated.get('city')),
        countyWan: shown(allocated.get('county')),
      },
    };
  }

  /** Tells the county's city officer (the province, for a county directly under it) of a flagged expenditure. */
  private async raiseNotice(
    manager: EntityManager,
    project: FundingProject,
    expenditure: ExpenditureView,
  ): Promise<void> {
    const recipient = project.cityRegionCode
      ? { kind: 'role' as const, role: 'city_officer' as const, regionCode: project.cityRegionCode }
      : {
          kind: 'role' as const,
          role: 'province_admin' as const,
          regionCode: project.provinceRegionCode ?? project.regionCode,
        };
    const source = FUNDING_SOURCE_LABELS[expenditure.source];
    await this.outbox.append(
      manager,
      FundingNotices.NoticeRaised,
      {
        noticeId: expenditure.id,
        subjectType: 'expenditure',
        subjectId: expenditure.id,
        title: `资金使用预警：${project.regionName}${source}支出`,
        body:
          `${project.regionName}于 ${expenditure.date} 从${source}支出 ${expenditure.amountWan}万元（` +
          `${EXPENDITURE_CATEGORY_LABELS[expenditure.category]}，收款方：${expenditure.payee}）：` +
          expenditure.flags.map((flag) => flag.message).join('；'),
        regionCode: project.regionCode,
        recipients: [recipient],
      },
      { aggregateId: project.projectId },
    );
  }

  private refusedIsAudited<T>(attempt: AuditRecord, work: () => Promise<T>): Promise<T> {
    return refusedIsAudited(this.audit, attempt, work);
  }
}
