import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Clock, PlatformConfig, Transactions, type Tx } from '@duban/platform';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import type { TimerRef } from '../deadlines/deadlines.repository';
import type { OutboundTimer } from '../delivery/outbound.repository';
import type { FiringResult } from '../firing/reminder-firing.service';
import {
  outboundJobId,
  queuePrefix,
  REMINDER_JOB_OPTIONS,
  REMINDER_QUEUE,
  instantJobId,
  instantWakeDelay,
  ReminderJob,
  type JobData,
} from './reminder-queue.rules';

interface PendingWork {
  /** The instants whose timers to arm (one timer per instant, see `arm`). */
  readonly instants: Date[];
}

/** How long one Redis operation of the producer may take before it counts as failed. */
const REDIS_OPERATION_TIMEOUT_MS = 3_000;
/** The health check's question: short, since the gateway waits for the answer. */
const PING_TIMEOUT_MS = 1_000;
/** After a failure, Redis is left alone this long: callers go on at once, the reconciler repairs. */
const REDIS_COOLDOWN_MS = 5_000;

/** The producer's view of Redis, for the health check. */
export interface RedisState {
  readonly reachable: boolean;
  /** The last failure while unreachable, e.g. `Command timed out`. */
  readonly error: string | null;
}

/**
 * Arms the BullMQ timers of reminder rows (one per instant) and of e-mail and webhook attempts. A timer for a row
 * written in a transaction is armed only after that transaction commits, so a timer never wakes for a row
 * that does not exist yet or was rolled back: the deadlines side (inside an event's transaction) asks for
 * it after commit; firing and sending hand back what they planned once their own transaction committed.
 *
 * Redis is a cache of timers (DESIGN rule 5), so nothing waits on it for long: the producer's connection
 * fails fast (no offline queue, one retry, a timeout per command), every operation is bounded, and after a
 * failure Redis is left alone for a few seconds. Arming after a commit is fire-and-forget: the transaction
 * returns, and gives back its connection, without waiting. Anything that fails here is repaired by the
 * reconciler, which fires missed reminders from Postgres meanwhile. (The worker has its own connection, with
 * the blocking settings BullMQ requires of a consumer.)
 */
@Injectable()
export class ReminderTimers implements OnApplicationShutdown {
  private readonly logger = new Logger(ReminderTimers.name);
  readonly connection: IORedis;
  readonly queue: Queue;
  /** The timers one transaction asked for, armed together when it commits. */
  private readonly pending = new WeakMap<Tx, PendingWork>();
  /** Until when (`performance.now()`) Redis is left alone after a failure; 0 once it answers again. */
  private coolingUntil = 0;
  private lastError: string | null = null;

