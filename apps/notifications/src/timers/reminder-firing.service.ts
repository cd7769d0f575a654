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
import type { Channel, OutgoingMessage } from '../inbox/channel';
import { InboxChannel } from '../inbox/inbox.channel';
import { ReminderTimers } from './reminder-timers';

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
    return this.dataSource.transaction(async (manager) => {
      const peek = await this.deadlines.findReminder(manager, reminderId);
      if (!peek) return skipped('no such reminder');
      if (peek.version !== version) return skipped('superseded');
      if (peek.state !== 'planned') return skipped(peek.state);
      if (peek.fireAt.getTime() - this.clock.now().getTime() > EARLY_TOLERANCE_MS) {
        return { kind: 'early', fireAt: peek.fireAt };
      }
      // Lock order everywhere: the deadline first, then its reminders.
      const deadline = await this.deadlines.lock(manager, peek.deadlineId);
      const reminder = await this.deadlines.findReminder(manager, reminderId, true);
      if (!deadline || !reminder || reminder.state !== 'planned') return skipped(reminder?.state ?? 'gone');
      if (deadline.status !== 'open' || deadline.planVersion !== reminder.version) {
        await this.deadlines.setReminderState(manager, reminder.id, 'cancelled', null);
        return skipped(`deadline ${deadline.status}`);
      }
      const now = this.clock.now();
      const deliveries = await this.deliver(manager, deadline, reminder, now);
      await this.deadlines.setReminderState(manager, reminder.id, 'sent', now);
      await this.planNextOverdue(manager, deadline, reminder, now);
      return { kind: 'sent', deliveries };
    });
  }

  private async deliver(
    manager: EntityManager,
    deadline: StoredDeadline,
    reminder: ReminderRow,
    now: Date,
  ): Promise<number> {
    const message = reminderMessage(deadline, reminder.stage, now, this.calendar);
    const link =
      deadline.subjectType === 'milestone' ? `/projects/${deadline.projectId}/milestones/${deadline.subjectId}` : null;
    let delivered = 0;
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
        for (const endpoint of await channel.endpoints(manager, recipient)) {
          const logged: { id: string }[] = await manager.query(
            `INSERT INTO notifications.delivery
               (deadline_id, plan_version, stage, recipient, channel, endpoint, reminder_id, title, body, link)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
             ON CONFLICT (deadline_id, plan_version, stage, recipient, channel, endpoint) DO NOTHING RETURNING id`,
            [
              deadline.id,
              reminder.version,
              reminder.stage,
              recipientKey(recipient),
              channel.name,
              endpoint.key,
              reminder.id,
              message.title,
              message.body,
              link,
            ],
          );
          const deliveryId = logged[0]?.id;
          if (deliveryId === undefined) continue; // delivered before: never twice
          const written = await channel.deliver(
            manager,
            outgoing,
            { deliveryId, endpoint, fireAt: reminder.fireAt },
            now,
          );
          if (written) {
            await manager.query(`UPDATE notifications.delivery SET notification_id = $2 WHERE id = $1`, [
              deliveryId,
              written,
            ]);
          }
          delivered += 1;
        }
      }
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

function skipped(reason: string): FireOutcome {
  return { kind: 'skipped', reason };
}
