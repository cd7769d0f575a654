import { Injectable, Logger } from '@nestjs/common';
import type { MilestoneFacts } from '@duban/contracts';
import { Transactions, type Tx } from '@duban/platform';
import {
  deadlineFromMilestone,
  deadlineLink,
  reminderSourceKey,
  type DeadlineFacts,
} from '../deadlines/deadline.rules';
import { DeadlinesRepository } from '../deadlines/deadlines.repository';
import type { ReminderMessage } from '../deadlines/reminder-message.rules';
import { ReminderDelivery } from '../delivery/reminder-delivery.service';
import type { Recipient } from '../recipients/recipient.rules';
import { ReminderTimers } from '../timers/reminder-timers.service';

/** One notice about a milestone that goes out at once: its stage, addressees and words. */
export interface OversightNotice {
  readonly facts: MilestoneFacts;
  /** `urge-<id>`, `instruction-<id>`, `acknowledged-<id>`: unique per notice, so a redelivery sends nothing. */
  readonly stage: string;
  /** Whom it goes to, and its words, from the milestone's facts as the event gives them. */
  readonly recipients: (facts: DeadlineFacts) => Recipient[];
  readonly message: (facts: DeadlineFacts) => ReminderMessage;
  readonly at: Date;
}

/**
 * Sends a 催办 or 批示 notice the way reminders go: a reminder row of the milestone's deadline (already sent),
 * then delivery on every channel the recipients have (in-app, e-mail, webhooks), logged once per
 * (stage, recipient, channel) like any stage. Runs in the consumer's transaction; e-mail and webhook attempts
 * are armed once it commits (the reconciler makes any it misses).
 */
@Injectable()
export class OversightNotices {
  private readonly logger = new Logger(OversightNotices.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly deadlines: DeadlinesRepository,
    private readonly delivery: ReminderDelivery,
    private readonly timers: ReminderTimers,
  ) {}

  async send(tx: Tx, notice: OversightNotice): Promise<void> {
    const deadline = await this.deadlines.lockBySource(tx, 'projects', notice.facts.milestoneId);
    if (!deadline) {
      // Its scheduled event travels first on the same stream and consumer: this would be a bug, not a race.
      this.logger.error(`No deadline for milestone ${notice.facts.milestoneId}: ${notice.stage} not sent`);
      return;
    }
    const facts = deadlineFromMilestone(notice.facts, deadline.history);
    const recipients = notice.recipients(facts);
    const message = notice.message(facts);
    const reminderId = await this.deadlines.insertSentStage(tx, deadline, notice.stage, recipients, notice.at);
    if (reminderId === null) return;
    const { attempts } = await this.delivery.deliver(tx, [
      {
        deadlineId: deadline.id,
        planVersion: deadline.planVersion,
        reminderId,
        stage: notice.stage,
        fireAt: notice.at,
        at: notice.at,
        recipients,
        message: {
          sourceKey: reminderSourceKey(deadline.id, deadline.planVersion, notice.stage),
          subjectType: deadline.subjectType,
          subjectId: deadline.subjectId,
          projectId: deadline.projectId,
          regionCode: deadline.regionCode,
          stage: notice.stage,
          title: message.title,
          body: message.body,
          link: deadlineLink(deadline),
        },
      },
    ]);
    if (attempts.length > 0) this.transactions.afterCommit(tx, () => this.timers.armOutbound(attempts));
  }
}
