import { Injectable, Logger } from '@nestjs/common';
import { Clock, Transactions, type Tx } from '@duban/platform';
import { reminderSourceKey } from '../deadlines/deadline.rules';
import {
  DeadlinesRepository,
  type FiringDeadline,
  type ReminderRow,
  type StoredDeadline,
  type TimerRef,
} from '../deadlines/deadlines.repository';
import { DEADLINE_EVENT_CONSUMERS } from '../deadlines/deadline-sources.rules';
import { HolidayCalendar } from '../calendars/holiday-calendar.service';
import { NotificationsConfig } from '../config';
import { plannedMessage, wordsInstant, type StageMessage } from '../deadlines/reminder-message.rules';
import {
  assumedCalendarYears,
  nextOverdueStage,
  overdueNumber,
  stillToRemind,
  withMessages,
  type SentStage,
} from '../deadlines/reminder-plan.rules';
import type { OutboundTimer } from '../delivery/outbound.repository';
import { ReminderDelivery, type ReminderToDeliver } from '../delivery/reminder-delivery.service';
import { EventBacklog, type BacklogState } from './event-backlog.service';
import { holdUntil } from './firing-hold.rules';

/** One reminder row at one version, as its timer names it. */
export interface FireRef {
  readonly id: string;
  readonly version: number;
}

/** The outcome's reason when `skipLocked` left a reminder to whoever holds its deadline. */
export const LOCKED = 'locked';

/** The outcome's reason when a later stage, already due, superseded a reminder fired late (`skipSuperseded`). */
export const SUPERSEDED = 'superseded by a later stage';

export type FireOutcome =
  | { readonly kind: 'sent'; readonly deliveries: number }
  | { readonly kind: 'early'; readonly fireAt: Date }
  /**
   * Due, but the source's events are not all applied yet (one may complete the deadline): asked again at
   * `until`. Never past `MAX_HOLD_MS` after the stage's instant (see firing-hold.rules).
   */
  | { readonly kind: 'held'; readonly until: Date }
  /** Gone, superseded by a newer plan, already sent, cancelled or skipped: nothing to do. */
  | { readonly kind: 'skipped'; readonly reason: string };

/**
 * What a batch did, and the timers it leaves to arm: the next overdue alerts it planned and the e-mail and
 * webhook attempts it enqueued. They exist once the batch's transaction has committed, which it has when
 * `fireMany` returns: the caller (the timers feature) arms them then.
 */
export interface FiringResult {
  /** One per ref, in order. */
  readonly outcomes: FireOutcome[];
  readonly timers: TimerRef[];
  readonly attempts: OutboundTimer[];
}

/** What firing one instant did; the timers and attempts it planned are armed by the caller after each chunk. */
export type InstantOutcome =
  | { readonly kind: 'early'; readonly fireAt: Date }
  | {
      readonly kind: 'fired';
      /** Reminders sent and cancelled (deadline closed, completed or re-planned). */
      readonly sent: number;
      /** Reminders fired late that a later stage already due superseded (see `skipSuperseded`): skipped. */
      readonly superseded: number;
      readonly cancelled: number;
      /** When to come back for reminders held for their source's events; null if none is. */
      readonly heldUntil: Date | null;
      /**
       * Reminders still planned at the instant that are neither held nor fired: their deadline was locked by
       * someone else (a completion, another worker's chunk) or their firing failed. The caller comes back.
       */
      readonly remaining: number;
    };

/** What one chunk of an instant did (`fireChunk`): its counts, and what it planned for the caller to arm. */
interface ChunkOutcome {
  readonly sent: number;
  readonly superseded: number;
  readonly cancelled: number;
  /** Reminders whose deadline this chunk locked: a full chunk means there may be more. */
  readonly locked: number;
  readonly result: FiringResult;
}

/** A timer that wakes this much before its instant counts as on time (clock granularity, not a re-delay). */
const EARLY_TOLERANCE_MS = 2;

