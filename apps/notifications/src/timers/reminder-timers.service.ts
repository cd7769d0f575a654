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
  ReminderJob,
  reminderJobId,
  type JobData,
} from './reminder-queue.rules';

interface PendingWork {
  readonly arm: TimerRef[];
  readonly disarm: TimerRef[];
}

/**
 * Arms and disarms the BullMQ timers of reminder rows and of e-mail and webhook attempts. A timer for a row
 * written in a transaction is armed only after that transaction commits, so a timer never wakes for a row
 * that does not exist yet or was rolled back: the deadlines side (inside an event's transaction) asks for
 * it after commit; firing and sending hand back what they planned once their own transaction committed.
 * Anything that fails here is repaired by the reconciler.
 */
@Injectable()
export class ReminderTimers implements OnApplicationShutdown {
  private readonly logger = new Logger(ReminderTimers.name);
  readonly connection: IORedis;
  readonly queue: Queue;
  /** The timers one transaction asked for, armed together when it commits. */
  private readonly pending = new WeakMap<Tx, PendingWork>();

  constructor(
    config: PlatformConfig,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {
    this.connection = new IORedis(config.redis.url, { maxRetriesPerRequest: null, lazyConnect: false });
    this.connection.on('error', (error) => this.logger.warn(`Redis: ${error.message}`));
    this.queue = new Queue(REMINDER_QUEUE, { connection: this.connection, prefix: queuePrefix(config.namespace) });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
    this.connection.disconnect();
  }

  /** Arms these timers once `tx` commits (at once outside a transaction). */
  armAfterCommit(tx: Tx, timers: readonly TimerRef[]): void {
    if (timers.length === 0) return;
    const work = this.workOf(tx);
    if (work) work.arm.push(...timers);
    else void this.arm(timers);
  }

  /** Removes these (now cancelled) timers once `tx` commits; a timer left behind is harmless. */
  disarmAfterCommit(tx: Tx, timers: readonly TimerRef[]): void {
    if (timers.length === 0) return;
    const work = this.workOf(tx);
    if (work) work.disarm.push(...timers);
    else void this.disarm(timers);
  }

  /** Arms what a committed firing batch planned: next overdue alerts, first e-mail and webhook attempts. */
  async armFired(result: FiringResult): Promise<void> {
    await Promise.all([this.arm(result.timers), this.armOutbound(result.attempts)]);
  }

  /**
   * Adds one delayed job per timer, id `<reminder>-v<version>`. Adding an id that exists is a no-op in
   * BullMQ, so the reconciler can call this again and again. Never throws: the reconciler repairs.
   */
  async arm(timers: readonly TimerRef[]): Promise<void> {
    if (timers.length === 0) return;
    const now = this.clock.now().getTime();
    try {
      for (let start = 0; start < timers.length; start += 500) {
        await this.queue.addBulk(
          timers.slice(start, start + 500).map((timer) => ({
            name: ReminderJob.Fire,
            data: { reminderId: timer.id, version: timer.version } satisfies JobData<ReminderJob.Fire>,
            opts: {
              ...REMINDER_JOB_OPTIONS,
              jobId: reminderJobId(timer.id, timer.version),
              delay: Math.max(0, timer.fireAt.getTime() - now),
            },
          })),
        );
      }
    } catch (error) {
      this.logger.warn(`Could not arm ${timers.length} timer(s), the reconciler will: ${(error as Error).message}`);
    }
  }

  /**
   * One delayed job per outbound attempt, id `<outbound>-a<attempt>`; the same id twice is a no-op (many
   * reminders joining one digest arm its first attempt once). Never throws: the reconciler repairs.
   */
  async armOutbound(timers: readonly OutboundTimer[]): Promise<void> {
    if (timers.length === 0) return;
    const now = this.clock.now().getTime();
    const unique = [...new Map(timers.map((timer) => [outboundJobId(timer.id, timer.attempt), timer])).entries()];
    try {
      for (let start = 0; start < unique.length; start += 500) {
        await this.queue.addBulk(
          unique.slice(start, start + 500).map(([jobId, timer]) => ({
            name: ReminderJob.SendOutbound,
            data: { outboundId: timer.id, attempt: timer.attempt } satisfies JobData<ReminderJob.SendOutbound>,
            opts: { ...REMINDER_JOB_OPTIONS, jobId, delay: Math.max(0, timer.at.getTime() - now) },
          })),
        );
      }
    } catch (error) {
      this.logger.warn(
        `Could not arm ${unique.length} delivery attempt(s), the reconciler will: ${(error as Error).message}`,
      );
    }
  }

  async disarm(timers: readonly TimerRef[]): Promise<void> {
    await Promise.all(
      timers.map((timer) => this.queue.remove(reminderJobId(timer.id, timer.version)).catch(() => undefined)),
    );
  }

  /** The work `tx` has gathered so far, armed when it commits; none outside a transaction. */
  private workOf(tx: Tx): PendingWork | undefined {
    if (!this.transactions.inTransaction(tx)) return undefined;
    let work = this.pending.get(tx);
    if (!work) {
      const gathered: PendingWork = { arm: [], disarm: [] };
      this.pending.set(tx, gathered);
      this.transactions.afterCommit(tx, async () => {
        this.pending.delete(tx);
        await Promise.all([this.arm(gathered.arm), this.disarm(gathered.disarm)]);
      });
      work = gathered;
    }
    return work;
  }
}
