import { Injectable, Logger } from '@nestjs/common';
import { defaultCalendar } from '@duban/calendar';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import { recipientKey } from '../deadlines/deadline';
import { DeadlinesRepository, type ReminderRow, type StoredDeadline } from '../deadlines/deadlines.repository';
import { reminderMessage } from '../deadlines/messages';
import { nextOverdueStage, overdueNumber } from '../deadlines/reminder-plan';
import { EmailChannel } from '../delivery/email.channel';
import { WebhookChannel } from '../delivery/webhook.channel';
import type { Channel, Endpoint, OutgoingMessage } from '../inbox/channel';
import { InboxChannel } from '../inbox/inbox.channel';
import { ReminderTimers } from './reminder-timers';

/** One reminder row at one version, as its timer names it. */
export interface FireRef {
  readonly id: string;
  readonly version: number;
}

/** The outcome's reason when `skipLocked` left a reminder to whoever holds its deadline. */
export const LOCKED = 'locked';

export type FireOutcome =
  | { readonly kind: 'sent'; readonly deliveries: number }
  | { readonly kind: 'early'; readonly fireAt: Date }
  /** Gone, superseded by a newer plan, already sent, cancelled or skipped: nothing to do. */
  | { readonly kind: 'skipped'; readonly reason: string };

/** A timer that wakes this much before its instant counts as on time (clock granularity, not a re-delay). */
const EARLY_TOLERANCE_MS = 2;

/**
 * Fires one reminder row: the only place a reminder is ever delivered, whether a BullMQ timer woke it or
 * the reconciler found it missed. Everything happens in one transaction holding the deadline's row lock
 * (the lock completion takes too), so either the completion commits first and the stage is cancelled, or
 * the alert commits first and the completion follows it: never an alert about something already done.
 * The delivery log's unique key makes a second firing of the same stage deliver nothing.
 */
@Injectable()
export class ReminderFiring {
  private readonly logger = new Logger(ReminderFiring.name);
  private readonly calendar = defaultCalendar();
  private readonly channels: readonly Channel[];

  constructor(
    private readonly dataSource: DataSource,
    private readonly deadlines: DeadlinesRepository,
    private readonly timers: ReminderTimers,
    private readonly clock: Clock,
    inbox: InboxChannel,
    email: EmailChannel,
    webhook: WebhookChannel,
  ) {
    this.channels = [inbox, email, webhook];
  }

  async fire(reminderId: string, version: number): Promise<FireOutcome> {
    const [outcome] = await this.fireMany([{ id: reminderId, version }]);
    return outcome as FireOutcome;
  }