/**
 * Fires one reminder row: the only place a reminder is ever delivered, whether a BullMQ timer woke it or
 * the reconciler found it missed. Everything happens in one transaction holding the deadline's row lock
 * (the lock completion takes too), so either the completion commits first and the stage is cancelled, or
 * the alert commits first and the completion follows it: never an alert about something already done.
 * The once-keys (the in-app row's, the delivery log's for e-mail, webhooks and SMS) make a second firing of
 * the same stage deliver nothing, and a person
 * reminded of the same stage at the same instant under an earlier plan (before a reopen or a reschedule) is
 * not reminded again. Arms no timer itself: what it plans comes back in its result.
 *
 * A completion can only win if it has reached this service. So a reminder is held while the consumer of
 * its deadline's source has events not yet applied (or the broker cannot tell): the completion, if it is
 * among them, is applied first and cancels the stage. The hold ends `MAX_HOLD_MS` after the stage's
 * instant at the latest: a completion that never reached the broker (the source's relay cut off) cannot be
 * known here, and a late reminder beats none.
 */
@Injectable()
export class ReminderFiring {
  private readonly logger = new Logger(ReminderFiring.name);
  /** The instants this process is firing now (`fireInstant`), by epoch milliseconds. */
  private readonly firingInstants = new Map<number, Promise<InstantOutcome>>();

  constructor(
    private readonly transactions: Transactions,
    private readonly deadlines: DeadlinesRepository,
    private readonly delivery: ReminderDelivery,
    private readonly clock: Clock,
    private readonly holidays: HolidayCalendar,
    private readonly backlog: EventBacklog,
    private readonly config: NotificationsConfig,
  ) {}

