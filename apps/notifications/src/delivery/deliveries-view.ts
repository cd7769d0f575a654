import type { OutboundMessageView } from '@duban/contracts';
import { HIDDEN_TARGET, type MessageVisibility } from './channel-access.rules';
import type { OutboundDeliveryRecord, OutboundMessageRecord } from './outbound.repository';

/**
 * An e-mail or webhook message as `GET /api/notifications/deliveries` shows it to one caller: the items and
 * recipients of its scope, and its destination only where the caller may see it (also out of the errors:
 * an SMTP server's refusal quotes the address).
 */
export function outboundMessageView(
  record: OutboundMessageRecord,
  visibility: MessageVisibility<OutboundDeliveryRecord>,
): OutboundMessageView {
  const error = (text: string | null) => {
    if (text === null) return null;
    const shown = withoutAnswer(text);
    return visibility.targetShown ? shown : hideAll(shown, record.target);
  };
  return {
    id: record.id,
    channel: record.channel,
    format: record.format,
    target: visibility.targetShown ? record.target : HIDDEN_TARGET,
    fireAt: record.fireAt.toISOString(),
    state: record.state,
    attempts: record.attempts,
    nextAttemptAt: record.nextAttemptAt ? record.nextAttemptAt.toISOString() : null,
    lastError: error(record.lastError),
    sentAt: record.sentAt ? record.sentAt.toISOString() : null,
    recipients: [...visibility.recipients],
    items: visibility.deliveries.map((delivery) => ({
      subjectType: delivery.subjectType,
      subjectId: delivery.subjectId,
      regionCode: delivery.regionCode,
      stage: delivery.stage,
      title: delivery.title,
    })),
    attemptLog: record.attemptLog.map((entry) => ({
      attempt: entry.attempt,
      startedAt: entry.startedAt.toISOString(),
      finishedAt: entry.finishedAt ? entry.finishedAt.toISOString() : null,
      outcome: entry.outcome,
      error: error(entry.error),
    })),
  };
}

function hideAll(text: string, target: string): string {
  if (target === '') return text;
  const escaped = target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(escaped, 'gi'), HIDDEN_TARGET);
}

/**
 * Errors stored before webhook errors stopped quoting the receiver's answer (`HTTP 500: <body>`, a robot's
 * `errmsg`): shown as the sender words them now, without the quoted text.
 */
function withoutAnswer(text: string): string {
  const robot = (format: string) => (format === 'dingtalk' ? '钉钉' : format === 'wecom' ? '企业微信' : format);
  const http = /^HTTP (\d{3}): /.exec(text);
  if (http) return `HTTP ${http[1]}`;
  const notJson = /^the (\w+) robot answered something else than JSON: /.exec(text);
  if (notJson) return `${robot(notJson[1] ?? '')}机器人的应答不是 JSON`;
  const refused = /^the (\w+) robot refused it: errcode (-?\d+)?/.exec(text);
  if (refused) return `${robot(refused[1] ?? '')}机器人拒收${refused[2] ? `（errcode ${refused[2]}）` : ''}`;
  return text;
}
