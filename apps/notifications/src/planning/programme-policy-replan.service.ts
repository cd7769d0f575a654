import type { Envelope, ProgrammeRulesChangedData, ReminderPolicy } from '@duban/contracts';
import { Clock, type Tx } from '@duban/platform';
import { Injectable, Logger } from '@nestjs/common';
import { NotificationsConfig } from '../config';
import { HolidayCalendar } from '../calendars/holiday-calendar.service';
import { MILESTONE_SOURCE, MILESTONE_SUBJECT } from '../deadlines/deadline.rules';
import { DeadlinesRepository, type PlanState, type StoredDeadline } from '../deadlines/deadlines.repository';
import { nextPlan, type PlanContext, type PlannedStage, type SentStage } from '../deadlines/reminder-plan.rules';
import { ReminderTimers } from '../timers/reminder-timers.service';

/**
 * A programme's new reminder policy (ProgrammeRulesChanged) re-plans all its open milestones at once, in the
 * consumer's transaction: the deadlines locked in id order (the order firing and every multi-row lock take),
 * then per batch (`DUBAN_REMINDER_REPLAN_BATCH` deadlines) one statement each to read what earlier plans sent,
 * cancel their planned stages, move them to the next plan version and insert the new stages; the timers are removed and armed after commit through
 * ReminderTimers, as on the per-deadline path. Each deadline's stages come from the very planner of that path
 * (`nextPlan`), so a stage already sent at the same instant stays sent and nobody is reminded twice.
 *
 * Left alone: a milestone with its own exact plan (its owner's choice), one done or cancelled, one already under
 * this policy (a rescheduled milestone's event may have brought it), and one told of something newer than this
 * event (that newer event's policy wins, as on the per-deadline path).
 */
@Injectable()
export class ProgrammePolicyReplanning {
  private readonly logger = new Logger(ProgrammePolicyReplanning.name);

  constructor(
    private readonly deadlines: DeadlinesRepository,
    private readonly timers: ReminderTimers,
    private readonly holidays: HolidayCalendar,
    private readonly clock: Clock,
    private readonly config: NotificationsConfig,
  ) {}

  /** Returns how many deadlines were re-planned. */
  async replan(tx: Tx, event: Envelope<ProgrammeRulesChangedData>): Promise<number> {
    const { programmeId, programmeCode, reminderPolicy } = event.data;
    // Published before the policy travelled with the rules: each milestone's own event brought it.
    if (!reminderPolicy) return 0;
    // A monotonic clock for the log's duration only: an interval of the process, not business time.
    const started = performance.now();
    const now = this.clock.now();
    const context: PlanContext = {
      calendar: await this.holidays.sync(tx),
      now,
      lateGraceMs: this.config.lateGraceMs,
      wordsUntil: this.config.reachFrom(now),
    };
    // Every statement sent ahead of being awaited, so that all are answered before the transaction goes on.
    const inFlight: Promise<unknown>[] = [];
    const lockAfter = (afterId: string | null) =>
      sentAhead(
        inFlight,
        this.deadlines.lockToFollowPolicy(tx, {
          programmeId,
          source: MILESTONE_SOURCE,
          subjectType: MILESTONE_SUBJECT,
          policy: reminderPolicy,
          eventId: event.id,
          afterId,
          limit: this.config.replanBatch,
        }),
      );
    // Batches overlap, so that neither node nor Postgres waits for the other (in turn, 100,000 reminders took
    // 10–12 s, about one core of two). The transaction's statements run one at a time, in the order sent, and
    // node-postgres sends the next only when node is free to: so each stretch of node's own work (planning a
    // batch, building its stages' statement: 100–200 ms) starts just after a long statement was sent (a
    // cancellation, an insert: about 200 ms each), never after a short one.
    let replanned = 0;
    try {
      let batch = await lockAfter(null);
      if (batch.length === 0) return 0;
      const cleared = this.clear(tx, batch, inFlight);
      let next = batch.length === this.config.replanBatch ? lockAfter(lastId(batch)) : null;
      await statementsSent();
      let plans = this.plan(batch, reminderPolicy, await cleared, context);
      for (;;) {
        const following = next ? await next : [];
        const followingCleared = following.length > 0 ? this.clear(tx, following, inFlight) : null;
        void sentAhead(
          inFlight,
          this.deadlines.setPlans(
            tx,
            plans.map((plan) => plan.state),
            reminderPolicy,
            event.id,
            now,
          ),
        );
        // Postgres cancels the next batch's stages while node builds this batch's insert.
        await statementsSent();
        void sentAhead(inFlight, this.insertStages(tx, plans));
        next = following.length === this.config.replanBatch ? lockAfter(lastId(following)) : null;
        replanned += batch.length;
        if (!followingCleared) break;
        // Postgres inserts this batch's stages while node plans the next.
        await statementsSent();
        batch = following;
        plans = this.plan(batch, reminderPolicy, await followingCleared, context);
      }
    } finally {
      await Promise.allSettled(inFlight);
    }
    // The first failure, if any, reaches the caller (and the transaction rolls back).
    await Promise.all(inFlight);
    const ms = Math.round(performance.now() - started);
    this.logger.log(`Programme ${programmeCode}: ${replanned} deadline(s) re-planned on its new policy in ${ms} ms`);
    return replanned;
  }

