import { Injectable, Logger } from '@nestjs/common';
import { Clock, Transactions } from '@duban/platform';
import { NotificationsConfig } from '../config';
import { DeliveryLogRepository } from './delivery-log.repository';
import { composeDigest, webhookBody, type DigestItem } from './digest.rules';
import { EmailSender } from './email-sender.service';
import { composeSms } from './sms-message.rules';
import { SmsSender } from './sms-sender.service';
import { OutboundRepository, type OutboundRow, type OutboundTimer } from './outbound.repository';
import { WebhookError, WebhookSender } from './webhook-sender.service';

export type SendOutcome =
  | { readonly kind: 'sent' | 'failed' | 'cancelled' }
  /** Failed, to be tried again: the caller arms `next` (the transaction that recorded it has committed). */
  | { readonly kind: 'retrying'; readonly next: OutboundTimer | null }
  | { readonly kind: 'early'; readonly at: Date }
  /** Claimed by someone else, already done, or not this attempt: nothing to do. */
  | { readonly kind: 'skipped' };

/** A timer that wakes this much before its instant counts as on time. */
const EARLY_TOLERANCE_MS = 2;

/**
 * Makes one attempt of one outbound message, whether its BullMQ timer woke it or the reconciler found it
 * missed. The claim (one UPDATE) decides who sends: of two workers exactly one does. The call out happens
 * outside any transaction; its outcome is recorded with the attempt, and a failure schedules the next
 * attempt with exponential backoff until `maxAttempts`, then the message is `failed`, with its error, for
 * `GET /api/notifications/deliveries?state=failed`. The next attempt comes back in the outcome: its timer is
 * the caller's (the timers feature) to arm.
 */
@Injectable()
export class OutboundSender {
  private readonly logger = new Logger(OutboundSender.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly outbound: OutboundRepository,
    private readonly log: DeliveryLogRepository,
    private readonly clock: Clock,
    private readonly config: NotificationsConfig,
    private readonly email: EmailSender,
    private readonly webhook: WebhookSender,
    private readonly sms: SmsSender,
  ) {}

  async attempt(id: string, attempt: number): Promise<SendOutcome> {
    const started = this.clock.now();
    // The lease outlives the longest call (SMTP connect + greeting + socket timeouts) with room to spare.
    const leaseUntil = new Date(started.getTime() + 4 * this.config.delivery.timeoutMs + 5_000);
    const claimed = await this.transactions.run(async (tx) => {
      const row = await this.outbound.claim(
        tx,
        id,
        attempt,
        new Date(started.getTime() + EARLY_TOLERANCE_MS),
        leaseUntil,
      );
      if (!row) {
        const current = await this.outbound.find(tx, id);
        const open =
          current && (current.state === 'pending' || current.state === 'retrying') && current.attempts === attempt - 1;
        return open && current.nextAttemptAt ? { early: current.nextAttemptAt } : null;
      }
      return { row, ...(await this.log.itemsOfOutbound(tx, id)) };
    });
    if (!claimed) return { kind: 'skipped' };
    if (!('row' in claimed)) return { kind: 'early', at: claimed.early };

    const { row, items } = claimed;
    if (items.length === 0) {
      return this.record(row, attempt, { state: 'cancelled', error: '所提醒的事项均已完成或已改期', next: null });
    }
    try {
      await this.send(row, items);
    } catch (error) {
      const message = (error as Error).message || String(error);
      // A refused address stays refused: no point in asking again (and again resolving the name).
      const last = attempt >= this.config.delivery.maxAttempts || (error instanceof WebhookError && error.permanent);
      const next = last
        ? null
        : new Date(this.clock.now().getTime() + this.config.delivery.retryBaseMs * 2 ** (attempt - 1));
      if (last)
        this.logger.error(
          `${row.channel} message ${row.id} to ${redact(row.target)} failed for good after ${attempt} attempt(s): ${message}`,
        );
      else
        this.logger.warn(
          `${row.channel} message ${row.id} attempt ${attempt} failed, retrying at ${next?.toISOString()}: ${message}`,
        );
      return this.record(row, attempt, { state: last ? 'failed' : 'retrying', error: message.slice(0, 1000), next });
    }
    return this.record(row, attempt, { state: 'sent', error: null, next: null });
  }

  private async send(row: OutboundRow, items: readonly DigestItem[]): Promise<void> {
    switch (row.channel) {
      case 'email':
        return this.email.send(row.target, composeDigest(items, row.fireAt));
      case 'webhook':
        return this.webhook.send(row.target, row.format, webhookBody(row.format, items, row.fireAt));
      case 'sms':
        return this.sms.send(row.target, composeSms(items, this.config.delivery.sms));
    }
  }

  private async record(
    row: OutboundRow,
    attempt: number,
    outcome: { state: 'sent' | 'retrying' | 'failed' | 'cancelled'; error: string | null; next: Date | null },
  ): Promise<SendOutcome> {
    const recorded = await this.transactions.run((tx) =>
      this.outbound.finish(tx, row.id, attempt, outcome, this.clock.now()),
    );
    if (outcome.state !== 'retrying') return { kind: outcome.state };
    const next = recorded && outcome.next ? { id: row.id, attempt: attempt + 1, at: outcome.next } : null;
    return { kind: 'retrying', next };
  }
}

/** Webhook URLs carry their robot's token: logs show the origin and path only. */
export function redact(target: string): string {
  if (!/^https?:/.test(target)) return target;
  try {
    const url = new URL(target);
    return `${url.origin}${url.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