  /**
   * Fires several reminders (typically the ones falling due at one instant) in one transaction, with
   * exactly the checks and effects of firing each alone; returns one outcome per ref, in order. The
   * deadline rows are locked first, all in one statement in id order (so two batches, or a batch and a
   * completion, never deadlock), then the reminder rows, in id order too. With `skipLocked` (the
   * reconciler), a deadline another transaction holds is left alone: that reminder stays planned and its
   * outcome is `skipped: locked`, for its timer or the next pass. Throws if any firing fails: the batch
   * rolls back as a whole, and the caller fires its reminders one by one.
   */
  async fireMany(refs: readonly FireRef[], options: { skipLocked?: boolean } = {}): Promise<FiringResult> {
    if (refs.length === 0) return { outcomes: [], timers: [], attempts: [] };
    // Asked before the transaction, so no row lock waits on the broker.
    const backlog = await this.backlog.of(KNOWN_SOURCES);
    return this.transactions.run(async (tx) => {
      const timers: TimerRef[] = [];
      let attempts: OutboundTimer[] = [];
      const outcomes: (FireOutcome | undefined)[] = refs.map(() => undefined);
      const ids = [...new Set(refs.map((ref) => ref.id))];
      const peeked = new Map((await this.deadlines.findReminders(tx, ids)).map((row) => [row.id, row]));
      const now0 = this.clock.now().getTime();
      const candidates: { index: number; peek: ReminderRow }[] = [];
      refs.forEach((ref, index) => {
        const peek = peeked.get(ref.id);
        if (!peek) outcomes[index] = skipped('no such reminder');
        else if (peek.version !== ref.version) outcomes[index] = skipped('superseded');
        else if (peek.state !== 'planned') outcomes[index] = skipped(peek.state);
        else if (peek.fireAt.getTime() - now0 > EARLY_TOLERANCE_MS)
          outcomes[index] = { kind: 'early', fireAt: peek.fireAt };
        else candidates.push({ index, peek });
      });
      if (candidates.length > 0) {
        // Lock order everywhere: the deadline first, then its reminders.
        const deadlineIds = [...new Set(candidates.map(({ peek }) => peek.deadlineId))];
        const locked = new Map(
          (await this.deadlines.lockMany(tx, deadlineIds, options.skipLocked === true)).map((d) => [d.id, d]),
        );
        const reminderIds = [
          ...new Set(candidates.filter(({ peek }) => locked.has(peek.deadlineId)).map(({ peek }) => peek.id)),
        ];
        const lockedReminders = new Map(
          (await this.deadlines.findReminders(tx, reminderIds, true)).map((row) => [row.id, row]),
        );
        let toSend: Firing[] = [];
        const cancelled: string[] = [];
        const now = this.clock.now();
        for (const { index, peek } of candidates) {
          const deadline = locked.get(peek.deadlineId);
          if (!deadline && options.skipLocked === true) {
            outcomes[index] = skipped(LOCKED);
            continue;
          }
          const reminder = lockedReminders.get(peek.id);
          if (!deadline || !reminder || reminder.state !== 'planned') {
            outcomes[index] = skipped(reminder?.state ?? 'gone');
            continue;
          }
          if (deadline.status !== 'open' || deadline.planVersion !== reminder.version) {
            cancelled.push(reminder.id);
            lockedReminders.set(reminder.id, { ...reminder, state: 'cancelled' });
            outcomes[index] = skipped(`deadline ${deadline.status}`);
            continue;
          }
          const until = holdUntil(backlogOf(backlog, deadline.source), reminder.fireAt, now);
          if (until) {
            outcomes[index] = { kind: 'held', until };
            continue;
          }
          lockedReminders.set(reminder.id, { ...reminder, state: 'sent' });
          toSend.push({ index, deadline, reminder, now: this.clock.now() });
        }
        const { kept, superseded } = await this.skipSuperseded(tx, toSend, now);
        for (const firing of superseded) outcomes[firing.index] = skipped(SUPERSEDED);
        toSend = kept;
        await this.skipRemindedBefore(tx, toSend);
        const delivery = await this.delivery.deliver(
          tx,
          toSend.map((firing) => this.toDeliver(firing)),
        );
        attempts = delivery.attempts;
        for (const [i, firing] of toSend.entries()) {
          timers.push(...(await this.planNextOverdue(tx, firing.deadline, firing.reminder, firing.now)));
          outcomes[firing.index] = { kind: 'sent', deliveries: delivery.delivered[i] ?? 0 };
        }
        await this.deadlines.setRemindersState(tx, cancelled, 'cancelled', null);
        await this.deadlines.setRemindersSent(
          tx,
          toSend.map(({ reminder, now }) => ({ id: reminder.id, sentAt: now })),
        );
      }
      return { outcomes: outcomes as FireOutcome[], timers, attempts };
    });
  }

  /**
   * Fires every reminder planned at exactly `at`, set-wise: one instant's timer, not one per reminder. Works
   * in chunks of `chunk` deadlines, one transaction each, with `parallel` chunks at once: each locks its
   * deadlines (SKIP LOCKED, so chunks, workers and the reconciler never wait on one another or deadlock),
   * cancels the reminders of closed or re-planned deadlines and claims the others in one statement each, and
   * hands them to delivery, which writes the in-app rows in one statement (their own unique key is the guard
   * against a second delivery) and logs the external ones. The same checks as `fireMany`: closed
   * programmes and completions have closed the deadline (cancelled), a source with events not yet applied
   * holds its reminders (`heldUntil`), re-planned stages go only to newcomers, overdue alerts plan the next.
   * `onChunk` is called after each chunk commits, with what it planned (to arm the timers). A chunk that
   * fails rolls back, and its reminders are fired one by one by `fireMany`, so one bad reminder fails alone.
   */
  fireInstant(
    at: Date,
    options: { chunk: number; parallel: number; onChunk?: (result: FiringResult) => Promise<void> },
  ): Promise<InstantOutcome> {
    // The instant's timer and the reconciler (which finds the instant overdue 2 s after it, while a large one
    // is still being fired) would otherwise both claim it in this process, twice the transactions at once for
    // the same rows, on the same pool: the second caller waits for the first's firing and takes its outcome.
    // Other processes still share the instant through SKIP LOCKED.
    const key = at.getTime();
    const running = this.firingInstants.get(key);
    if (running) return running;
    const firing = this.fireInstantNow(at, options).finally(() => this.firingInstants.delete(key));
    this.firingInstants.set(key, firing);
    return firing;
  }

