import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { PlatformConfig } from '@duban/platform';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import {
  DataSource,
  type EntityManager,
  type EntitySubscriberInterface,
  type QueryRunner,
  type TransactionCommitEvent,
} from 'typeorm';
import { Clock } from '../clock/clock';
import type { TimerRef } from '../deadlines/deadlines.repository';
import type { OutboundTimer } from '../delivery/outbound.repository';
import {
  outboundJobId,
  queuePrefix,
  REMINDER_JOB_OPTIONS,
  REMINDER_QUEUE,
  ReminderJob,
  reminderJobId,
  type JobData,
} from './reminder-queue';

interface PendingWork {
  arm: TimerRef[];
  disarm: TimerRef[];
  send: OutboundTimer[];
}

/**
 * Arms and disarms the BullMQ timers of reminder rows. A timer for a row written in a transaction is armed
 * only after that transaction commits (a TypeORM after-commit hook), so a timer never wakes for a row that
 * does not exist yet or was rolled back. Anything that fails here is repaired by the reconciler.
 */
@Injectable()
export class ReminderTimers implements OnModuleInit, OnApplicationShutdown, EntitySubscriberInterface {
  private readonly logger = new Logger(ReminderTimers.name);
  readonly connection: IORedis;
  readonly queue: Queue;
  private readonly pending = new WeakMap<QueryRunner, PendingWork>();

  constructor(
    config: PlatformConfig,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {
    this.connection = new IORedis(config.redis.url, { maxRetriesPerRequest: null, lazyConnect: false });
    this.connection.on('error', (error) => this.logger.warn(`Redis: ${error.message}`));
    this.queue = new Queue(REMINDER_QUEUE, { connection: this.connection, prefix: queuePrefix(config.namespace) });
  }

  onModuleInit(): void {
    (this.dataSource.subscribers as EntitySubscriberInterface[]).push(this);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
    this.connection.disconnect();
  }

  /** Arms these timers once `manager`'s transaction commits (at once outside a transaction). */
  armAfterCommit(manager: EntityManager, timers: readonly TimerRef[]): void {
    if (timers.length === 0) return;
    const work = this.workOf(manager);
    if (work) work.arm.push(...timers);
    else void this.arm(timers);
  }

  /** Removes these (now cancelled) timers once the transaction commits; a timer left behind is harmless. */
  disarmAfterCommit(manager: EntityManager, timers: readonly TimerRef[]): void {
    if (timers.length === 0) return;
    const work = this.workOf(manager);
    if (work) work.disarm.push(...timers);
    else void this.disarm(timers);
  }

  /** Arms these outbound attempts once `manager`'s transaction commits (at once outside a transaction). */
  armOutboundAfterCommit(manager: EntityManager, timers: readonly OutboundTimer[]): void {
    if (timers.length === 0) return;
    const work = this.workOf(manager);
    if (work) work.send.push(...timers);
    else void this.armOutbound(timers);
  }

  async afterTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const work = this.pending.get(event.queryRunner);
    if (!work) return;
    this.pending.delete(event.queryRunner);
    await Promise.all([this.arm(work.arm), this.disarm(work.disarm), this.armOutbound(work.send)]);
  }

  afterTransactionRollback(event: TransactionCommitEvent): void {
    this.pending.delete(event.queryRunner);
  }

  /**
   * Adds one delayed job per timer, id `<reminder>-v<version>`. Adding an id that exists is a no-op in
   * BullMQ, so the reconciler can call this again and again. Never throws: the reconciler repairs.
   */
  async arm(timers: readonly TimerRef[]): Promise<void> {
    const now = this.clock.now().getTime();
    try {
      for (let start = 0; start < timers.length; start += 500) {
        await this.queue.addBulk(
          timers.slice(start, start + 500).map((timer) => ({
            name: ReminderJob.Fire,
            data: { reminderId: timer.id, version: timer.version },
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

  private workOf(manager: EntityManager): PendingWork | undefined {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) return undefined;
    let work = this.pending.get(runner);
    if (!work) {
      work = { arm: [], disarm: [], send: [] };
      this.pending.set(runner, work);
    }
    return work;
  }
}