  constructor(
    config: PlatformConfig,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {
    this.connection = new IORedis(config.redis.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: REDIS_OPERATION_TIMEOUT_MS,
      connectTimeout: REDIS_OPERATION_TIMEOUT_MS,
    });
    this.connection.on('error', (error) => this.logger.warn(`Redis: ${error.message}`));
    this.queue = new Queue(REMINDER_QUEUE, { connection: this.connection, prefix: queuePrefix(config.namespace) });
    this.queue.on('error', (error) => this.logger.warn(`Reminder queue: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await withTimeout(this.queue.close(), REDIS_OPERATION_TIMEOUT_MS).catch(() => undefined);
    this.connection.disconnect();
  }

  /** Asks Redis whether it answers (within the operation timeout): for the health check. */
  async ping(): Promise<RedisState> {
    try {
      await withTimeout(this.connection.ping(), PING_TIMEOUT_MS);
      return { reachable: true, error: null };
    } catch (error) {
      return { reachable: false, error: (error as Error).message };
    }
  }

  /** Arms these timers once `tx` commits (at once outside a transaction), without making anyone wait. */
  armAfterCommit(tx: Tx, timers: readonly TimerRef[]): void {
    this.armInstantsAfterCommit(
      tx,
      timers.map((timer) => timer.fireAt),
    );
  }

  /** Arms these instants' timers once `tx` commits (at once outside a transaction), without making anyone wait. */
  armInstantsAfterCommit(tx: Tx, instants: readonly Date[]): void {
    if (instants.length === 0) return;
    const work = this.workOf(tx);
    if (work) work.instants.push(...instants);
    else void this.armInstants(instants);
  }

  /** Arms delivery attempts (a notice's e-mails, webhooks, SMS) once `tx` commits, without making anyone wait. */
  armOutboundAfterCommit(tx: Tx, attempts: readonly OutboundTimer[]): void {
    if (attempts.length === 0) return;
    this.transactions.afterCommit(tx, () => {
      void this.armOutbound(attempts);
      return Promise.resolve();
    });
  }

  /** Arms what a committed firing batch planned: next overdue alerts, first e-mail and webhook attempts. */
  async armFired(result: FiringResult): Promise<void> {
    await Promise.all([this.arm(result.timers), this.armOutbound(result.attempts)]);
  }

  /**
   * Adds one delayed job per instant among the timers, id `instant-<ms>`: 10,000 reminders due at one
   * instant are one timer. Adding an id that exists is a no-op in BullMQ, so the reconciler can call this
   * again and again. (While an instant's job runs, a reminder newly planned at that instant is not re-armed
   * by this; the running firing takes it if it commits in time, else the reconciler does.) Never throws,
   * never waits long: the reconciler repairs.
   */
  arm(timers: readonly TimerRef[]): Promise<void> {
    return this.armInstants(timers.map((timer) => timer.fireAt));
  }

  /** Arms these instants' timers (see `arm`); the same instant twice is armed once. */
  async armInstants(at: readonly Date[]): Promise<void> {
    if (at.length === 0) return;
    const now = this.clock.now().getTime();
    const instants = [...new Map(at.map((instant) => [instant.getTime(), instant])).values()];
    await this.redis(`arm ${instants.length} instant(s)`, async () => {
      for (let start = 0; start < instants.length; start += 500) {
        await withTimeout(
          this.queue.addBulk(
            instants.slice(start, start + 500).map((at) => ({
              name: ReminderJob.FireInstant,
              data: { at: at.getTime() } satisfies JobData<ReminderJob.FireInstant>,
              opts: {
                ...REMINDER_JOB_OPTIONS,
                jobId: instantJobId(at),
                delay: instantWakeDelay(at, now),
              },
            })),
          ),
          REDIS_OPERATION_TIMEOUT_MS,
        );
      }
    });
  }

  /**
   * One delayed job per outbound attempt, id `<outbound>-a<attempt>`; the same id twice is a no-op (many
   * reminders joining one digest arm its first attempt once). Never throws: the reconciler repairs.
   */
  async armOutbound(timers: readonly OutboundTimer[]): Promise<void> {
    if (timers.length === 0) return;
    const now = this.clock.now().getTime();
    const unique = [...new Map(timers.map((timer) => [outboundJobId(timer.id, timer.attempt), timer])).entries()];
    await this.redis(`arm ${unique.length} delivery attempt(s)`, async () => {
      for (let start = 0; start < unique.length; start += 500) {
        await withTimeout(
          this.queue.addBulk(
            unique.slice(start, start + 500).map(([jobId, timer]) => ({
              name: ReminderJob.SendOutbound,
              data: { outboundId: timer.id, attempt: timer.attempt } satisfies JobData<ReminderJob.SendOutbound>,
              opts: { ...REMINDER_JOB_OPTIONS, jobId, delay: Math.max(0, timer.at.getTime() - now) },
            })),
          ),
          REDIS_OPERATION_TIMEOUT_MS,
        );
      }
    });
  }

  /**
   * Runs one bounded Redis operation, unless Redis failed a moment ago (then at once, doing nothing).
   * Never throws: a failure is logged and starts the cool-down.
   */
  private async redis(what: string, operation: () => Promise<unknown>): Promise<void> {
    // A monotonic clock: an interval of the process, not business time (tests may stop the Clock).
    if (performance.now() < this.coolingUntil) return;
    try {
      await operation();
      this.coolingUntil = 0;
      this.lastError = null;
    } catch (error) {
      this.coolingUntil = performance.now() + REDIS_COOLDOWN_MS;
      this.lastError = (error as Error).message;
      this.logger.warn(`Could not ${what}, the reconciler will: ${this.lastError}`);
    }
  }

  /** The work `tx` has gathered so far, armed when it commits; none outside a transaction. */
  private workOf(tx: Tx): PendingWork | undefined {
    if (!this.transactions.inTransaction(tx)) return undefined;
    let work = this.pending.get(tx);
    if (!work) {
      const gathered: PendingWork = { instants: [] };
      this.pending.set(tx, gathered);
      this.transactions.afterCommit(tx, () => {
        this.pending.delete(tx);
        // Not awaited: the transaction's caller (and its pooled connection) must not wait on Redis.
        void this.armInstants(gathered.instants);
        return Promise.resolve();
      });
      work = gathered;
    }
    return work;
  }
}

/** `promise`, or a rejection once `ms` have passed (the operation itself may go on; its result is dropped). */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
