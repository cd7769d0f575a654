import { Logger } from '@nestjs/common';
import { Headers as DubanHeaders, type Envelope } from '@duban/contracts';
import { headers as natsHeaders, type JetStreamClient } from 'nats';
import { Client } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import { outboxChannel, quoteIdent } from '../../database/messaging-tables';
import type { Namespace } from '../namespace';

export interface OutboxRelayOptions {
  readonly dataSource: DataSource;
  readonly jetstream: JetStreamClient;
  readonly namespace: Namespace;
  readonly schema: string;
  readonly databaseUrl: string;
  readonly pollMs: number;
  readonly batchSize: number;
  /** How long to wait for JetStream's ack before treating a publication as failed. */
  readonly publishTimeoutMs?: number;
}

interface LaneOutcome {
  readonly acked: string[];
  readonly failed?: { readonly row: OutboxRow; readonly error: unknown };
}

interface OutboxRow {
  id: string;
  seq: string;
  aggregate_type: string;
  aggregate_id: string;
  subject: string;
  envelope: Envelope;
}

/**
 * Publishes committed outbox rows to JetStream.
 *
 * - Claims rows with `FOR UPDATE SKIP LOCKED` in one transaction per batch, so relays running side by side
 *   never publish the same row; a relay that dies mid-batch releases its rows by rolling back.
 * - Polls for unpublished rows rather than remembering a high-water mark: a transaction that commits late
 *   with a lower sequence is still found. LISTEN/NOTIFY only wakes it early; the LISTEN connection is
 *   reopened whenever it is lost (a Postgres restart, a failover), and each reopening wakes the relay once,
 *   for rows written while nobody listened.
 * - Keeps per-aggregate order: a row is published only when no earlier unpublished row of its aggregate
 *   is held elsewhere, and only once the batch's earlier row of its aggregate was acked; a failed publication
 *   stops its aggregate's rows for this batch, while the other aggregates' publications go on.
 * - Publishes a batch pipelined: the aggregates' publications are in flight together and their acks awaited
 *   together; only what was acked is marked published.
 * - Sets `Nats-Msg-Id` to the event id, so a row published twice (a crash between ack and commit) is
 *   dropped by the stream's duplicate window.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly table: string;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** A wake-up that came while a batch ran: the next sleep is skipped, so that notification is not lost. */
  private woken = false;
  private listener: Client | undefined;
  private listenFailures = 0;
  private relisten: NodeJS.Timeout | undefined;

  constructor(private readonly options: OutboxRelayOptions) {
    this.table = `${quoteIdent(options.schema)}.outbox`;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.listen();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.relisten);
    this.wakeUp();
    await this.loop;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  /**
   * Publishes one batch; returns how many rows it published. The batch's aggregates are published side by
   * side, their acks awaited together, but each aggregate's own rows one after the other (see publishLane).
   */
  async publishBatch(): Promise<number> {
    const runner = this.options.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const rows = await this.claim(runner);
      const lanes = new Map<string, OutboxRow[]>();
      for (const row of rows) {
        const key = `${row.aggregate_type}/${row.aggregate_id}`;
        const lane = lanes.get(key);
        if (lane) lane.push(row);
        else lanes.set(key, [row]);
      }
      const outcomes = await Promise.all([...lanes.values()].map((lane) => this.publishLane(lane)));
      const published = outcomes.flatMap((outcome) => outcome.acked);
      const failures = outcomes.flatMap((outcome) => (outcome.failed ? [outcome.failed] : []));
      if (published.length > 0) {
        await runner.query(`UPDATE ${this.table} SET published_at = now() WHERE id = ANY($1::uuid[])`, [published]);
      }
      for (const { row, error } of failures) {
        await runner.query(
          `UPDATE ${this.table} SET publish_attempts = publish_attempts + 1, last_error = $2 WHERE id = $1`,
          [row.id, describe(error).slice(0, 1000)],
        );
      }
      await runner.commitTransaction();
      const [first] = failures;
      if (first) throw first.error;
      return published.length;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /**
   * Publishes one aggregate's rows of the batch in order, each only once the one before it is acked: at most
   * one unacknowledged publication per aggregate is ever in flight. Pipelining an aggregate's rows instead
   * would let the server store a later row while an earlier one fails (a rejection, a connection lost between
   * the two, a timeout), and a message in the stream cannot be taken back: the republished earlier row would
   * land after it. Stopping at the first failure cannot undo that, so the lane is the unit of order, and
   * throughput comes from the batch's many aggregates published side by side. A failure stops this lane
   * only: its later rows stay unpublished, to go after it in a later batch.
   */
  private async publishLane(lane: readonly OutboxRow[]): Promise<LaneOutcome> {
    const acked: string[] = [];
    for (const row of lane) {
      try {
        await this.publish(row);
        acked.push(row.id);
      } catch (error) {
        return { acked, failed: { row, error } };
      }
    }
    return { acked };
  }

  /**
   * Locks the oldest unpublished rows nobody else holds, then drops any row whose aggregate has an
   * earlier unpublished row outside this batch (held by another relay): that row must go first.
   */
  private async claim(runner: QueryRunner): Promise<OutboxRow[]> {
    const candidates: OutboxRow[] = await runner.query(
      `SELECT id, seq, aggregate_type, aggregate_id, subject, envelope FROM ${this.table}
        WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [this.options.batchSize],
    );
    if (candidates.length === 0) return candidates;
    const blockers: { aggregate_type: string; aggregate_id: string; first_seq: string }[] = await runner.query(
      `SELECT aggregate_type, aggregate_id, min(seq)::text AS first_seq FROM ${this.table}
        WHERE published_at IS NULL AND aggregate_id = ANY($1::text[]) AND id <> ALL($2::uuid[]) AND seq < $3
        GROUP BY aggregate_type, aggregate_id`,
      [
        [...new Set(candidates.map((row) => row.aggregate_id))],
        candidates.map((row) => row.id),
        candidates[candidates.length - 1]?.seq,
      ],
    );
    if (blockers.length === 0) return candidates;
    const blockedAfter = new Map(blockers.map((b) => [`${b.aggregate_type}/${b.aggregate_id}`, BigInt(b.first_seq)]));
    return candidates.filter((row) => {
      const blocker = blockedAfter.get(`${row.aggregate_type}/${row.aggregate_id}`);
      return blocker === undefined || BigInt(row.seq) < blocker;
    });
  }

  private async publish(row: OutboxRow): Promise<void> {
    const headers = natsHeaders();
    headers.set(DubanHeaders.correlationId, row.envelope.correlationId);
    if (row.envelope.causationId) headers.set(DubanHeaders.causationId, row.envelope.causationId);
    await this.options.jetstream.publish(this.options.namespace.subject(row.subject), JSON.stringify(row.envelope), {
      msgID: row.id,
      headers,
      timeout: this.options.publishTimeoutMs ?? 5000,
    });
  }

  private async run(): Promise<void> {
    let backoffMs = this.options.pollMs;
    while (this.running) {
      this.woken = false;
      let published = 0;
      try {
        published = await this.publishBatch();
        backoffMs = this.options.pollMs;
      } catch (error) {
        this.logger.warn(`Outbox relay could not publish, will retry: ${(error as Error).message}`);
        backoffMs = Math.min(backoffMs * 2, 30_000);
      }
      // A full batch means more is waiting: go again at once.
      if (published < this.options.batchSize && this.running) await this.sleep(backoffMs);
    }
  }

  private wakeUp(): void {
    this.woken = true;
    this.wake?.();
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  /**
   * LISTEN on the outbox channel; a notification cuts the poll wait short. Optional by design (polling
   * alone loses nothing), but kept alive: a lost connection is reopened with a growing delay (0.5 s to 10 s).
   */
  private async listen(): Promise<void> {
    if (!this.running) return;
    const client = new Client({ connectionString: this.options.databaseUrl, keepAlive: true });
    let lost = false;
    const onLost = (error?: Error): void => {
      if (lost) return;
      lost = true;
      if (this.listener === client) this.listener = undefined;
      void client.end().catch(() => undefined);
      if (!this.running) return;
      const delayMs = Math.min(500 * 2 ** this.listenFailures++, 10_000);
      this.logger.warn(
        `LISTEN lost (${error?.message ?? 'connection closed'}), polling meanwhile; reopening in ${delayMs} ms`,
      );
      this.relisten = setTimeout(() => void this.listen(), delayMs);
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', () => this.wakeUp());
    try {
      await client.connect();
      await client.query(`LISTEN "${outboxChannel(this.options.schema)}"`);
    } catch (error) {
      onLost(error as Error);
      return;
    }
    if (!this.running || lost) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listener = client;
    this.listenFailures = 0;
    // Rows committed while nobody listened sent their NOTIFY into the void: look now, not at the next poll.
    this.wakeUp();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
