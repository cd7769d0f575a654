import { isDeepStrictEqual } from 'node:util';
import { Injectable } from '@nestjs/common';
import { Clock, type Tx } from '@duban/platform';
import { NotificationsConfig } from '../config';
import type { DeadlineFacts, DeadlineStatus } from '../deadlines/deadline.rules';
import { ClosedProgrammesRepository } from '../deadlines/closed-programmes.repository';
import { DeadlinesRepository, type StoredDeadline } from '../deadlines/deadlines.repository';
import { HolidayCalendar } from '../calendars/holiday-calendar.service';
import { audienceOf, messageWithin, nextPlan, resolveRecipients } from '../deadlines/reminder-plan.rules';
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
 *
 * Nothing here throws for a business condition (DESIGN rule 7): a year without a holiday table is planned on
 * Monday–Friday and flagged on the deadline (`assumedCalendarYears`), to be re-planned when its table arrives.
 */
@Injectable()
export class DeadlinePlanning {
  constructor(
    private readonly deadlines: DeadlinesRepository,
    private readonly timers: ReminderTimers,
    private readonly clock: Clock,
    private readonly config: NotificationsConfig,
    private readonly holidays: HolidayCalendar,
    private readonly closedProgrammes: ClosedProgrammesRepository,
  ) {}

  /**
   * Records the deadline as `facts` describe it after the event `eventId`. Events of one deadline may be
   * handled out of order (several consumers): one older than the last applied (UUIDv7 ids are time-ordered)
   * is ignored, so the latest state always wins, also when the latest was a clearing that arrived before
   * the deadline was ever set (its tombstone).
   */
  async apply(tx: Tx, given: DeadlineFacts, eventId: string, mode: ApplyMode): Promise<StoredDeadline> {
    const now = this.clock.now();
    await this.deadlines.lockIdentity(tx, given.source, given.sourceId);
    // A closed programme is chased no more: an event still in flight about one of its deadlines (another
    // service's, or published before the closing) is recorded, as cancelled, and plans nothing.
    const facts: DeadlineFacts =
      given.status === 'open' && (await this.closedProgrammes.isClosed(tx, given.programmeId))
        ? { ...given, status: 'cancelled' }
        : given;
    const { deadline, created } = await this.deadlines.insertOrLock(tx, facts, now);
    if (created) {
      const tombstone = await this.deadlines.tombstoneOf(tx, facts.source, facts.sourceId);
      if (tombstone) await this.deadlines.dropTombstone(tx, facts.source, facts.sourceId);
      if (tombstone && eventId < tombstone.eventId) {
        // Cleared after this (older) event was published: recorded as cleared, nothing planned.
        const cleared = { ...deadline, ...facts, status: tombstone.status, lastEventId: tombstone.eventId };
        await this.deadlines.update(tx, cleared, cleared, now);
        return cleared;
      }
    }
    if (!created && deadline.lastEventId !== null && eventId <= deadline.lastEventId) return deadline;
    const changed = created || mode === 'replan' || scheduleChanged(deadline, facts);
    if (!changed) {
      const next: StoredDeadline = { ...deadline, ...facts, lastEventId: eventId };
      await this.deadlines.update(tx, next, next, now);
      // Same schedule: only the addressees (a new responsible officer, a new 组长) and the words (a renamed
      // milestone or project) may have changed. Words are kept for the stages due soon (see `withMessages`).
      const planned = await this.deadlines.plannedOf(tx, deadline.id);
      const calendar = planned.length > 0 ? await this.holidays.sync(tx) : this.holidays.current;
      const wordsUntil = this.config.reachFrom(now);
      for (const reminder of planned) {
        await this.deadlines.setRecipientsAndMessage(
          tx,
          reminder.id,
          resolveRecipients(next, audienceOf(next, reminder.stage)),
          messageWithin(next, reminder, calendar, wordsUntil),
        );
      }
      return next;
    }
    await this.deadlines.cancelPlanned(tx, deadline.id);
    if (facts.status !== 'open') {
      // Done or gone: the plan stays as it was, its remaining stages cancelled.
      const closed: StoredDeadline = { ...deadline, ...facts, lastEventId: eventId };
      await this.deadlines.update(tx, closed, closed, now);
      return closed;
    }
    return this.plan(tx, { ...deadline, ...facts, lastEventId: eventId }, now);
  }

