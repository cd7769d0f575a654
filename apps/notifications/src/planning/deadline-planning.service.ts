import { Injectable } from '@nestjs/common';
import { defaultCalendar } from '@duban/calendar';
import { Clock, type Tx } from '@duban/platform';
import { NotificationsConfig } from '../config';
import type { DeadlineFacts, DeadlineStatus } from '../deadlines/deadline.rules';
import { DeadlinesRepository, type StoredDeadline } from '../deadlines/deadlines.repository';
import { audienceOf, planStages, resolveRecipients } from '../deadlines/reminder-plan.rules';
import { ReminderTimers } from '../timers/reminder-timers.service';

export type ApplyMode =
  /** Re-plan only if what the schedule depends on changed (due, plan, policy, status, history). */
  | 'auto'
  /** Re-plan in any case (a reschedule or a reopening is a live change). */
  | 'replan';

/**
 * Keeps deadlines and their planned reminders in step with the events that describe them. Runs inside the
 * consumer's transaction, holding the deadline row's lock, so firing and completion take turns with it; the
 * timers of what it plans or cancels are armed or removed once that transaction commits.
 */
@Injectable()
export class DeadlinePlanning {
  private readonly calendar = defaultCalendar();

  constructor(
    private readonly deadlines: DeadlinesRepository,
    private readonly timers: ReminderTimers,
    private readonly clock: Clock,
    private readonly config: NotificationsConfig,
  ) {}

  /**
   * Records the deadline as `facts` describe it after the event `eventId`. Events of one deadline may be
   * handled out of order (several consumers): one older than the last applied (UUIDv7 ids are time-ordered)
   * is ignored, so the latest state always wins.
   */
  async apply(tx: Tx, facts: DeadlineFacts, eventId: string, mode: ApplyMode): Promise<StoredDeadline> {
    const now = this.clock.now();
    const { deadline, created } = await this.deadlines.insertOrLock(tx, facts, now);
    if (!created && deadline.lastEventId !== null && eventId <= deadline.lastEventId) return deadline;

    const changed = created || mode === 'replan' || scheduleChanged(deadline, facts);
    if (!changed) {
      await this.deadlines.update(tx, deadline.id, facts, deadline.planVersion, eventId, now);
      // Same schedule: only the addressees may have changed (a new responsible officer, a new 组长).
      const next = { ...deadline, ...facts };
      for (const reminder of await this.deadlines.plannedOf(tx, deadline.id)) {
        await this.deadlines.setRecipients(tx, reminder.id, resolveRecipients(next, audienceOf(next, reminder.stage)));
      }
      return { ...next, lastEventId: eventId };
    }

    const cancelled = await this.deadlines.cancelPlanned(tx, deadline.id);
    this.timers.disarmAfterCommit(tx, cancelled);
    if (facts.status !== 'open') {
      // Done or gone: the plan stays as it was, its remaining stages cancelled.
      await this.deadlines.update(tx, deadline.id, facts, deadline.planVersion, eventId, now);
      return { ...deadline, ...facts, lastEventId: eventId };
    }
    const version = deadline.planVersion + 1;
    await this.deadlines.update(tx, deadline.id, facts, version, eventId, now);
    const stored: StoredDeadline = { ...deadline, ...facts, planVersion: version, lastEventId: eventId };
    const stages = planStages(stored, { calendar: this.calendar, now, lateGraceMs: this.config.lateGraceMs });
    this.timers.armAfterCommit(tx, await this.deadlines.insertStages(tx, deadline.id, version, stages));
    return stored;
  }

  /**
   * Done (or gone): the remaining stages are cancelled in this transaction, under the deadline's lock that
   * a firing reminder also takes, so no alert goes out about something already done.
   */
  async close(
    tx: Tx,
    source: string,
    sourceId: string,
    status: Exclude<DeadlineStatus, 'open'>,
    eventId: string,
  ): Promise<void> {
    const deadline = await this.deadlines.lockBySource(tx, source, sourceId);
    if (!deadline) return;
    const now = this.clock.now();
    if (deadline.lastEventId !== null && eventId <= deadline.lastEventId) return;
    const cancelled = await this.deadlines.cancelPlanned(tx, deadline.id);
    this.timers.disarmAfterCommit(tx, cancelled);
    await this.deadlines.update(tx, deadline.id, { ...deadline, status }, deadline.planVersion, eventId, now);
  }

  /** The deadline's history flag as stored (an update of a history milestone stays history). */
  async historyOf(tx: Tx, source: string, sourceId: string): Promise<boolean> {
    return (await this.deadlines.findBySubject(tx, source, sourceId))?.history ?? false;
  }
}

function scheduleChanged(before: StoredDeadline, after: DeadlineFacts): boolean {
  return (
    before.status !== after.status ||
    before.history !== after.history ||
    before.dueAt.getTime() !== after.dueAt.getTime() ||
    before.dueDate !== after.dueDate ||
    JSON.stringify(before.plan) !== JSON.stringify(after.plan) ||
    JSON.stringify(before.policy) !== JSON.stringify(after.policy)
  );
}
