import { Logger } from '@nestjs/common';
import { Headers as DubanHeaders } from '@duban/contracts';
import { headers as natsHeaders } from 'nats';
import { Client } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import { outboxChannel, quoteIdent } from '../../database/messaging-tables';
import type { Namespace } from '../namespace';
import type { Publishes } from './jetstream-publisher';

export interface OutboxRelayOptions {
  readonly dataSource: DataSource;
  /** JetStream publications with their acks (a JetStreamPublisher, whose owner closes it after `stop`). */
  readonly publisher: Publishes;
  readonly namespace: Namespace;
  readonly schema: string;
  readonly databaseUrl: string;
  readonly pollMs: number;
  readonly batchSize: number;
}

interface LaneOutcome {
  readonly acked: string[];
  readonly failed?: { readonly row: OutboxRow; readonly error: unknown };
  /** Not tried: the aggregate's rows of an earlier batch still in flight were not all acked. */
  readonly heldBack?: boolean;
}

/** A claimed batch whose publications are under way; its transaction holds its rows until `done`. */
interface BatchInFlight {
  /** Its rows' `seq`s. */
  readonly seqs: readonly string[];
  /** Per aggregate (`type/id`): whether every one of this batch's rows of it was acked. */
  readonly lanes: ReadonlyMap<string, Promise<boolean>>;
  readonly claimed: number;
  /** Settles once the acked rows are marked published and the transaction has ended. */
  readonly done: Promise<{ readonly published: number; readonly error?: unknown }>;
}

