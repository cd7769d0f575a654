import { Injectable } from '@nestjs/common';
import { inScope, ROLE_LABELS, type Actor, type ReminderHistory } from '@duban/contracts';
import { Transactions } from '@duban/platform';
import { deadlineRegionPath } from '../deadlines/deadline.rules';
import type { Recipient } from '../recipients/recipient.rules';
import { DeliveryLogRepository } from './delivery-log.repository';

/**
 * The reminders that actually went out about deadlines of the projects service (milestones and monthly
 * reports), from the delivery log and the in-app rows: for the 超时倒查 report, which asks about many at once. Those outside the caller's scope are left out (the one scope
 * rule), never an error: the report asked about what it was allowed to see already.
 */
@Injectable()
export class ReminderHistoryService {
  constructor(
    private readonly transactions: Transactions,
    private readonly log: DeliveryLogRepository,
  ) {}

  async ofDeadlines(actor: Actor, deadlineIds: readonly string[]): Promise<ReminderHistory> {
    const rows = await this.log.sentAbout(this.transactions.none, 'projects', deadlineIds);
    const byDeadline = new Map<string, ReminderHistory['items'][number]>();
    for (const row of rows) {
      if (!inScope(actor, deadlineRegionPath(row))) continue;
      const item = byDeadline.get(row.sourceId) ?? { deadlineId: row.sourceId, reminders: [] };
      item.reminders.push({
        stage: row.stage,
        sentAt: row.sentAt.toISOString(),
        recipients: row.recipients.map(recipientName),
        channels: row.channels,
      });
      byDeadline.set(row.sourceId, item);
    }
    return { items: [...byDeadline.values()] };
  }
}

function recipientName(recipient: Recipient): string {
  return recipient.kind === 'role' ? `${ROLE_LABELS[recipient.role]}（${recipient.regionCode}）` : recipient.name;
}