  /**
   * Fires several reminders (typically the ones falling due at one instant) in one transaction, with
   * exactly the checks and effects of firing each alone; returns one outcome per ref, in order. The
   * deadline rows are locked first, all in one statement in id order (so two batches, or a batch and a
   * completion, never deadlock), then the reminder rows, in id order too. With `skipLocked` (the
   * reconciler), a deadline another transaction holds is left alone: that reminder stays planned and its
   * outcome is `skipped: locked`, for its timer or the next pass. Throws if any firing fails: the batch
   * rolls back as a whole, and the caller fires its reminders one by one.
   */
  async fireMany(refs: readonly FireRef[], options: { skipLocked?: boolean } = {}): Promise<FireOutcome[]> {
    if (refs.length === 0) return [];
    return this.dataSource.transaction(async (manager) => {
      const outcomes: (FireOutcome | undefined)[] = refs.map(() => undefined);
      const ids = [...new Set(refs.map((ref) => ref.id))];
      const peeked = new Map((await this.deadlines.findReminders(manager, ids)).map((row) => [row.id, row]));
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
          (await this.deadlines.lockMany(manager, deadlineIds, options.skipLocked === true)).map((d) => [d.id, d]),
        );
        const reminderIds = [
          ...new Set(candidates.filter(({ peek }) => locked.has(peek.deadlineId)).map(({ peek }) => peek.id)),
        ];
        const lockedReminders = new Map(
          (await this.deadlines.findReminders(manager, reminderIds, true)).map((row) => [row.id, row]),
        );
        const toSend: Firing[] = [];
        const cancelled: string[] = [];
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
          lockedReminders.set(reminder.id, { ...reminder, state: 'sent' });
          toSend.push({ index, deadline, reminder, now: this.clock.now() });
        }
        const deliveries = await this.deliver(manager, toSend);
        for (const [i, firing] of toSend.entries()) {
          await this.planNextOverdue(manager, firing.deadline, firing.reminder, firing.now);
          outcomes[firing.index] = { kind: 'sent', deliveries: deliveries[i] ?? 0 };
        }
        await this.deadlines.setRemindersState(manager, cancelled, 'cancelled', null);
        await this.deadlines.setRemindersSent(
          manager,
          toSend.map(({ reminder, now }) => ({ id: reminder.id, sentAt: now })),
        );
      }
      return outcomes as FireOutcome[];
    });
  }

  /**
   * Delivers the batch's firings: one delivery-log row per (firing, recipient, channel, endpoint), all
   * inserted in one statement whose unique key lets through only what was never delivered; then each
   * channel delivers its new ones (the inbox in one statement too). Returns the deliveries per firing.
   */
  private async deliver(manager: EntityManager, firings: readonly Firing[]): Promise<number[]> {
    if (firings.length === 0) return [];
    // The endpoints of one recipient on one channel, read once per batch (in this transaction).
    const endpointsOf = new Map<string, Promise<readonly Endpoint[]>>();
    const planned: PlannedDelivery[] = [];
    for (const [firingIndex, { deadline, reminder, now }] of firings.entries()) {
      const message = reminderMessage(deadline, reminder.stage, now, this.calendar);
      const link =
        deadline.subjectType === 'milestone'
          ? `/projects/${deadline.projectId}/milestones/${deadline.subjectId}`
          : null;
      for (const recipient of reminder.recipients) {
        const outgoing: OutgoingMessage = {
          recipient,
          sourceKey: `reminder:${deadline.id}:v${reminder.version}:${reminder.stage}`,
          subjectType: deadline.subjectType,
          subjectId: deadline.subjectId,
          projectId: deadline.projectId,
          regionCode: deadline.regionCode,
          stage: reminder.stage,
          title: message.title,
          body: message.body,
          link,
        };
        for (const channel of this.channels) {
          const memo = `${channel.name}|${recipientKey(recipient)}`;
          let endpoints = endpointsOf.get(memo);
          if (!endpoints) {
            endpoints = channel.endpoints(manager, recipient);
            endpointsOf.set(memo, endpoints);
          }
          for (const endpoint of await endpoints) {
            const logKey = deliveryKey(
              deadline.id,
              reminder.version,
              reminder.stage,
              recipientKey(recipient),
              channel.name,
              endpoint.key,
            );
            planned.push({ firingIndex, logKey, channel, endpoint, outgoing, deadline, reminder, now });
          }
        }
      }
    }
    const delivered = firings.map(() => 0);
    if (planned.length === 0) return delivered;
    const logged: {
      id: string;
      deadline_id: string;
      plan_version: number;
      stage: string;
      recipient: string;
      channel: string;
      endpoint: string;
    }[] = await manager.query(
      `INSERT INTO notifications.delivery
         (deadline_id, plan_version, stage, recipient, channel, endpoint, reminder_id, title, body, link)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::uuid[],
                            $8::text[], $9::text[], $10::text[])
       ON CONFLICT (deadline_id, plan_version, stage, recipient, channel, endpoint) DO NOTHING
       RETURNING id, deadline_id, plan_version, stage, recipient, channel, endpoint`,
      [
        planned.map((d) => d.deadline.id),
        planned.map((d) => d.reminder.version),
        planned.map((d) => d.reminder.stage),
        planned.map((d) => recipientKey(d.outgoing.recipient)),
        planned.map((d) => d.channel.name),
        planned.map((d) => d.endpoint.key),
        planned.map((d) => d.reminder.id),
        planned.map((d) => d.outgoing.title),
        planned.map((d) => d.outgoing.body),
        planned.map((d) => d.outgoing.link),
      ],
    );
    const deliveryIds = new Map(
      logged.map((row) => [
        deliveryKey(row.deadline_id, row.plan_version, row.stage, row.recipient, row.channel, row.endpoint),
        String(row.id),
      ]),
    );
    const linked: { deliveryId: string; notificationId: string }[] = [];
    for (const channel of this.channels) {
      // Delivered before: never twice.
      const fresh = planned.flatMap((d) => {
        if (d.channel !== channel) return [];
        const deliveryId = deliveryIds.get(d.logKey);
        if (deliveryId === undefined) return [];
        // One key once, even if a reminder named the same recipient twice.
        deliveryIds.delete(d.logKey);
        return [{ ...d, context: { deliveryId, endpoint: d.endpoint, fireAt: d.reminder.fireAt } }];
      });
      if (fresh.length === 0) continue;
      const written = channel.deliverMany
        ? await channel.deliverMany(
            manager,
            fresh.map((d) => ({ message: d.outgoing, context: d.context, at: d.now })),
          )
        : await sequentially(fresh, (d) => channel.deliver(manager, d.outgoing, d.context, d.now));
      for (const [i, d] of fresh.entries()) {
        const notificationId = written[i];
        if (notificationId) linked.push({ deliveryId: d.context.deliveryId, notificationId });
        delivered[d.firingIndex] = (delivered[d.firingIndex] ?? 0) + 1;
      }
    }
    if (linked.length > 0) {
      await manager.query(
        `UPDATE notifications.delivery d SET notification_id = l.notification_id
           FROM unnest($1::bigint[], $2::uuid[]) AS l (id, notification_id) WHERE d.id = l.id`,
        [linked.map((l) => l.deliveryId), linked.map((l) => l.notificationId)],
      );
    }
    return delivered;
  }

  /** Overdue alerts repeat while the deadline is open: firing one plans the next (only one ahead at a time). */
  private async planNextOverdue(
    manager: EntityManager,
    deadline: StoredDeadline,
    reminder: ReminderRow,
    now: Date,
  ): Promise<void> {
    const k = overdueNumber(reminder.stage);
    if (k === null) return;
    try {
      const next = nextOverdueStage(deadline, this.calendar, k, now);
      if (!next) return;
      const timers = await this.deadlines.insertStages(manager, deadline.id, reminder.version, [
        { ...next, state: 'planned' },
      ]);
      this.timers.armAfterCommit(manager, timers);
    } catch (error) {
      // E.g. a year the holiday table does not cover yet: the alert that fired stands; say why none follows.
      this.logger.error(`No next overdue alert for deadline ${deadline.id}: ${(error as Error).message}`);
    }
  }
}

/** One reminder the batch fires: its deadline and row, locked, and the instant it fires at. */
interface Firing {
  readonly index: number;
  readonly deadline: StoredDeadline;
  readonly reminder: ReminderRow;
  readonly now: Date;
}

interface PlannedDelivery {
  readonly firingIndex: number;
  /** The delivery log's unique key (deadline, plan version, stage, recipient, channel, endpoint). */
  readonly logKey: string;
  readonly channel: Channel;
  readonly endpoint: Endpoint;
  readonly outgoing: OutgoingMessage;
  readonly deadline: StoredDeadline;
  readonly reminder: ReminderRow;
  readonly now: Date;
}

function deliveryKey(...parts: (string | number)[]): string {
  return parts.join('\u0000');
}

async function sequentially<T, R>(items: readonly T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (const item of items) results.push(await run(item));
  return results;
}

function skipped(reason: string): FireOutcome {
  return { kind: 'skipped', reason };
}