  /**
   * Reads what earlier plans of the batch sent, then cancels its planned stages; answers the sent stages. Neither
   * touches the other's rows: the read comes first, so the plan can be made while Postgres cancels.
   */
  private clear(
    tx: Tx,
    batch: readonly StoredDeadline[],
    inFlight: Promise<unknown>[],
  ): Promise<Map<string, SentStage[]>> {
    const ids = batch.map((deadline) => deadline.id);
    const stages = sentAhead(inFlight, this.deadlines.sentStages(tx, ids));
    void sentAhead(inFlight, this.deadlines.cancelPlannedOfMany(tx, ids));
    return stages;
  }

  /** Each deadline's next plan under `policy`, from the very planner of the per-deadline path. */
  private plan(
    batch: readonly StoredDeadline[],
    policy: ReminderPolicy,
    sent: ReadonlyMap<string, SentStage[]>,
    context: PlanContext,
  ): BatchPlan[] {
    return batch.map((deadline) => {
      const next = { ...deadline, policy };
      const plan = nextPlan(next, deadline.planVersion, sent.get(deadline.id) ?? [], context);
      return {
        state: { ...next, planVersion: deadline.planVersion + 1, assumedCalendarYears: plan.assumedCalendarYears },
        stages: plan.stages,
      };
    });
  }

  /** Inserts the batch's stages; their timers are armed after commit. */
  private async insertStages(tx: Tx, plans: readonly BatchPlan[]): Promise<void> {
    const instants = await this.deadlines.insertPlans(
      tx,
      plans.map((plan) => ({ deadlineId: plan.state.id, version: plan.state.planVersion, stages: plan.stages })),
    );
    this.timers.armInstantsAfterCommit(tx, instants);
  }
}

/** One deadline's re-plan: its next state and stages. */
interface BatchPlan {
  readonly state: PlanState;
  readonly stages: PlannedStage[];
}

function lastId(batch: readonly StoredDeadline[]): string {
  return (batch[batch.length - 1] as StoredDeadline).id;
}

/**
 * Lets the statements just asked for reach the connection before node works on: a query passes a few promise
 * steps in TypeORM before node-postgres sends it, and a plan computed in between (100–200 ms a batch) held it
 * back, Postgres idle meanwhile.
 */
function statementsSent(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A statement sent ahead of being awaited, kept in `inFlight`: if it fails while the code is busy elsewhere, its
 * rejection is held for whoever awaits it (the re-plan awaits them all), not reported as unhandled.
 */
function sentAhead<T>(inFlight: Promise<unknown>[], promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  inFlight.push(promise);
  return promise;
}