interface OutboxRow {
  id: string;
  seq: string;
  aggregate_type: string;
  aggregate_id: string;
  subject: string;
  /** The envelope as Postgres renders the jsonb: published as it is, never parsed and serialised again. */
  payload: string;
  correlation_id: string;
  causation_id: string | null;
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
 *   together; only what was acked is marked published. While a full batch's acks are pending the next batch
 *   is claimed and its aggregates start publishing: each aggregate's rows of the next batch go only once its
 *   rows of the batch before were all acked (a failure there holds them back, unpublished), so the two
 *   batches together keep the order and the one-unacknowledged-publication-per-aggregate rule of one batch.
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
  /** Publications waiting for the next turn of the event loop (see publish). */
  private ready: (() => void)[] = [];
  private issuing: NodeJS.Immediate | undefined;
  /** Batches claimed and not yet done, oldest first. */
  private readonly inFlight: BatchInFlight[] = [];

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
    const batch = await this.startBatch();
    if (!batch) return 0;
    const { published, error } = await batch.done;
    if (error !== undefined) throw error;
    return published;
  }

  /**
   * Claims a batch in a transaction of its own and starts publishing it, after any batch still in flight:
   * undefined when there was nothing to claim. The batch's `done` marks what was acked and commits; it never
   * rejects (a failure is in its outcome), and ends the batch's place in `inFlight`.
   */
  private async startBatch(): Promise<BatchInFlight | undefined> {
    // The batches ahead of this one, as they stand now: whatever they hold, this one goes after it.
    const ahead = [...this.inFlight];
    const runner = this.options.dataSource.createQueryRunner();
    let rows: OutboxRow[];
    try {
      await runner.connect();
      await runner.startTransaction();
      // The claim must walk the unpublished-rows index in seq order and stop at the batch. The planner's
      // statistics lag a burst of writes (say 200 unpublished rows when there are 20,000): it would then read
      // every unpublished row with a bitmap scan and sort them all, each claim costing more as the backlog
      // grows, and bitmap scans never mark the published rows' index entries dead, so every claim would step
      // over them again. Off for this transaction only.
      await runner.query(`SELECT set_config('enable_sort', 'off', true), set_config('enable_bitmapscan', 'off', true)`);
      rows = await this.claim(
        runner,
        ahead.flatMap((batch) => batch.seqs),
      );
      if (rows.length === 0) {
        await runner.commitTransaction();
        await runner.release();
        return undefined;
      }
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
      throw error;
    }
    const byAggregate = new Map<string, OutboxRow[]>();
    for (const row of rows) {
      const key = `${row.aggregate_type}/${row.aggregate_id}`;
      const lane = byAggregate.get(key);
      if (lane) lane.push(row);
      else byAggregate.set(key, [row]);
    }
    const lanes = new Map<string, Promise<boolean>>();
    const outcomes: Promise<LaneOutcome>[] = [];
    for (const [key, lane] of byAggregate) {
      // The latest batch ahead holding this aggregate: its lane waited for any earlier one in turn.
      const before = ahead.findLast((batch) => batch.lanes.has(key))?.lanes.get(key);
      const outcome = this.publishLane(lane, before);
      outcomes.push(outcome);
      lanes.set(
        key,
        outcome.then((o) => !o.failed && !o.heldBack),
      );
    }
    const batch: BatchInFlight = {
      seqs: rows.map((row) => row.seq),
      lanes,
      claimed: rows.length,
      done: this.finishBatch(runner, outcomes).finally(() => {
        this.inFlight.splice(this.inFlight.indexOf(batch), 1);
      }),
    };
    this.inFlight.push(batch);
    return batch;
  }

  /** Awaits a batch's lanes, marks what was acked published (and the failure on the failed rows), commits. */
  private async finishBatch(
    runner: QueryRunner,
    lanes: readonly Promise<LaneOutcome>[],
  ): Promise<{ readonly published: number; readonly error?: unknown }> {
    try {
      const outcomes = await Promise.all(lanes);
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
      return first ? { published: published.length, error: first.error } : { published: published.length };
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      return { published: 0, error };
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
   * only: its later rows stay unpublished, to go after it in a later batch. `before` is the same aggregate's
   * lane in the batch ahead, if one is in flight: this lane starts once it is all acked, and not at all if not.
   */
  private async publishLane(lane: readonly OutboxRow[], before?: Promise<boolean>): Promise<LaneOutcome> {
    if (before && !(await before)) return { acked: [], heldBack: true };
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
   * earlier unpublished row outside this batch and outside `ahead` (this relay's batches in flight, which
   * this batch's lanes wait for): one held by another relay, which must go first.
   */
  private async claim(runner: QueryRunner, ahead: readonly string[]): Promise<OutboxRow[]> {
    // The rows of the batches ahead are left out before the lock: SKIP LOCKED would skip them too (their
    // transactions hold them), but only after trying each one's lock, and a claim during a burst walks past a
    // whole batch of them. (One of them released meanwhile, unpublished, waits for the next claim; its lane
    // ahead holds this batch's rows of its aggregate back.)
    const candidates: OutboxRow[] = await runner.query(
      `SELECT id, seq, aggregate_type, aggregate_id, subject, envelope::text AS payload,
              envelope->>'correlationId' AS correlation_id, envelope->>'causationId' AS causation_id
         FROM ${this.table}
        WHERE published_at IS NULL AND seq NOT IN (SELECT unnest($2::bigint[]))
        ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [this.options.batchSize, ahead],
    );
    if (candidates.length === 0) return candidates;
    // Ours (this batch's and those ahead) are left out by seq through a hashed set: `id <> ALL(array)` compared
    // each row with every element, and with a batch ahead that is a thousand rows against a thousand ids.
    const blockers: { aggregate_type: string; aggregate_id: string; first_seq: string }[] = await runner.query(
      `SELECT aggregate_type, aggregate_id, min(seq)::text AS first_seq FROM ${this.table}
        WHERE published_at IS NULL AND aggregate_id = ANY($1::text[]) AND seq < $3
          AND seq NOT IN (SELECT unnest($2::bigint[]))
        GROUP BY aggregate_type, aggregate_id`,
      [
        [...new Set(candidates.map((row) => row.aggregate_id))],
        [...candidates.map((row) => row.seq), ...ahead],
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

  /**
   * Publishes a row, issued with the other publications that became ready in the same turn of the event loop:
   * the lanes' next rows, ready as their acks come in together, leave in one socket write rather than one each.
   */
  private publish(row: OutboxRow): Promise<void> {
    return new Promise((resolve, reject) => {
      this.ready.push(() => {
        try {
          const headers = natsHeaders();
          headers.set(DubanHeaders.correlationId, row.correlation_id);
          if (row.causation_id) headers.set(DubanHeaders.causationId, row.causation_id);
          this.options.publisher
            .publish(this.options.namespace.subject(row.subject), row.payload, { msgID: row.id, headers })
            .then(() => resolve(), reject);
        } catch (error) {
          // Refused before it left: this row's failure only.
          reject(error);
        }
      });
      this.issuing ??= setImmediate(() => {
        const ready = this.ready;
        this.ready = [];
        this.issuing = undefined;
        for (const issue of ready) issue();
      });
    });
  }

  /**
   * Claims and publishes batches until stopped. After a full batch the next is claimed at once, while the
   * full one's acks are pending (at most two batches in flight); otherwise it waits for the batch, then for a
   * wake-up or the poll interval, growing the wait while publications fail.
   */
  private async run(): Promise<void> {
    let backoffMs = this.options.pollMs;
    const pending: BatchInFlight[] = [];
    /** Awaits the oldest pending batch; false when it failed. */
    const settleOldest = async (): Promise<boolean> => {
      const { error } = await (pending.shift() as BatchInFlight).done;
      if (error === undefined) return true;
      this.logger.warn(`Outbox relay could not publish, will retry: ${describe(error)}`);
      return false;
    };
    while (this.running) {
      this.woken = false;
      let full = false;
      let failed = false;
      try {
        const batch = await this.startBatch();
        if (batch) pending.push(batch);
        full = batch?.claimed === this.options.batchSize;
      } catch (error) {
        this.logger.warn(`Outbox relay could not claim, will retry: ${describe(error)}`);
        failed = true;
      }
      // A full batch means more is waiting: claim the next at once, while this one's acks are pending.
      while (pending.length > (full ? 1 : 0)) if (!(await settleOldest())) failed = true;
      if (failed) {
        while (pending.length > 0) await settleOldest();
        backoffMs = Math.min(backoffMs * 2, 30_000);
      } else {
        backoffMs = this.options.pollMs;
      }
      if ((failed || !full) && this.running) await this.sleep(backoffMs);
    }
    while (pending.length > 0) await settleOldest();
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
