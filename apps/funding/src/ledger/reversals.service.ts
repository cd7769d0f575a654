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
import { localDateOf } from '@duban/calendar';
import { AuditLog, Clock, Transactions, type Attempt, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { FundingAccess, LEDGER_RECORDERS } from '../access/funding-access.service';
import { ProgrammeRules } from '../project-refs/programme-rules.service';
import { ProjectRefsRepository } from '../project-refs/project-refs.repository';
import { disbursementView, expenditureView } from './ledger-view';
import { LedgerRepository, type NewReversal } from './ledger.repository';

type Entry = DisbursementView | ExpenditureView;

/** How one kind of money record is read and reversed, as views. */
interface EntryStore<V extends Entry> {
  readonly kind: 'disbursement' | 'expenditure';
  readonly label: string;
  find(tx: Tx, id: string): Promise<V | null>;
  insertReversal(tx: Tx, reversal: NewReversal): Promise<V>;
}

/**
 * Corrections of money records. A disbursement or expenditure is never edited or deleted (the database refuses
 * it too); a correction is a reversal entry of the exact opposite amount that names the original and says why.
 * It can happen once per entry, never to a reversal, and in the entry's county's scope by those who record
 * money (county, city, province). The original keeps everything it had, an expenditure's flags included.
 * One transaction with its audit row (before: the original, after: the reversal); a refusal is audited.
 * A reversal is dated today in China (programme dates are days in Asia/Shanghai, DESIGN rule 7), by the clock.
 */
@Injectable()
export class ReversalsService {
  private readonly disbursements: EntryStore<DisbursementView>;
  private readonly expenditures: EntryStore<ExpenditureView>;

  constructor(
    ledger: LedgerRepository,
    private readonly projects: ProjectRefsRepository,
    private readonly programmeRules: ProgrammeRules,
    private readonly access: FundingAccess,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {
    this.disbursements = {
      kind: 'disbursement',
      label: '拨付',
      find: async (tx, id) => {
        const entry = await ledger.findDisbursement(tx, id);
        return entry && disbursementView(entry);
      },
      insertReversal: async (tx, reversal) => disbursementView(await ledger.insertDisbursementReversal(tx, reversal)),
    };
    this.expenditures = {
      kind: 'expenditure',
      label: '支出',
      find: async (tx, id) => {
        const entry = await ledger.findExpenditure(tx, id);
        return entry && expenditureView(entry);
      },
      insertReversal: async (tx, reversal) => expenditureView(await ledger.insertExpenditureReversal(tx, reversal)),
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
    const entry = await store.find(this.transactions.none, id);
    if (!entry) throw new NotFoundError(notFound);
    // Out of scope reads exactly like an unknown id (the denial is audited on the entry's project).
    const project = await this.access.project(
      { actor, action, targetType: 'county_project', targetId: entry.projectId },
      entry.projectId,
      notFound,
    );
    const attempt: Attempt = { actor, action, targetType: store.kind, targetId: id };
    await this.access.requireRole(attempt, LEDGER_RECORDERS, `冲销${store.label}记录`);
    return this.audit.refusalsAudited(attempt, () =>
      this.transactions.runAndAnswer(async (tx) => {
        // The county's ledger is written one transaction at a time: a second reversal waits and then sees the first.
        await this.projects.lock(tx, entry.projectId);
        await this.programmeRules.requireOpen(tx, project.programmeId);
        const original = (await store.find(tx, id)) as V;
        if (original.reversesId !== null) {
          throw new ConflictError(`该记录是对${store.label}记录 ${original.reversesId} 的冲销，冲销记录不能再冲销`);
        }
        if (original.reversedById !== null) {
          const earlier = await store.find(tx, original.reversedById);
          throw new ConflictError(
            `该${store.label}记录（${original.amountWan}万元）已于 ${earlier?.date ?? '此前'} 由 ${earlier?.recordedByName ?? '他人'} ` +
              `冲销（冲销记录 ${original.reversedById}），每笔记录只能冲销一次`,
          );
        }
        const now = this.clock.now();
        const reversal = await store.insertReversal(tx, {
          id: randomUUID(),
          reversesId: id,
          reason,
          date: localDateOf(now),
          recordedBy: actor.username,
          recordedByName: actor.displayName,
          recordedAt: now,
        });
        await this.audit.recordDone(tx, {
          ...attempt,
          regionCode: project.regionCode,
          before: original,
          after: reversal,
          detail: reason,
        });
        return reversal;
      }),
    );
  }
}