  /** Whether this process is firing the instant `at` now (a timer's firing, or the reconciler's). */
  isFiring(at: Date): boolean {
    return this.firingInstants.has(at.getTime());
  }

  private async fireInstantNow(
    at: Date,
    options: { chunk: number; parallel: number; onChunk?: (result: FiringResult) => Promise<void> },
  ): Promise<InstantOutcome> {
    const now0 = this.clock.now();
    if (at.getTime() - now0.getTime() > EARLY_TOLERANCE_MS) return { kind: 'early', fireAt: at };
    // Asked before any row is locked, so no row lock waits on the broker; the first chunk's transaction
    // begins meanwhile (it locks nothing until the answer is in), so a lone reminder waits for the longer of
    // the two round trips, not for both. Every reminder of the instant has the same instant, so a source
    // either holds all of its reminders or none.
    let heldUntil: Date | null = null;
    const heldSources: string[] = [];
    const asked = this.backlog.of(KNOWN_SOURCES).then((backlog) => {
      for (const [source, state] of backlog) {
        const until = holdUntil(state, at, now0);
        if (!until) continue;
        heldSources.push(source);
        if (!heldUntil || until < heldUntil) heldUntil = until;
      }
      return heldSources;
    });
    let sent = 0;
    let superseded = 0;
    let cancelled = 0;
    let failed = false;
    /** One chunk; whether a full one (so there may be more). */
    const claimOnce = async (): Promise<boolean> => {
      let chunk: ChunkOutcome;
      try {
        chunk = await this.fireChunk(at, asked, options.chunk);
      } catch (error) {
        this.logger.warn(`A chunk of reminders due at ${at.toISOString()} failed: ${(error as Error).message}`);
        failed = true;
        return false;
      }
      sent += chunk.sent;
      superseded += chunk.superseded;
      cancelled += chunk.cancelled;
      if (options.onChunk && chunk.locked > 0) await options.onChunk(chunk.result);
      return chunk.locked >= options.chunk;
    };
    // The first chunk alone (an isolated reminder waits for no one); if it was full, `parallel` claimers
    // share the rest, each going on until nothing is left that no one else holds.
    if (await claimOnce()) {
      const claimer = async (): Promise<void> => {
        while (!failed && (await claimOnce()));
      };
      await Promise.all(Array.from({ length: Math.max(1, options.parallel) }, claimer));
    }
    if (failed) {
      // One by one, each alone: what fails stays planned, for the timer's retry or the reconciler.
      const rest = await this.deadlines.plannedAt(this.transactions.none, at, 10 * options.chunk);
      for (const ref of rest) {
        try {
          const result = await this.fireMany([ref], { skipLocked: true });
          if (options.onChunk) await options.onChunk(result);
          const [outcome] = result.outcomes;
          if (outcome?.kind === 'sent') sent += 1;
          else if (outcome?.kind === 'skipped' && outcome.reason === SUPERSEDED) superseded += 1;
          else if (outcome?.kind === 'skipped' && outcome.reason.startsWith('deadline')) cancelled += 1;
        } catch (error) {
          this.logger.error(`Reminder ${ref.id} could not be fired: ${(error as Error).message}`);
        }
      }
    }
    await asked;
    const left = await this.deadlines.countPlannedAt(this.transactions.none, at, heldSources);
    const held = left.ofSources;
    return {
      kind: 'fired',
      sent,
      superseded,
      cancelled,
      heldUntil: held > 0 ? heldUntil : null,
      remaining: left.all - held,
    };
  }

