import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { Clock, PlatformConfig } from '@duban/platform';
import { DelayedError, Worker, type Job } from 'bullmq';
import IORedis from 'ioredis';
import { NotificationsConfig } from '../config';
import { OutboundSender } from '../delivery/outbound-sender.service';
import { ReminderFiring } from '../firing/reminder-firing.service';
import { FireBatcher } from './fire-batcher.service';
import { INSTANT_WAKE_LEAD_MS, queuePrefix, REMINDER_QUEUE, ReminderJob, type JobData } from './reminder-queue.rules';
import { ReminderTimers } from './reminder-timers.service';

type Handler = (job: Job, token: string | undefined) => Promise<void>;

/** How long shutdown waits for running jobs before it lets go of them. */
const CLOSE_TIMEOUT_MS = 5_000;

/**
 * The BullMQ worker that turns timers into firings. Runs in every process with DUBAN_REMINDER_WORKER=true
 * (the default); any number may run, since firing is idempotent and serialised by row locks.
 */
@Injectable()
export class ReminderWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReminderWorker.name);
  private worker: Worker | undefined;
  private connection: IORedis | undefined;

  /** Every job name has its handler here; the record's type makes a missing one a compile error. */
  private readonly handlers: Record<ReminderJob, Handler> = {
    [ReminderJob.FireInstant]: (job, token) => this.fireInstant(job as Job<JobData<ReminderJob.FireInstant>>, token),
    [ReminderJob.Fire]: (job, token) => this.fire(job as Job<JobData<ReminderJob.Fire>>, token),
    [ReminderJob.SendOutbound]: (job, token) => this.send(job as Job<JobData<ReminderJob.SendOutbound>>, token),
  };

  /** Timers waking together fire together: one transaction per batch, not per reminder. */
  private readonly batcher: FireBatcher;

  constructor(
    private readonly platform: PlatformConfig,
    private readonly config: NotificationsConfig,
    private readonly firing: ReminderFiring,
    private readonly sender: OutboundSender,
    private readonly timers: ReminderTimers,
    private readonly clock: Clock,
  ) {
    this.batcher = new FireBatcher(
      async (refs) => {
        const result = await firing.fireMany(refs);
        await timers.armFired(result);
        return result.outcomes;
      },
      config.firing.batch,
      config.firing.parallel,
    );
  }

  onApplicationBootstrap(): void {
    if (!this.config.worker) return;
    this.connection = new IORedis(this.platform.redis.url, { maxRetriesPerRequest: null });
    this.connection.on('error', (error) => this.logger.warn(`Redis: ${error.message}`));
    this.worker = new Worker(
      REMINDER_QUEUE,
      async (job, token) => {
        const handler = this.handlers[job.name as ReminderJob];
        if (!handler) throw new Error(`No handler for job ${job.name}`);
        await handler(job, token);
      },
      {
        connection: this.connection,
        prefix: queuePrefix(this.platform.namespace),
        concurrency: this.config.concurrency,
        // A killed worker's jobs come back after this; the reconciler usually fires them sooner.
        lockDuration: 15_000,
        stalledInterval: 15_000,
      },
    );
    this.worker.on('failed', (job, error) => this.logger.warn(`Timer ${job?.id} failed: ${error.message}`));
    this.worker.on('error', (error) => this.logger.warn(`Worker: ${error.message}`));
  }

  async beforeApplicationShutdown(): Promise<void> {
    // With Redis unreachable a graceful close would wait for it; the jobs it held come back anyway.
    const worker = this.worker;
    if (worker) {
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<'gave up'>((resolve) => {
        timer = setTimeout(() => resolve('gave up'), CLOSE_TIMEOUT_MS);
      });
      const closed = await Promise.race([worker.close().then(() => 'closed' as const), gaveUp]);
      clearTimeout(timer);
      if (closed === 'gave up') void worker.close(true).catch(() => undefined);
    }
    this.connection?.disconnect();
  }

  private async send(job: Job<JobData<ReminderJob.SendOutbound>>, token: string | undefined): Promise<void> {
    const outcome = await this.sender.attempt(job.data.outboundId, job.data.attempt);
    if (outcome.kind === 'retrying' && outcome.next) await this.timers.armOutbound([outcome.next]);
    if (outcome.kind === 'early') {
      await job.moveToDelayed(outcome.at.getTime(), token);
      throw new DelayedError();
    }
  }

  /**
   * Every reminder of one instant, set-wise. Held reminders (their source's events still coming in) put the
   * same timer back to sleep until the hold ends; reminders someone else held, or whose firing failed,
   * make the job fail, and BullMQ retries it (with backoff) for them alone: the others are no longer planned.
   */
  private async fireInstant(job: Job<JobData<ReminderJob.FireInstant>>, token: string | undefined): Promise<void> {
    const at = new Date(job.data.at);
    // Armed to wake a little early (INSTANT_WAKE_LEAD_MS): the rest is waited out here, to the millisecond.
    const ahead = at.getTime() - this.clock.now().getTime();
    if (ahead > 0 && ahead <= 2 * INSTANT_WAKE_LEAD_MS) await sleep(ahead);
    const outcome = await this.firing.fireInstant(at, {
      chunk: this.config.firing.chunk,
      parallel: this.config.firing.instantParallel,
      onChunk: (result) => this.timers.armFired(result),
    });
    if (outcome.kind === 'early') {
      // Woke well before its instant (clock skew): sleep again until then, less the lead.
      await job.moveToDelayed(outcome.fireAt.getTime() - INSTANT_WAKE_LEAD_MS, token);
      throw new DelayedError();
    }
    if (outcome.remaining > 0) {
      throw new Error(
        `${outcome.remaining} reminder(s) due at ${new Date(job.data.at).toISOString()} left for a retry`,
      );
    }
    if (outcome.heldUntil) {
      await job.moveToDelayed(outcome.heldUntil.getTime(), token);
      throw new DelayedError();
    }
  }

  private async fire(job: Job<JobData<ReminderJob.Fire>>, token: string | undefined): Promise<void> {
    const outcome = await this.batcher.fire({ id: job.data.reminderId, version: job.data.version });
    if (outcome.kind === 'early' || outcome.kind === 'held') {
      // Woke before its instant (clock skew, a re-armed timer), or its deadline's events are still coming
      // in: sleep again until then.
      await job.moveToDelayed((outcome.kind === 'early' ? outcome.fireAt : outcome.until).getTime(), token);
      throw new DelayedError();
    }
  }
}
