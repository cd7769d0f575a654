import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Clock, PlatformConfig, Transactions } from '@duban/platform';
import { NotificationsConfig } from '../config';
import { DeadlinesRepository } from '../deadlines/deadlines.repository';
import { OutboundSender } from '../delivery/outbound-sender.service';
import { OutboundRepository } from '../delivery/outbound.repository';
import { ReminderFiring } from '../firing/reminder-firing.service';
import { ReminderWords } from '../firing/reminder-words.service';
import { ReconcilerLeaseRepository } from './reconciler-lease.repository';
import { ReminderTimers } from './reminder-timers.service';

/** A planned row this long past its instant is taken as missed (its timer would have fired by now). */
const MISSED_AFTER_MS = 2_000;
/** The most missed instants one pass fires (oldest first); the next pass goes on. */
const BATCH = 500;

/**
 * Makes Postgres the truth and Redis a cache of timers: every `reconcileMs`, one leader (a Postgres
 * session advisory lock, re-checked at every tick, released when its process or session dies) fires every
 * planned reminder whose instant has passed without it, and re-arms the timers of those due within
 * `armAheadMs` (and writes their words, `ReminderWords`). Re-arming an armed timer is a no-op (deterministic job ids), so after Redis lost everything,
 * every reminder is back within one tick. Every Redis operation is bounded (`ReminderTimers`), so a tick
 * ends even with Redis unreachable, and the Postgres fallback goes on firing. A reminder that fails to fire
 * fails alone: the others of its batch are fired one by one, and the pass goes on.
 */
@Injectable()
export class ReminderReconciler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReminderReconciler.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly transactions: Transactions,
    private readonly lease: ReconcilerLeaseRepository,
    private readonly platform: PlatformConfig,
    private readonly config: NotificationsConfig,
    private readonly deadlines: DeadlinesRepository,
    private readonly firing: ReminderFiring,
    private readonly timers: ReminderTimers,
    private readonly clock: Clock,
    private readonly outbound: OutboundRepository,
    private readonly sender: OutboundSender,
    private readonly words: ReminderWords,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.worker) return;
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.resign();
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().then(
        () => this.schedule(this.config.reconcileMs),
        () => this.schedule(this.config.reconcileMs),
      );
    }, delay);
  }

  /** One pass; public for tests that want it now rather than at the next tick. */
  async tick(): Promise<{ fired: number; armed: number; attempted: number } | null> {
    try {
      if (!(await this.lead())) return null;
      const now = this.clock.now();
      let fired = 0;
      // Instant by instant, set-wise, as a timer would: what a worker (or a completion) holds right now is
      // skipped (it is theirs), and so is what is held for its deadline's events or failed: the next pass
      // tries again. A failing reminder fails alone (the instant falls back to one by one).
      const missed = await this.deadlines.plannedDueInstants(
        this.transactions.none,
        new Date(now.getTime() - MISSED_AFTER_MS),
        BATCH,
      );
      for (const at of missed) {
        if (this.stopped) break;
        // Being fired in this process already (a large instant its timer is still on): that firing finishes it
        // and follows up what it leaves; joining it would only report its reminders as missed.
        if (this.firing.isFiring(at)) continue;
        const outcome = await this.firing.fireInstant(at, {
          chunk: this.config.firing.chunk,
          parallel: this.config.firing.instantParallel,
          onChunk: (result) => this.timers.armFired(result),
        });
        if (outcome.kind === 'fired') fired += outcome.sent;
      }
      const upcoming = await this.deadlines.plannedInstantsBetween(
        this.transactions.none,
        new Date(now.getTime() - MISSED_AFTER_MS),
        this.config.reachFrom(now),
      );
      await this.timers.armInstants(upcoming);
      // Their words too, for those planned before they came this near.
      await this.words.writeAhead();
      if (fired > 0) this.logger.warn(`Fired ${fired} missed reminder(s)`);
      const attempted = await this.reconcileOutbound(now);
      return { fired, armed: upcoming.length, attempted };
    } catch (error) {
      this.logger.error(`Reconciliation failed: ${(error as Error).message}`);
      await this.resign();
      return null;
    }
  }

  /**
   * The same for e-mail and webhook messages: attempts whose sender died are counted and retried, missed
   * attempts are made now, upcoming ones re-armed.
   */
  private async reconcileOutbound(now: Date): Promise<number> {
    const tx = this.transactions.none;
    const recovered = await this.outbound.recoverExpired(tx, now, this.config.delivery.maxAttempts);
    if (recovered.length > 0) this.logger.warn(`Retrying ${recovered.length} interrupted delivery attempt(s)`);
    let attempted = 0;
    const missed = await this.outbound.due(tx, new Date(now.getTime() - MISSED_AFTER_MS), BATCH);
    for (const timer of missed) {
      if (this.stopped) break;
      const outcome = await this.sender.attempt(timer.id, timer.attempt);
      if (outcome.kind !== 'skipped') attempted += 1;
      if (outcome.kind === 'retrying' && outcome.next) await this.timers.armOutbound([outcome.next]);
    }
    const upcoming = await this.outbound.between(
      tx,
      new Date(now.getTime() - MISSED_AFTER_MS),
      this.config.reachFrom(now),
    );
    await this.timers.armOutbound([...recovered, ...upcoming]);
    return attempted;
  }

  /** Whether this process leads this tick: checked on the lease's own session every time, never remembered. */
  private lead(): Promise<boolean> {
    return this.lease.hold(`duban:notifications:reconciler:${this.platform.namespace}`);
  }

  /** After an error the session (and its lock) may be gone: start over with a new one. */
  private async resign(): Promise<void> {
    await this.lease.release();
  }
}
