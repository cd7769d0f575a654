import { Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import { ConflictError, ValidationError, type Actor } from '@duban/contracts';
import { escapeLiteral } from 'pg';
import {
  DataSource,
  type BeforeQueryEvent,
  type EntityManager,
  type EntitySubscriberInterface,
  type QueryRunner,
  type TransactionRollbackEvent,
} from 'typeorm';
import { Clock } from '../clock/clock';
import { PlatformConfig } from '../config/platform-config';
import { CorrelationContext } from '../correlation/correlation-context';
import { quoteIdent } from '../database/messaging-tables';
import { auditInstant, canonicalAuditFields, canonicalJson } from './audit-hash';

export interface AuditRecord {
  /** With its `regionCodes` when known: a person with one region gives the row its region by default. */
  readonly actor: (Pick<Actor, 'userId' | 'username' | 'role'> & Partial<Pick<Actor, 'regionCodes'>>) | null;
  /** What was attempted, e.g. `milestone.complete`. */
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string | null;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly detail?: string;
  /** The region the write is about (the project's county, the allocation's city), when the service knows it. */
  readonly regionCode?: string | null;
}

/** A record on its way into the trail, with what it gets at the moment it is made. */
interface PendingRow {
  readonly record: AuditRecord;
  readonly outcome: 'done' | 'denied' | 'refused';
  readonly at: Date;
  readonly correlationId: string | null;
}

/**
 * Writes the service's audit trail (see createAuditTable), hash-chained (see audit-hash, chainAuditTable).
 *
 * A write is recorded inside the transaction that makes it (`recordDone`), so the trail and the data never
 * disagree; a denied or refused attempt is recorded on its own (`recordDenied`, `recordRefused`), since its
 * transaction, if any, is rolled back.
 *
 * The chain needs one writer at a time: rows are appended under a per-schema transaction lock
 * (`pg_advisory_xact_lock`, taken by the schema's `audit_log_append`, see createAuditAppend), after reading
 * the last row's hash, with ids drawn under that lock, so id order
 * is chain order. `recordDone` rows are appended as their transaction commits, so the lock is held only from
 * then to the commit: a transaction never waits for the chain while holding other rows' locks that the
 * chain's holder might want (no deadlock), and the chain follows the order of commits.
 *
 * The append and the COMMIT go to Postgres in one message (see `beforeQuery`), so the lock is never held
 * while the service's process reads the append's answer and sends the COMMIT: on a busy machine that wait
 * (the process waiting for a CPU) made every other writer of the schema queue behind it (issue 17 G4).
 */
@Injectable()
export class AuditLog implements OnModuleInit, EntitySubscriberInterface {
  private readonly schema: string;
  private readonly appendFunction: string;
  private readonly pending = new WeakMap<QueryRunner, PendingRow[]>();

  constructor(
    config: PlatformConfig,
    private readonly dataSource: DataSource,
    @Optional() private readonly clock?: Clock,
  ) {
    this.schema = config.database.schema;
    this.appendFunction = `${quoteIdent(this.schema)}.audit_log_append`;
  }

  onModuleInit(): void {
    const subscribers = this.dataSource.subscribers as EntitySubscriberInterface[];
    if (!subscribers.includes(this)) subscribers.push(this);
  }

  /** Records a write; the row is appended to the chain when `manager`'s transaction commits. */
  async recordDone(manager: EntityManager, record: AuditRecord): Promise<void> {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) {
      throw new Error(`AuditLog.recordDone(${record.action}) must run inside the transaction of the write`);
    }
    this.onModuleInit(); // a log made outside Nest (tests, tools) still hears the commit
    const row = this.row(record, 'done');
    const queue = this.pending.get(runner);
    if (queue) queue.push(row);
    else this.pending.set(runner, [row]);
  }

  /** The caller was outside its scope or role. */
  recordDenied(record: AuditRecord): Promise<void> {
    const row = this.row(record, 'denied');
    return this.dataSource.transaction((manager) => this.append(manager, [row]));
  }

  /** The request was invalid or conflicted with the state (nothing was written). */
  recordRefused(record: AuditRecord): Promise<void> {
    const row = this.row(record, 'refused');
    return this.dataSource.transaction((manager) => this.append(manager, [row]));
  }

  /**
   * Runs a write; when it is refused (a conflict with the state, or input the service itself rejects), its
   * transaction has rolled back, so the refusal is recorded on its own, with the reason, and re-thrown.
   */
  async refusalsAudited<T>(attempt: AuditRecord, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ConflictError || error instanceof ValidationError) {
        await this.recordRefused({ ...attempt, detail: error.message });
      }
      throw error;
    }
  }

  /**
   * TypeORM calls this before it sends any statement, the COMMIT last of all (after every
   * `beforeTransactionCommit` has done its work): the transaction's rows join the chain in the same message as
   * a COMMIT of their own, then `BEGIN` opens an empty transaction for TypeORM's COMMIT to end. Postgres runs
   * the three in a row; an append that fails skips the rest (the transaction, aborted, is rolled back by
   * TypeORM on the error thrown here), and a COMMIT that fails ends the transaction (TypeORM's ROLLBACK then
   * finds none). A savepoint's release leaves its rows pending, for the COMMIT.
   */
  async beforeQuery(event: BeforeQueryEvent): Promise<void> {
    if (event.query !== 'COMMIT' || !event.queryRunner) return;
    const rows = this.pending.get(event.queryRunner);
    if (!rows) return;
    this.pending.delete(event.queryRunner);
    const literals = this.columns(rows).map(
      (values, column) =>
        `ARRAY[${values.map((value) => sqlLiteral(value)).join(', ')}]::${APPEND_TYPES[column] ?? 'text'}[]`,
    );
    await event.queryRunner.query(`SELECT ${this.appendFunction}(${literals.join(', ')}); COMMIT; BEGIN`);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    // A rolled-back savepoint keeps the outer transaction, but not knowing which rows it made, drop none
    // of them rather than lose the outer ones; a whole rollback drops them all.
    if (!event.queryRunner.isTransactionActive) this.pending.delete(event.queryRunner);
  }

  private row(record: AuditRecord, outcome: PendingRow['outcome']): PendingRow {
    return {
      record,
      outcome,
      at: this.clock?.now() ?? new Date(),
      correlationId: CorrelationContext.current()?.correlationId ?? null,
    };
  }

  /**
   * Appends rows to the chain inside `manager`'s transaction, holding the chain's lock until it ends: one call
   * of the schema's `audit_log_append` (see createAuditAppend), which takes the lock, draws the ids and hashes
   * each row's canonical content, built here.
   */
  private async append(manager: EntityManager, rows: readonly PendingRow[]): Promise<void> {
    await manager.query(
      `SELECT ${this.appendFunction}(${APPEND_TYPES.map((type, column) => `$${column + 1}::${type}[]`).join(', ')})`,
      this.columns(rows),
    );
  }

  /** The append's 14 arguments (see createAuditAppend), a column of values each, one value per row. */
  private columns(rows: readonly PendingRow[]): unknown[][] {
    const columns: unknown[][] = Array.from({ length: APPEND_TYPES.length }, () => []);
    for (const row of rows) {
      const { record } = row;
      const content = {
        at: auditInstant(row.at),
        actorUserId: record.actor?.userId ?? null,
        actorUsername: record.actor?.username ?? null,
        actorRole: record.actor?.role ?? null,
        action: record.action,
        targetType: record.targetType,
        targetId: record.targetId,
        outcome: row.outcome,
        before: record.before ?? null,
        after: record.after ?? null,
        detail: record.detail ?? null,
        correlationId: row.correlationId,
        regionCode: regionOf(record),
      };
      [
        row.at,
        content.actorUserId,
        content.actorUsername,
        content.actorRole,
        content.action,
        content.targetType,
        content.targetId,
        content.outcome,
        canonicalJson(content.before),
        canonicalJson(content.after),
        content.detail,
        content.correlationId,
        content.regionCode,
        canonicalAuditFields(content),
      ].forEach((value, column) => columns[column]?.push(value));
    }
    return columns;
  }
}

/** The types of the append's arguments, in order (see createAuditAppend). */
const APPEND_TYPES = [
  'timestamptz',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'jsonb',
  'jsonb',
  'text',
  'text',
  'text',
  'text',
] as const;

/** A value of the append's arguments as an SQL literal (an instant as its ISO text; text quoted by pg's rules). */
function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (value instanceof Date) return `'${value.toISOString()}'`;
  return escapeLiteral(String(value));
}

/** The row's region: the one the service named, else the acting person's when they have exactly one. */
function regionOf(record: AuditRecord): string | null {
  if (record.regionCode) return record.regionCode;
  const codes = record.actor?.regionCodes;
  return codes?.length === 1 ? (codes[0] ?? null) : null;
}
