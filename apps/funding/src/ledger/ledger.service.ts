import { randomUUID } from 'node:crypto';
import {
  ConflictError,
  EXPENDITURE_CATEGORY_LABELS,
  FUNDING_SOURCE_LABELS,
  FundingNotices,
  fenToWan,
  LEDGER_PAGE_SIZE,
  wanToFen,
  type DisbursementView,
  type ExpenditurePage,
  type ExpenditureView,
  type FundingSource,
  type GetProjectFundingRequest,
  type ListExpendituresRequest,
  type ProjectFunding,
  type RecordDisbursementRequest,
  type RecordExpenditureRequest,
  type SetAllocationsRequest,
} from '@duban/contracts';
import { AuditLog, Clock, Outbox, Transactions, type Attempt, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { ALLOCATORS, FUNDING_READERS, FundingAccess, LEDGER_RECORDERS } from '../access/funding-access.service';
import { ProgrammeRules } from '../project-refs/programme-rules.service';
import { ProjectRefsRepository, type ProjectRef } from '../project-refs/project-refs.repository';
import { expenditureFlags } from './expenditure-rules';
import { allocationsView, disbursementView, expenditureView, projectFundingView } from './ledger-view';
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
    private readonly projects: ProjectRefsRepository,
    private readonly programmeRules: ProgrammeRules,
    private readonly access: FundingAccess,
    private readonly transactions: Transactions,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async get({ actor, projectId }: GetProjectFundingRequest): Promise<ProjectFunding> {
    const attempt: Attempt = { actor, action: 'funding.get', targetType: 'county_project', targetId: projectId };
    const project = await this.access.project(attempt, projectId);
    await this.access.requireRole(attempt, FUNDING_READERS, '查看资金');
    return this.view(project);
  }

  /** The county's expenditures page by page, newest first: a ledger longer than its funding page shows. */
  async listExpenditures({ actor, projectId, before, limit }: ListExpendituresRequest): Promise<ExpenditurePage> {
    const attempt: Attempt = { actor, action: 'funding.get', targetType: 'county_project', targetId: projectId };
    await this.access.project(attempt, projectId);
    await this.access.requireRole(attempt, FUNDING_READERS, '查看资金');
    // One more than asked tells whether an older page exists.
    const rows = await this.ledger.expenditurePage(this.transactions.none, projectId, { limit: limit + 1, before });
    const items = rows.slice(0, limit);
    return {
      items: items.map(expenditureView),
      nextBefore: rows.length > limit ? (items.at(-1)?.id ?? null) : null,
    };
  }

  async recordExpenditure(request: RecordExpenditureRequest): Promise<ExpenditureView> {
    const { actor, projectId, ...body } = request;
    const attempt: Attempt = {
      actor,
      action: 'expenditure.record',
      targetType: 'county_project',
      targetId: projectId,
    };
    const project = await this.access.project(attempt, projectId);
    await this.access.requireRole(attempt, LEDGER_RECORDERS, '登记支出');
    const amountFen = wanToFen(body.amountWan);
    return this.audit.refusalsAudited(attempt, () =>
      this.transactions.runAndAnswer(async (tx) => {
        await this.projects.lock(tx, projectId);
        // The programme's own rules (its template's), and none at all once it is closed.
        const categories = await this.programmeRules.categoriesForWrite(tx, project.programmeId);
        const flags = expenditureFlags(
          body.source,
          body.category,
          amountFen,
          {
            allocatedFen: await this.ledger.allocationFen(tx, projectId, body.source),
            spentFen: await this.ledger.spentFen(tx, projectId, body.source),
          },
          categories,
        );
        const expenditure = expenditureView(
          await this.ledger.insertExpenditure(tx, {
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
            recordedByName: actor.displayName,
            recordedAt: this.clock.now(),
          }),
        );
        if (flags.length > 0) await this.raiseNotice(tx, project, expenditure);
        await this.audit.recordDone(tx, {
          ...attempt,
          targetType: 'expenditure',
          targetId: expenditure.id,
          after: expenditure,
        });
        return expenditure;
      }),
    );
  }

  async recordDisbursement(request: RecordDisbursementRequest): Promise<DisbursementView> {
    const { actor, projectId, ...body } = request;
    const attempt: Attempt = {
      actor,
      action: 'disbursement.record',
      targetType: 'county_project',
      targetId: projectId,
    };
    const project = await this.access.project(attempt, projectId);
    await this.access.requireRole(attempt, LEDGER_RECORDERS, '登记拨付');
    const amountFen = wanToFen(body.amountWan);
    return this.audit.refusalsAudited(attempt, () =>
      this.transactions.runAndAnswer(async (tx) => {
        await this.projects.lock(tx, projectId);
        await this.programmeRules.requireOpen(tx, project.programmeId);
        const allocated = (await this.ledger.allocationFen(tx, projectId, body.source)) ?? 0n;
        const before = await this.ledger.disbursedFen(tx, projectId, body.source);
        if (before + amountFen > allocated) {
          throw new ConflictError(
            `${FUNDING_SOURCE_LABELS[body.source]}拨付合计将达 ${fenToWan(before + amountFen)}万元，超过已分配的 ` +
              `${fenToWan(allocated)}万元（已拨付 ${fenToWan(before)}万元，本次 ${fenToWan(amountFen)}万元）`,
          );
        }
        const disbursement = disbursementView(
          await this.ledger.insertDisbursement(tx, {
            id: randomUUID(),
            projectId,
            source: body.source,
            amountFen,
            date: body.date,
            documentNumber: body.documentNumber,
            recordedBy: actor.username,
            recordedByName: actor.displayName,
            recordedAt: this.clock.now(),
          }),
        );
        await this.audit.recordDone(tx, {
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
    const attempt: Attempt = { actor, action: 'allocation.set', targetType: 'county_project', targetId: projectId };
    const project = await this.access.project(attempt, projectId);
    await this.access.requireRole(attempt, ALLOCATORS, '修改资金分配（由省级设定）');
    await this.audit.refusalsAudited(attempt, () =>
      this.transactions.run(async (tx) => {
        await this.projects.lock(tx, projectId);
        await this.programmeRules.requireOpen(tx, project.programmeId);
        const before = allocationsView(await this.ledger.allocations(tx, projectId));
        const now = this.clock.now();
        for (const line of allocations) {
          const amountFen = wanToFen(line.amountWan);
          await this.checkBudget(tx, project.programmeCode, line.source, [projectId], amountFen);
          await this.checkNotBelowDisbursed(tx, projectId, line.source, amountFen);
          await this.ledger.setAllocation(tx, projectId, line.source, amountFen, actor.username, now);
        }
        await this.audit.recordDone(tx, {
          ...attempt,
          targetType: 'allocation',
          before,
          after: allocationsView(await this.ledger.allocations(tx, projectId)),
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
    tx: Tx,
    programmeCode: string,
    source: FundingSource,
    replacedProjectIds: readonly string[],
    amountFen: bigint,
  ): Promise<void> {
    const budget = await this.ledger.lockBudget(tx, programmeCode, source);
    if (budget === null) return;
    const others = await this.ledger.allocatedInProgramme(tx, programmeCode, source, replacedProjectIds);
    if (others + amountFen > budget) {
      throw new ConflictError(
        `${FUNDING_SOURCE_LABELS[source]}分配合计 ${fenToWan(others + amountFen)}万元 超过预算 ${fenToWan(budget)}万元` +
          `（其他县已分配 ${fenToWan(others)}万元，本次 ${fenToWan(amountFen)}万元，尚可分配 ${fenToWan(budget - others)}万元）`,
      );
    }
  }

  async checkNotBelowDisbursed(tx: Tx, projectId: string, source: FundingSource, amountFen: bigint): Promise<void> {
    const disbursed = await this.ledger.disbursedFen(tx, projectId, source);
    if (amountFen < disbursed) {
      throw new ConflictError(
        `${FUNDING_SOURCE_LABELS[source]}分配 ${fenToWan(amountFen)}万元 低于已拨付的 ${fenToWan(disbursed)}万元`,
      );
    }
  }

  private async view(project: ProjectRef): Promise<ProjectFunding> {
    const reader = this.transactions.none;
    const [allocations, disbursements, latestFirst, counts, lines] = await Promise.all([
      this.ledger.allocations(reader, project.projectId),
      this.ledger.latestDisbursements(reader, project.projectId, LEDGER_PAGE_SIZE),
      this.ledger.expenditurePage(reader, project.projectId, { limit: LEDGER_PAGE_SIZE }),
      this.ledger.entryCounts(reader, project.projectId),
      this.ledger.ledgerLines(reader, project.programmeCode, undefined, project.projectId),
    ]);
    const expenditures = [...latestFirst].reverse();
    return projectFundingView({ project, allocations, disbursements, expenditures, counts, lines });
  }

  /** Tells the county's city officer (the province, for a county directly under it) of a flagged expenditure. */
  private async raiseNotice(tx: Tx, project: ProjectRef, expenditure: ExpenditureView): Promise<void> {
    const recipient = project.cityRegionCode
      ? { kind: 'role' as const, role: 'city_officer' as const, regionCode: project.cityRegionCode }
      : {
          kind: 'role' as const,
          role: 'province_admin' as const,
          regionCode: project.provinceRegionCode ?? project.regionCode,
        };
    const source = FUNDING_SOURCE_LABELS[expenditure.source];
    await this.outbox.append(
      tx,
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
}
