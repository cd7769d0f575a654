import { Injectable } from '@nestjs/common';
import { defaultCalendar } from '@duban/calendar';
import type { EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import { NotificationsConfig } from '../config';
import { ReminderTimers } from '../timers/reminder-timers';
import type { DeadlineFacts, DeadlineStatus } from './deadline';
import { DeadlinesRepository, type StoredDeadline } from './deadlines.repository';
import { audienceOf, planStages, resolveRecipients } from './reminder-plan';

export type ApplyMode =
  /** Re-plan only if what the schedule depends on changed (due, plan, policy, status, history). */
  | 'auto'
  /** Re-plan in any case (a reschedule or a reopening is a live change). */
  | 'replan';

/**
 * Keeps deadlines and their planned reminders in step with the events that describe them. Runs inside the
 * consumer's transaction, holding the deadline row's lock, so firing and completion take turns with it.
 */
@Injectable()
export class DeadlinesService {
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
  async apply(manager: EntityManager, facts: DeadlineFacts, eventId: string, mode: ApplyMode): Promise<StoredDeadline> {
    const { deadline, created } = await this.deadlines.insertOrLock(manager, facts);
    if (!created && deadline.lastEventId !== null && eventId <= deadline.lastEventId) return deadline;

    const changed = created || mode === 'replan' || scheduleChanged(deadline, facts);
    if (!changed) {
      await this.deadlines.update(manager, deadline.id, facts, deadline.planVersion, eventId);
      // Same schedule: only the addressees may have changed (a new responsible officer, a new 组长).
      const next = { ...deadline, ...facts };
      for (const reminder of await this.deadlines.plannedOf(manager, deadline.id)) {
        await this.deadlines.setRecipients(manager, reminder.id, resolveRecipients(next, audienceOf(next, reminder.stage)));
      }
      return { ...next, lastEventId: eventId };
    }

    const cancelled = await this.deadlines.cancelPlanned(manager, deadline.id);
    this.timers.disarmAfterCommit(manager, cancelled);
    if (facts.status !== 'open') {
      // Done or gone: the plan stays as it was, its remaining stages cancelled.
      await this.deadlines.update(manager, deadline.id, facts, deadline.planVersion, eventId);
      return { ...deadline, ...facts, lastEventId: eventId };
    }
    const version = deadline.planVersion + 1;
    await this.deadlines.update(manager, deadline.id, facts, version, eventId);
    const stored: StoredDeadline = { ...deadline, ...facts, planVersion: version, lastEventId: eventId };
    const stages = planStages(stored, { calendar: this.calendar, now: this.clock.now(), lateGraceMs: this.config.lateGraceMs });
    this.timers.armAfterCommit(manager, await this.deadlines.insertStages(manager, deadline.id, version, stages));
    return stored;
  }

  /**
   * Done (or gone): the remaining stages are cancelled in this transaction, under the deadline's lock that
   * a firing reminder also takes, so no alert goes out about something already done.
   */
  async close(manager: EntityManager, source: string, sourceId: string, status: Exclude<DeadlineStatus, 'open'>, eventId: string): Promise<void> {
    const deadline = await this.deadlines.lockBySource(manager, source, sourceId);
    if (!deadline) return;
    if (deadline.lastEventId !== null && eventId <= deadline.lastEventId) return;
    const cancelled = await this.deadlines.cancelPlanned(manager, deadline.id);
    this.timers.disarmAfterCommit(manager, cancelled);
    await this.deadlines.update(manager, deadline.id, { ...deadline, status }, deadline.planVersion, eventId);
  }

  /** The deadline's history flag as stored (an update of a history milestone stays history). */
  async historyOf(manager: EntityManager, source: string, sourceId: string): Promise<boolean> {
    return (await this.deadlines.findBySubject(manager, source, sourceId))?.history ?? false;
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