  /** One chunk of an instant, in one transaction (see `fireInstant`); `held`: the sources holding theirs. */
  private async fireChunk(at: Date, held: Promise<readonly string[]>, limit: number): Promise<ChunkOutcome> {
    return this.transactions.run(async (tx) => {
      const heldSources = await held;
      const now = this.clock.now();
      // On time, a reminder says the words planned for its instant, and nothing later can supersede it: the claim
      // writes the in-app rows of those it has words for itself (issue 17, G2).
      const onTime =
        wordsInstant(at, now).getTime() === at.getTime() && now.getTime() - at.getTime() <= this.config.lateGraceMs;
      const chunk = await this.deadlines.claimDueAt(tx, at, heldSources, limit, now, { inbox: onTime });
      const { kept: firings, superseded } = await this.skipSuperseded(
        tx,
        chunk.claimed.map(({ reminder, deadline, message, inboxed }, index): Firing<FiringDeadline> => ({
          index,
          deadline,
          reminder,
          now,
          message,
          inboxed,
        })),
        now,
      );
      await this.skipRemindedBefore(tx, firings);
      const delivery = await this.delivery.deliverSetWise(
        tx,
        firings.map((firing) => this.toDeliver(firing)),
        chunk.inboxed,
      );
      const timers: TimerRef[] = [];
      // Overdue alerts plan the next from the whole deadline (its policy and plan), read for those alone (the
      // claim holds their locks already: taking them again waits for nothing).
      const overdue = firings.filter((firing) => overdueNumber(firing.reminder.stage) !== null);
      if (overdue.length > 0) {
        const whole = new Map(
          (await this.deadlines.lockMany(tx, [...new Set(overdue.map((firing) => firing.deadline.id))])).map((d) => [
            d.id,
            d,
          ]),
        );
        for (const firing of overdue) {
          const deadline = whole.get(firing.deadline.id);
          if (!deadline) throw new Error(`Deadline ${firing.deadline.id} vanished while locked`);
          timers.push(...(await this.planNextOverdue(tx, deadline, firing.reminder, firing.now)));
        }
      }
      return {
        sent: chunk.sent - superseded.length,
        superseded: superseded.length,
        cancelled: chunk.cancelled,
        locked: chunk.locked,
        result: { outcomes: [], timers, attempts: delivery.attempts },
      };
    });
  }

  /**
   * Of reminders fired more than the late grace after their instant (the service was down, say), those that a
   * later stage of the same plan, due by now too, supersedes for the same people are recorded `skipped` and left
   * out: only the latest goes out, as planning skips stages already past the grace, so an outage ends in one alert
   * per person, not a backlog of every stage missed, each saying the same. On-time firings ask nothing.
   */
  private async skipSuperseded<F extends { readonly reminder: ReminderRow }>(
    tx: Tx,
    firings: F[],
    now: Date,
  ): Promise<{ kept: F[]; superseded: F[] }> {
    const late = firings.filter(({ reminder }) => now.getTime() - reminder.fireAt.getTime() > this.config.lateGraceMs);
    const ids = await this.deadlines.supersededOf(
      tx,
      late.map(({ reminder }) => reminder.id),
      now,
    );
    if (ids.size === 0) return { kept: firings, superseded: [] };
    await this.deadlines.setRemindersState(tx, [...ids], 'skipped', null);
    return {
      kept: firings.filter(({ reminder }) => !ids.has(reminder.id)),
      superseded: firings.filter(({ reminder }) => ids.has(reminder.id)),
    };
  }

