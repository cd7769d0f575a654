import { randomUUID } from 'node:crypto';
import {
  ConflictError,
  NotFoundError,
  type Actor,
  type DisbursementView,
  type ExpenditureView,
  type ReverseDisbursementRequest,
  type ReverseExpenditureRequest,
} from '@duban/contracts';
import { AuditLog, type AuditRecord } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { FundingAccess, LEDGER_RECORDERS } from '../access/funding-access';
import { refusedIsAudited } from '../access/refused-is-audited';
import { FundingProjectsRepository } from '../projects/funding-projects.repository';
import { LedgerRepository, type NewReversal } from './ledger.repository';

type Entry = DisbursementView | ExpenditureView;

/** How one kind of money record is read and reversed. */
interface EntryStore<V extends Entry> {
  readonly kind: 'disbursement' | 'expenditure';
  readonly label: string;
  find(id: string, manager?: EntityManager): Promise<V | null>;
  insertReversal(manager: EntityManager, reversal: NewReversal): Promise<V>;
}

/**
 * Corrections of money records. A disbursement or expenditure is never edited or deleted (the database refuses
 * it too); a correction is a reversal entry of the exact opposite amount that names the original and says why.
 * It can happen once per entry, never to a reversal, and in the entry's county's scope by those who record
 * money (county, city, province). The original keeps everything it had, an expenditure's flags included.
 * One transaction with its audit row (before: the original, after: the reversal); a refusal is audited.
 */
@Injectable()
export class ReversalsService {
  private readonly disbursements: EntryStore<DisbursementView>;
  private readonly expenditures: EntryStore<ExpenditureView>;

  constructor(
    private readonly ledger: LedgerRepository,
    private readonly projects: FundingProjectsRepository,
    private readonly access: FundingAccess,
    private readonly audit: AuditLog,
  ) {
    this.disbursements = {
      kind: 'disbursement',
      label: '拨付',
      find: (id, manager) => ledger.findDisbursement(id, manager),
      insertReversal: (manager, reversal) => ledger.insertDisbursementReversal(manager, reversal),
    };
    this.expenditures = {
      kind: 'expenditure',
      label: '支出',
      find: (id, manager) => ledger.findExpenditure(id, manager),
      insertReversal: (manager, reversal) => ledger.insertExpenditureReversal(manager, reversal),
    };
  }

  reverseDisbursement({ actor, disbursementId, reason }: ReverseDisbursementRequest): Promise<DisbursementView> {
    return this.reverse(this.disbursements, actor, disbursementId, reason);
  }

  reverseExpenditure({ actor, expenditureId, reason }: ReverseExpenditureRequest): Promise<ExpenditureView> {
    return this.reverse(this.expenditures, actor, expenditureId, reason);
  }

  private async reverse<V extends Entry>(store: EntryStore<V>, actor: Actor, id: string, reason: string): Promise<V> {
    const action = `${store.kind}.reverse`;
    const notFound = `${store.label}记录不存在`;
    const entry = await store.find(id);
    if (!entry) throw new NotFoundError(notFound);
    // Out of scope reads exactly like an unknown id (the denial is audited by access).
    await this.access.project(actor, entry.projectId, action).catch((error: unknown) => {
      throw error instanceof NotFoundError ? new NotFoundError(notFound) : error;
    });
    const attempt: AuditRecord = { actor, action, targetType: store.kind, targetId: id };
    await this.access.requireRole(actor, LEDGER_RECORDERS, attempt, `冲销${store.label}记录`);
    return refusedIsAudited(this.audit, attempt, () =>
      this.ledger.inTransaction(async (manager) => {
        // The county's ledger is written one transaction at a time: a second reversal waits and then sees the first.
        await this.projects.lock(manager, entry.projectId);
        const original = (await store.find(id, manager)) as V;
        if (original.reversesId !== null) {
          throw new ConflictError(`该记录是对${store.label}记录 ${original.reversesId} 的冲销，冲销记录不能再冲销`);
        }
        if (original.reversedById !== null) {
          const earlier = await store.find(original.reversedById, manager);
          throw new ConflictError(
            `该${store.label}记录（${original.amountWan}万元）已于 ${earlier?.date ?? '此前'} 由 ${earlier?.recordedBy ?? '他人'} ` +
              `冲销（冲销记录 ${original.reversedById}），每笔记录只能冲销一次`,
          );
        }
        const reversal = await store.insertReversal(manager, {
          id: randomUUID(),
          reversesId: id,
          reason,
          recordedBy: actor.username,
        });
        await this.audit.recordDone(manager, { ...attempt, before: original, after: reversal, detail: reason });
        return reversal;
      }),
    );
  }
}
