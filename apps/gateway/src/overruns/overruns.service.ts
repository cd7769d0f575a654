import { Injectable } from '@nestjs/common';
import {
  DomainError,
  GetOverrunReportRpc,
  ListReminderHistoryRpc,
  type Actor,
  type OverrunReportView,
  type OverrunsQuery,
  type SentReminder,
} from '@duban/contracts';
import { RpcClient } from '@duban/platform';

/** Deadlines asked about per history request: far below the contract's bound and NATS's payload limit. */
const HISTORY_CHUNK = 1000;

/**
 * 超时倒查 composed at the gateway: the projects service's report (it decides scope: a region outside the
 * caller's is its 404) and, for each item, the reminders the notifications service's delivery log holds,
 * asked as the same caller. Without the notifications service the report still answers, saying so.
 */
@Injectable()
export class OverrunReports {
  constructor(private readonly rpc: RpcClient) {}

  async report(actor: Actor, query: OverrunsQuery): Promise<OverrunReportView> {
    const report = await this.rpc.call(GetOverrunReportRpc, { actor, ...query });
    const ids = report.items.map((item) => item.deadlineId);
    const sent = new Map<string, SentReminder[]>();
    let remindersKnown = true;
    try {
      for (let start = 0; start < ids.length; start += HISTORY_CHUNK) {
        const history = await this.rpc.call(ListReminderHistoryRpc, {
          actor,
          deadlineIds: ids.slice(start, start + HISTORY_CHUNK),
        });
        for (const item of history.items) sent.set(item.deadlineId, item.reminders);
      }
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'service_unavailable')) throw error;
      remindersKnown = false;
    }
    return {
      ...report,
      remindersKnown,
      items: report.items.map((item) => ({ ...item, reminders: sent.get(item.deadlineId) ?? [] })),
    };
  }
}
