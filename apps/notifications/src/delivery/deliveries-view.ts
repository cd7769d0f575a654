import type { OutboundMessageView } from '@duban/contracts';
import type { OutboundMessageRecord } from './outbound.repository';

/** An e-mail or webhook message as `GET /api/notifications/deliveries` shows it. */
export function outboundMessageView(record: OutboundMessageRecord): OutboundMessageView {
  return {
    id: record.id,
    channel: record.channel,
    format: record.format,
    target: record.target,
    fireAt: record.fireAt.toISOString(),
    state: record.state,
    attempts: record.attempts,
    nextAttemptAt: record.nextAttemptAt ? record.nextAttemptAt.toISOString() : null,
    lastError: record.lastError,
    sentAt: record.sentAt ? record.sentAt.toISOString() : null,
    recipients: record.recipients,
    items: record.items,
    attemptLog: record.attemptLog.map((entry) => ({
      attempt: entry.attempt,
      startedAt: entry.startedAt.toISOString(),
      finishedAt: entry.finishedAt ? entry.finishedAt.toISOString() : null,
      outcome: entry.outcome,
      error: entry.error,
    })),
  };
}
