import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { DatabaseOptions, Tx } from '@duban/platform';
import { DataSource, type EntitySubscriberInterface, type QueryRunner, type TransactionCommitEvent } from 'typeorm';
import { CreateMessagingTables1764400000000 } from './migrations/1764400000000-create-messaging-tables';
import { CreateDeadlinesAndReminders1764700000000 } from './migrations/1764700000000-create-deadlines-and-reminders';
import { CreateContactChannelsAndOutbound1764800000000 } from './migrations/1764800000000-create-contact-channels-and-outbound';

/** The notifications schema: its migrations, in order (no entities: repositories speak SQL). */
export const notificationsDatabase: DatabaseOptions = {
  entities: [],
  migrations: [
    CreateMessagingTables1764400000000,
    CreateDeadlinesAndReminders1764700000000,
    CreateContactChannelsAndOutbound1764800000000,
  ],
};

/**
 * Work that must wait until a transaction commits, and never run if it rolls back: arming the BullMQ timer
 * of a reminder row written in an event consumer's transaction (which the platform commits after the
 * handler returns), so that a timer never wakes for a row that does not exist yet. A TypeORM transaction
 * hook, hence here beside the schema's wiring; the platform's `Transactions` has no such hook yet.
 */
@Injectable()
export class AfterCommit implements OnModuleInit, EntitySubscriberInterface {
  private readonly pending = new WeakMap<QueryRunner, (() => Promise<void>)[]>();

  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    (this.dataSource.subscribers as EntitySubscriberInterface[]).push(this);
  }

  /** Whether `tx` is an open transaction, whose commit `run` would wait for. */
  inTransaction(tx: Tx): boolean {
    return tx.queryRunner?.isTransactionActive === true;
  }

  /** Runs `work` once `tx` commits (at once outside a transaction). `work` must not throw. */
  run(tx: Tx, work: () => Promise<void>): void {
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

  afterTransactionRollback(event: TransactionCommitEvent): void {
    this.pending.delete(event.queryRunner);
  }
}
