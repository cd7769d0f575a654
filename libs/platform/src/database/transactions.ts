import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  DataSource,
  type EntityManager,
  type EntitySubscriberInterface,
  type QueryRunner,
  type TransactionCommitEvent,
  type TransactionRollbackEvent,
} from 'typeorm';

/**
 * One unit of work. Services hold it without looking inside: they pass it to repositories, the outbox and
 * the audit log, so whatever those write commits or rolls back together. Only repositories (and the
 * platform) query through it.
 */
export type Tx = EntityManager;

/**
 * Runs work in one database transaction (the only way a service, not a repository, opens one), and work
 * that must wait for a transaction's commit: e.g. arming a timer for a row the transaction writes, which
 * must never wake before the row exists, nor at all if the transaction rolls back.
 */
@Injectable()
export class Transactions implements OnModuleInit, EntitySubscriberInterface {
  private readonly pending = new WeakMap<QueryRunner, (() => Promise<void>)[]>();

  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    (this.dataSource.subscribers as EntitySubscriberInterface[]).push(this);
  }

  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
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
  afterCommit(tx: Tx, work: () => Promise<void>): void {
    const runner = tx.queryRunner;
    if (!runner?.isTransactionActive) {
      void work();
      return;
    }
    const queue = this.pending.get(runner);
    if (queue) queue.push(work);
    else this.pending.set(runner, [work]);
  }

  async afterTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const queue = this.pending.get(event.queryRunner);
    if (!queue) return;
    this.pending.delete(event.queryRunner);
    await Promise.all(queue.map((work) => work()));
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    this.pending.delete(event.queryRunner);
  }
}
