import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * One unit of work. Services hold it without looking inside: they pass it to repositories, the outbox and
 * the audit log, so whatever those write commits or rolls back together. Only repositories (and the
 * platform) query through it.
 */
export type Tx = EntityManager;

/** Runs work in one database transaction; the only way a service (not a repository) opens one. */
@Injectable()
export class Transactions {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Outside any transaction: for reads that need no consistency with a write. */
  get none(): Tx {
    return this.dataSource.manager;
  }
}
