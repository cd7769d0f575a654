import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Clock } from '../../clock/clock';
import { quoteIdent } from '../../database/messaging-tables';
import { modifiedRows } from '../../database/modified-rows';

export interface RetentionSettings {
  /** Published outbox rows older than this (by `published_at`) go; unpublished rows never do. */
  readonly outboxMs: number;
  /** Inbox rows older than this (by `handled_at`) go, and request-log rows (by `applied_at`). */
  readonly inboxMs: number;
  readonly pruneIntervalMs: number;
  /** Rows per DELETE: each batch is its own short statement, so a large backlog never holds long locks. */
  readonly pruneBatchSize: number;
}

export interface PruneResult {
  readonly outbox: number;
  readonly inbox: number;
  readonly requests: number;
}

export interface MessagingPrunerOptions {
  readonly dataSource: DataSource;
  readonly schema: string;
  readonly clock: Clock;
  readonly retention: RetentionSettings;
}

/**
 * Keeps the outbox, inbox and request log from growing for ever (streams age out by their own `max_age`). Runs once at
 * start and then every interval; several replicas may prune at once (rows another holds are skipped). Dead
 * letters are never pruned here: someone must look at each. The audit trail is never pruned at all.
 */
export class MessagingPruner {
  private readonly logger = new Logger(MessagingPruner.name);
  private readonly schema: string;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  /** Set by stop(): no new batch, no next run. */
  private closing = false;

  constructor(private readonly options: MessagingPrunerOptions) {
    this.schema = quoteIdent(options.schema);
  }

  start(): void {
    this.closing = false;
    this.tick();
  }

  async stop(): Promise<void> {
    this.closing = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Prunes everything that is due now, batch by batch; returns how many rows went. */
  async pruneOnce(): Promise<PruneResult> {
    const now = this.options.clock.now().getTime();
    const outbox = await this.inBatches(
      `WITH due AS (
         SELECT id FROM ${this.schema}.outbox WHERE published_at < $1 ORDER BY published_at LIMIT $2
         FOR UPDATE SKIP LOCKED)
       DELETE FROM ${this.schema}.outbox o USING due WHERE o.id = due.id RETURNING 1`,
      new Date(now - this.options.retention.outboxMs),
    );
    const inbox = await this.inBatches(
      `WITH due AS (
         SELECT consumer, event_id FROM ${this.schema}.inbox WHERE handled_at < $1 ORDER BY handled_at LIMIT $2
         FOR UPDATE SKIP LOCKED)
       DELETE FROM ${this.schema}.inbox i USING due
        WHERE i.consumer = due.consumer AND i.event_id = due.event_id RETURNING 1`,
      new Date(now - this.options.retention.inboxMs),
    );
    // The request log is the inbox of idempotent writes: kept as long, far beyond any client's retries.
    const requests = await this.inBatches(
      `WITH due AS (
         SELECT key FROM ${this.schema}.request_log WHERE applied_at < $1 ORDER BY applied_at LIMIT $2
         FOR UPDATE SKIP LOCKED)
       DELETE FROM ${this.schema}.request_log r USING due WHERE r.key = due.key RETURNING 1`,
      new Date(now - this.options.retention.inboxMs),
    );
    return { outbox, inbox, requests };
  }

  private async inBatches(sql: string, before: Date): Promise<number> {
    const batch = this.options.retention.pruneBatchSize;
    let total = 0;
    for (;;) {
      const deleted = (await modifiedRows(this.options.dataSource.manager, sql, [before, batch])).length;
      total += deleted;
      if (deleted < batch || this.closing) return total;
    }
  }

  private tick(): void {
    if (this.closing) return;
    this.running = this.pruneOnce()
      .then((result) => {
        if (result.outbox + result.inbox + result.requests > 0)
          this.logger.log(
            `Pruned ${result.outbox} outbox, ${result.inbox} inbox and ${result.requests} request-log row(s)`,
          );
      })
      .catch((error: unknown) => this.logger.warn(`Pruning failed, will retry: ${(error as Error).message}`))
      .finally(() => {
        if (this.closing) return;
        this.timer = setTimeout(() => this.tick(), this.options.retention.pruneIntervalMs);
        this.timer.unref();
      });
  }
}