  /**
   * `apply` for several events that close their deadlines (done or gone: `facts.status` is not `open`), such as
   * a consumer's run of completions, set-wise: the deadlines' locks (identity, then row) taken for all of them
   * in a few statements, their planned stages cancelled in one and their rows written in one. Only each
   * deadline's latest event counts (an older one would be ignored after it, as `apply` does); what is not the
   * plain case, a deadline first heard of here (its tombstone) or one whose schedule this does not change, is
   * handed to `apply`, holding the same locks.
   */
  async closeMany(
    tx: Tx,
    events: readonly { readonly facts: DeadlineFacts; readonly eventId: string }[],
  ): Promise<void> {
    const latest = new Map<string, { readonly facts: DeadlineFacts; readonly eventId: string }>();
    for (const event of events) {
      if (event.facts.status === 'open') throw new Error(`closeMany was given an open deadline (${event.eventId})`);
      const key = `${event.facts.source}\u0000${event.facts.sourceId}`;
      const seen = latest.get(key);
      if (!seen || seen.eventId < event.eventId) latest.set(key, event);
    }
    // In one order for every caller, so that two batches never take the same locks in a circle.
    const ordered = [...latest.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const identities = ordered.map(([, { facts }]) => ({ source: facts.source, sourceId: facts.sourceId }));
    const now = this.clock.now();
    await this.deadlines.lockIdentities(tx, identities);
    const stored = new Map(
      (await this.deadlines.lockManyBySource(tx, identities)).map((d) => [`${d.source}\u0000${d.sourceId}`, d]),
    );
    const closed: StoredDeadline[] = [];
    for (const [key, { facts, eventId }] of ordered) {
      const deadline = stored.get(key);
      if (deadline && deadline.lastEventId !== null && eventId <= deadline.lastEventId) continue;
      if (!deadline || !scheduleChanged(deadline, facts)) await this.apply(tx, facts, eventId, 'auto');
      else closed.push({ ...deadline, ...facts, lastEventId: eventId });
    }
    // As `apply` closes one: the plan stays as it was, its remaining stages cancelled.
    await this.deadlines.cancelPlannedOfMany(
      tx,
      closed.map((d) => d.id),
    );
    await this.deadlines.updateMany(tx, closed, now);
  }

  /**
   * Done (or gone): the remaining stages are cancelled in this transaction, under the deadline's lock that
   * a firing reminder also takes, so no alert goes out about something already done. A deadline not set
   * yet (its `deadline.set` is late, or being retried) gets a tombstone instead, so that set, being older,
   * cannot open it.
   */
  async close(
    tx: Tx,
    source: string,
    sourceId: string,
    status: Exclude<DeadlineStatus, 'open'>,
    eventId: string,
  ): Promise<void> {
    const now = this.clock.now();
    await this.deadlines.lockIdentity(tx, source, sourceId);
    const deadline = await this.deadlines.lockBySource(tx, source, sourceId);
    if (!deadline) {
      await this.deadlines.recordTombstone(tx, source, sourceId, { status, eventId }, now);
      return;
    }
    if (deadline.lastEventId !== null && eventId <= deadline.lastEventId) return;
    await this.deadlines.cancelPlanned(tx, deadline.id);
    const closed: StoredDeadline = { ...deadline, status, lastEventId: eventId };
    await this.deadlines.update(tx, closed, closed, now);
  }

  /**
   * Cancels an open deadline of a programme being closed: its planned stages cancelled under the deadline's
   * lock (a firing reminder takes it too, so nothing goes out after), its timers removed after commit. Unlike
   * `close`, no event order applies: a closing is final, whatever another service announced since.
   * Returns whether the deadline was open (false: done or cancelled meanwhile).
   */
  async cancelForClosedProgramme(tx: Tx, source: string, sourceId: string): Promise<boolean> {
    await this.deadlines.lockIdentity(tx, source, sourceId);
    const deadline = await this.deadlines.lockBySource(tx, source, sourceId);
    if (!deadline || deadline.status !== 'open') return false;
    await this.deadlines.cancelPlanned(tx, deadline.id);
    const closed: StoredDeadline = { ...deadline, status: 'cancelled' };
    await this.deadlines.update(tx, closed, closed, this.clock.now());
    return true;
  }

  /**
   * Plans the deadline again on a changed calendar: `assumed`, because the calendar now covers a year its
   * plan assumed (false if there is nothing to do: done meanwhile, re-planned by another instance, or still
   * no table for those years); `loaded`, because a year's table it touches was loaded or replaced (false
   * only if it is no longer open). Stages the current plan already sent stay sent where they went out.
   */
  async replanOnCalendar(tx: Tx, deadlineId: string, reason: 'assumed' | 'loaded' = 'assumed'): Promise<boolean> {
    const deadline = await this.deadlines.lockById(tx, deadlineId);
    if (!deadline || deadline.status !== 'open') return false;
    const calendar = await this.holidays.sync(tx);
    if (reason === 'assumed' && !deadline.assumedCalendarYears.some((y) => calendar.covers(y))) return false;
    await this.deadlines.cancelPlanned(tx, deadline.id);
    await this.plan(tx, deadline, this.clock.now(), { recalendar: true });
    return true;
  }

  /** The deadline's history flag as stored (an update of a history milestone stays history). */
  async historyOf(tx: Tx, source: string, sourceId: string): Promise<boolean> {
    return (await this.deadlines.findBySubject(tx, source, sourceId))?.history ?? false;
  }

  /**
   * A new plan version for an open deadline (its old planned stages already cancelled): stages on today's
   * calendar, those an earlier plan already sent at the same instant carried over as sent (on a calendar
   * change, those the current plan sent at all), the years it had to assume recorded; timers armed once the
   * transaction commits.
   */
  private async plan(
    tx: Tx,
    deadline: StoredDeadline,
    now: Date,
    options: { recalendar?: boolean } = {},
  ): Promise<StoredDeadline> {
    const calendar = await this.holidays.sync(tx);
    const version = deadline.planVersion + 1;
    const context = { calendar, now, lateGraceMs: this.config.lateGraceMs, wordsUntil: this.config.reachFrom(now) };
    const sentBefore = (await this.deadlines.sentStages(tx, [deadline.id])).get(deadline.id) ?? [];
    const { stages, assumedCalendarYears } = nextPlan(deadline, deadline.planVersion, sentBefore, context, options);
    const stored: StoredDeadline = { ...deadline, planVersion: version, assumedCalendarYears };
    await this.deadlines.update(tx, stored, stored, now);
    this.timers.armAfterCommit(tx, await this.deadlines.insertStages(tx, deadline.id, version, stages));
    return stored;
  }
}

/**
 * Whether the deadline's reminders must be planned anew. The plan and policy are compared as values: the stored
 * ones come back from jsonb with their keys in jsonb's order, not the event's, so comparing their JSON text called
 * every policy changed, and every rename or new officer re-planned the deadline.
 */
function scheduleChanged(before: StoredDeadline, after: DeadlineFacts): boolean {
  return (
    before.status !== after.status ||
    before.history !== after.history ||
    before.dueAt.getTime() !== after.dueAt.getTime() ||
    before.dueDate !== after.dueDate ||
    !isDeepStrictEqual(before.plan, after.plan) ||
    !isDeepStrictEqual(before.policy, after.policy)
  );
}
