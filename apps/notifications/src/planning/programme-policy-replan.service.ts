import type { Envelope, ProgrammeRulesChangedData, ReminderPolicy } from '@duban/contracts';
import { Clock, type Tx } from '@duban/platform';
import { Injectable, Logger } from '@nestjs/common';
import { NotificationsConfig } from '../config';
import { HolidayCalendar } from '../calendars/holiday-calendar.service';
import { MILESTONE_SOURCE, MILESTONE_SUBJECT } from '../deadlines/deadline.rules';
import { DeadlinesRepository, type StoredDeadline } from '../deadlines/deadlines.repository';
import { nextPlan, type PlanContext } from '../deadlines/reminder-plan.rules';
import { ReminderTimers } from '../timers/reminder-timers.service';

/**
 * Deadlines re-planned per statement group: big enough that a national programme (tens of thousands of open
 * milestones) takes a few dozen statements, small enough that one group's rows stay a few MB in memory.
 */
const BATCH = 2_000;

/**
 * A programme's new reminder policy (ProgrammeRulesChanged) re-plans all its open milestones at once, in the
 * consumer's transaction: the deadlines locked in id order (the order firing and every multi-row lock take),
 * then per batch one statement each to cancel their planned stages, read what earlier plans sent, move them to
 * the next plan version and insert the new stages; the timers are removed and armed after commit through
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
    const context = {
      calendar: await this.holidays.sync(tx),
      now,
      lateGraceMs: this.config.lateGraceMs,
      wordsAheadMs: this.config.armAheadMs,
    };
    let replanned = 0;
    let afterId: string | null = null;
    for (;;) {
      const batch: StoredDeadline[] = await this.deadlines.lockToFollowPolicy(tx, {
        programmeId,
        source: MILESTONE_SOURCE,
        subjectType: MILESTONE_SUBJECT,
        policy: reminderPolicy,
        eventId: event.id,
        afterId,
        limit: BATCH,
      });
      if (batch.length === 0) break;
      afterId = batch[batch.length - 1]?.id ?? null;
      await this.replanBatch(tx, batch, reminderPolicy, event.id, context);
      replanned += batch.length;
      if (batch.length < BATCH) break;
    }
    if (replanned > 0) {
      const ms = Math.round(performance.now() - started);
      this.logger.log(`Programme ${programmeCode}: ${replanned} deadline(s) re-planned on its new policy in ${ms} ms`);
    }
    return replanned;
  }

  private async replanBatch(
    tx: Tx,
    batch: readonly StoredDeadline[],
    policy: ReminderPolicy,
    eventId: string,
    context: PlanContext,
  ): Promise<void> {
    const ids = batch.map((deadline) => deadline.id);
    await this.deadlines.cancelPlannedOfMany(tx, ids);
    const sent = await this.deadlines.sentStages(tx, ids);
    const plans = batch.map((deadline) => {
      const next = { ...deadline, policy };
      const plan = nextPlan(next, deadline.planVersion, sent.get(deadline.id) ?? [], context);
      return {
        state: { ...next, planVersion: deadline.planVersion + 1, assumedCalendarYears: plan.assumedCalendarYears },
        stages: plan.stages,
      };
    });
    await this.deadlines.setPlans(
      tx,
      plans.map((plan) => plan.state),
      policy,
      eventId,
      context.now,
    );
    const instants = await this.deadlines.insertPlans(
      tx,
      plans.map((plan) => ({ deadlineId: plan.state.id, version: plan.state.planVersion, stages: plan.stages })),
    );
    this.timers.armInstantsAfterCommit(tx, instants);
  }
}
