import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Clock, PlatformConfig, Transactions } from '@duban/platform';
import { NotificationsConfig } from '../config';
import { DeadlinesRepository, type TimerRef } from '../deadlines/deadlines.repository';
import { OutboundSender } from '../delivery/outbound-sender.service';
import { OutboundRepository } from '../delivery/outbound.repository';
import { LOCKED, ReminderFiring, type FireOutcome } from '../firing/reminder-firing.service';
import { ReconcilerLeaseRepository } from './reconciler-lease.repository';
import { ReminderTimers } from './reminder-timers.service';

/** A planned row this long past its instant is taken as missed (its timer would have fired by now). */
const MISSED_AFTER_MS = 2_000;
const BATCH = 500;

/**
 * Makes Postgres the truth and Redis a cache of timers: every `reconcileMs`, one leader (a Postgres
 * session advisory lock, re-checked at every tick, released when its process or session dies) fires every
 * planned reminder whose instant has passed without it, and re-arms the timers of those due within
 * `armAheadMs`. Re-arming an armed timer is a no-op (deterministic job ids), so after Redis lost everything,
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
      for (;;) {
        const missed = await this.deadlines.plannedDue(
          this.transactions.none,
          new Date(now.getTime() - MISSED_AFTER_MS),
          BATCH,
        );
        // A reminder whose deadline a worker (or a completion) holds right now is theirs: skip it rather
        // than queue behind them; if it is still planned afterwards, the next pass fires it. So is one that
        // failed, or is held for its deadline's events: the next pass tries again.
        let progressed = 0;
        for (let start = 0; start < missed.length && !this.stopped; start += this.config.firing.batch) {
          const outcomes = await this.fireBatch(missed.slice(start, start + this.config.firing.batch));
          fired += outcomes.filter((outcome) => outcome?.kind === 'sent').length;
          progressed += outcomes.filter((outcome) => outcome !== null && settled(outcome)).length;
        }
        if (missed.length < BATCH || progressed === 0 || this.stopped) break;
      }
      const upcoming = await this.deadlines.plannedBetween(
        this.transactions.none,
        new Date(now.getTime() - MISSED_AFTER_MS),
        new Date(now.getTime() + this.config.armAheadMs),
      );
      await this.timers.arm(upcoming);
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
   * One transaction for the batch; if it fails, one per reminder, so one bad reminder holds up no other:
   * its outcome is null (it stays planned, for the next pass) and the others fire.
   */
  private async fireBatch(timers: readonly TimerRef[]): Promise<(FireOutcome | null)[]> {
    try {
      return await this.fire(timers);
    } catch (error) {
      this.logger.warn(
        `A batch of ${timers.length} missed reminder(s) failed, firing them one by one: ${(error as Error).message}`,
      );
      const outcomes: (FireOutcome | null)[] = [];
      for (const timer of timers) {
        if (this.stopped) break;
        try {
          outcomes.push(...(await this.fire([timer])));
        } catch (single) {
          this.logger.error(`Reminder ${timer.id} could not be fired: ${(single as Error).message}`);
          outcomes.push(null);
        }
      }
      return outcomes;
    }
  }

  /** Fires (leaving alone what a worker holds), then arms what the committed batch planned. */
  private async fire(timers: readonly TimerRef[]): Promise<FireOutcome[]> {
    const result = await this.firing.fireMany(timers, { skipLocked: true });
    await this.timers.armFired(result);
    return result.outcomes;
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
      new Date(now.getTime() + this.config.armAheadMs),
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

/** A firing that changed something (sent, or found nothing to do): not one left for later (locked, held). */
function settled(outcome: FireOutcome): boolean {
  if (outcome.kind === 'held' || outcome.kind === 'early') return false;
  return outcome.kind !== 'skipped' || outcome.reason !== LOCKED;
}
