import { Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import {
  DataSource,
  type EntityManager,
  type EntitySubscriberInterface,
  type QueryRunner,
  type TransactionCommitEvent,
  type TransactionRollbackEvent,
} from 'typeorm';
import { Clock } from '../clock/clock';
import { AlreadyAppliedError, RequestKeyContext } from '../messaging/transport/request-key';
import { GroupedWrites } from './grouped-writes';
import { RequestLogRepository } from './request-log.repository';

/**
 * One unit of work. Services hold it without looking inside: they pass it to repositories, the outbox and
 * the audit log, so whatever those write commits or rolls back together. Only repositories (and the
 * platform) query through it.
 */
export type Tx = EntityManager;

/** Work that waits for a transaction's commit (see Transactions.afterCommit). */
export type AfterCommitWork = () => Promise<void>;

/** Transactions whose after-commit work goes to their opener instead of running inside the commit. */
const handedOver = new WeakMap<QueryRunner, (work: readonly AfterCommitWork[]) => void>();

/**
 * Has `tx`'s after-commit work handed to `take` once it commits, instead of run (and awaited) inside the
 * commit: for an opener that overlaps it with its next transaction and runs it itself, in order (the event
 * consumer: a batch's timers are armed and its messages acked while the next batch is applied). The opener
 * then owns the guarantee: it runs each piece once, after the commit, and never after a rollback (nothing is
 * handed over then). Outside a transaction it does nothing.
 */
export function handOverAfterCommit(tx: Tx, take: (work: readonly AfterCommitWork[]) => void): void {
  const runner = tx.queryRunner;
  if (runner?.isTransactionActive) handedOver.set(runner, take);
}

/**
 * Runs work in one database transaction (the only way a service, not a repository, opens one), and work
 * that must wait for a transaction's commit: e.g. arming a timer for a row the transaction writes, which
 * must never wake before the row exists, nor at all if the transaction rolls back.
 */
@Injectable()
export class Transactions implements OnModuleInit, EntitySubscriberInterface {
  private readonly pending = new WeakMap<QueryRunner, AfterCommitWork[]>();
  /** Per open transaction: items collected for each flush, handed over just before the commit. */
  private readonly collected = new WeakMap<QueryRunner, Map<CollectedFlush<never>, unknown[]>>();

  constructor(
    private readonly dataSource: DataSource,
    @Optional() private readonly requestLog?: RequestLogRepository,
    @Optional() private readonly clock?: Clock,
  ) {}

  onModuleInit(): void {
    (this.dataSource.subscribers as EntitySubscriberInterface[]).push(this);
  }

  /**
   * Runs `work` in a transaction. Within an RPC that carries a request key (an idempotent write), the first
   * transaction also records the key, so the write and its key commit together; a key taken before means
   * the write was applied already: AlreadyAppliedError, and `work` does not run.
   */
  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.keyed(work, false);
  }

  /**
   * As `run`, for a handler whose answer is this transaction's result: within an idempotent write, the answer
   * is stored with the write and commits with it. So a write whose commit went through while its own process
   * never heard so (the connection lost at that moment, a restart) is answered to the retry, instead of being
   * known only as "applied, answer unknown".
   */
  runAndAnswer<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.keyed(work, true);
  }

  private keyed<T>(work: (tx: Tx) => Promise<T>, answers: boolean): Promise<T> {
    const request = RequestKeyContext.current();
    if (!request || (request.claimed && !answers) || !this.requestLog || !this.clock)
      return this.dataSource.transaction(work);
    const { requestLog, clock } = this;
    return this.dataSource.transaction(async (tx) => {
      if (!request.claimed) {
        if (!(await requestLog.claim(tx, request.key, request.subject, clock.now())))
          throw new AlreadyAppliedError(request.key);
        request.claimed = true;
      }
      const result = await work(tx);
      if (answers) {
        await requestLog.answer(tx, request.key, result, clock.now());
        request.answeredWith = { reply: result };
      }
      return result;
    });
  }

  /** Group commit for one kind of write: those that arrive while others are applied go together (GroupedWrites). */
  grouped<I, R>(apply: (tx: Tx, item: I) => Promise<R>, groupsAtOnce = 1): GroupedWrites<I, R> {
    return new GroupedWrites(this, apply, groupsAtOnce);
  }

  /**
   * Runs reads in one snapshot (REPEATABLE READ): for a view assembled from several queries, which a write
   * committing between them must not split (e.g. a deadline's flags and the stage planned with them).
   */
  snapshot<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', work);
  }

  /** Outside any transaction: for reads that need no consistency with a write. */
  get none(): Tx {
    return this.dataSource.manager;
  }

  /** Whether `tx` is an open transaction, whose commit `afterCommit` would wait for. */
  inTransaction(tx: Tx): boolean {
    return tx.queryRunner?.isTransactionActive === true;
  }

  /** Runs `work` once `tx` commits (at once outside a transaction; never after a rollback). `work` must not throw. */
  afterCommit(tx: Tx, work: AfterCommitWork): void {
    const runner = tx.queryRunner;
    if (!runner?.isTransactionActive) {
      void work();
      return;
    }
    const queue = this.pending.get(runner);
    if (queue) queue.push(work);
    else this.pending.set(runner, [work]);
  }

  /**
   * Collects `item` for `flush`, which runs once, inside `tx`, just before it commits, with every item collected
   * in it (in the order collected): so that work done for each of many events handled in one transaction (a
   * consumer's batch) is done once, set-wise, for all of them. A flush that throws rolls the transaction back.
   * Nothing runs after a rollback. Flushes run one after another (they share the transaction's connection).
   */
  collectBeforeCommit<T>(tx: Tx, flush: CollectedFlush<T>, item: T): void {
    const runner = tx.queryRunner;
    if (!runner?.isTransactionActive) throw new Error('collectBeforeCommit needs an open transaction');
    let flushes = this.collected.get(runner);
    if (!flushes) this.collected.set(runner, (flushes = new Map()));
    const items = flushes.get(flush as CollectedFlush<never>);
    if (items) items.push(item);
    else flushes.set(flush as CollectedFlush<never>, [item]);
  }

  async beforeTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const flushes = this.collected.get(event.queryRunner);
    if (!flushes) return;
    this.collected.delete(event.queryRunner);
    for (const [flush, items] of flushes) await flush(event.queryRunner.manager, items as never[]);
  }

  async afterTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const queue = this.pending.get(event.queryRunner);
    if (!queue) return;
    this.pending.delete(event.queryRunner);
    const take = handedOver.get(event.queryRunner);
    if (take) take(queue);
    else await Promise.all(queue.map((work) => work()));
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    this.pending.delete(event.queryRunner);
    this.collected.delete(event.queryRunner);
  }
}

/** Work done once per transaction for every item collected in it (see Transactions.collectBeforeCommit). */
export type CollectedFlush<T> = (tx: Tx, items: readonly T[]) => Promise<void>;