  /**
   * Leaves out of each firing the people an earlier plan of the deadline already reminded of the same stage
   * at the same instant (a reopen or a reschedule planned it again): only newcomers get it.
   */
  private async skipRemindedBefore<D extends FiringDeadline>(tx: Tx, firings: Firing<D>[]): Promise<void> {
    const replanned = firings.filter((firing) => firing.reminder.version > 1);
    if (replanned.length === 0) return;
    const sent = await this.deadlines.sentStages(tx, [...new Set(replanned.map((firing) => firing.deadline.id))]);
    for (const firing of replanned) {
      const before: SentStage[] = (sent.get(firing.deadline.id) ?? []).filter(
        (row) => row.version !== firing.reminder.version,
      );
      if (before.length === 0) continue;
      const recipients = stillToRemind(firing.reminder, before);
      if (recipients.length < firing.reminder.recipients.length) {
        firings[firings.indexOf(firing)] = { ...firing, reminder: { ...firing.reminder, recipients } };
      }
    }
  }

  /**
   * Overdue alerts repeat while the deadline is open: firing one plans the next (only one ahead at a time).
   * A next alert in a year without a holiday table is planned on Monday–Friday and the year recorded on the
   * deadline, to be re-planned when the table arrives.
   */
  private async planNextOverdue(
    tx: Tx,
    deadline: StoredDeadline,
    reminder: ReminderRow,
    now: Date,
  ): Promise<TimerRef[]> {
    const k = overdueNumber(reminder.stage);
    if (k === null) return [];
    // Another instance may have loaded a year since this one last looked.
    const calendar = await this.holidays.sync(tx);
    const next = nextOverdueStage(deadline, calendar, k, now);
    if (!next) return [];
    const assumed = assumedCalendarYears(deadline, [next], calendar);
    if (assumed.some((year) => !deadline.assumedCalendarYears.includes(year))) {
      this.logger.warn(
        `Deadline ${deadline.id}: next overdue alert planned on Monday–Friday for ${assumed.join(', ')}`,
      );
      await this.deadlines.addAssumedYears(tx, deadline.id, assumed);
    }
    return this.deadlines.insertStages(
      tx,
      deadline.id,
      reminder.version,
      withMessages(deadline, [{ ...next, state: 'planned' }], calendar, this.config.reachFrom(now)),
    );
  }

  /**
   * What delivery sends for one firing: the reminder's words (those its planner wrote, when it goes out on time;
   * else made for the instant they speak of, `wordsInstant`), and where it leads.
   */
  private toDeliver({ deadline, reminder, now, message: planned, inboxed }: Firing<FiringDeadline>): ReminderToDeliver {
    const wordsAt = wordsInstant(reminder.fireAt, now);
    const message =
      planned && wordsAt.getTime() === reminder.fireAt.getTime()
        ? planned
        : plannedMessage(deadline, reminder.stage, wordsAt, this.holidays.current);
    return {
      deadlineId: deadline.id,
      planVersion: reminder.version,
      reminderId: reminder.id,
      stage: reminder.stage,
      fireAt: reminder.fireAt,
      at: now,
      recipients: reminder.recipients,
      inboxed,
      message: {
        sourceKey: reminderSourceKey(deadline.id, reminder.version, reminder.stage),
        subjectType: deadline.subjectType,
        subjectId: deadline.subjectId,
        projectId: deadline.projectId,
        regionCode: deadline.regionCode,
        stage: reminder.stage,
        title: message.title,
        body: message.body,
        link: message.link,
      },
    };
  }
}

/** One reminder the batch fires: its deadline and row, locked, and the instant it fires at. */
interface Firing<D extends FiringDeadline = StoredDeadline> {
  readonly index: number;
  /** Whole when fired one by one; what the words need when an instant is fired set-wise. */
  readonly deadline: D;
  readonly reminder: ReminderRow;
  readonly now: Date;
  /** The words its planner wrote (an instant's claim reads them). */
  readonly message?: StageMessage | null;
  /** Its in-app rows were written with its claim. */
  readonly inboxed?: boolean;
}

function skipped(reason: string): FireOutcome {
  return { kind: 'skipped', reason };
}

const KNOWN_SOURCES = Object.keys(DEADLINE_EVENT_CONSUMERS);

function backlogOf(states: ReadonlyMap<string, BacklogState>, source: string): BacklogState {
  return states.get(source) ?? 'caught-up';
}
