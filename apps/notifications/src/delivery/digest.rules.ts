import type { WebhookFormat } from '@duban/contracts';
import { chineseDateTime } from '@duban/calendar';

/**
 * One e-mail or IM message out of the reminders due at one destination at one instant (pure functions).
 * Each item's title and body are the reminder's own words (`reminderMessage`: county, milestone, due date,
 * how late), fixed when it fired; the digest only lists them.
 */
export interface DigestItem {
  readonly deadlineId: string;
  readonly stage: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly projectId: string | null;
  readonly regionCode: string;
  readonly title: string;
  readonly body: string;
  readonly link: string | null;
}

export interface Digest {
  readonly subject: string;
  readonly text: string;
}

/** The robots refuse longer texts (WeCom: 2048 bytes of UTF-8; DingTalk: 20000). */
const ROBOT_LIMIT_BYTES: Readonly<Record<Exclude<WebhookFormat, 'generic'>, number>> = {
  wecom: 2048,
  dingtalk: 20_000,
};

/** The same reminder reaching one destination for two addressees is listed once. */
export function uniqueItems(items: readonly DigestItem[]): DigestItem[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = `${item.deadlineId} ${item.stage}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function composeDigest(items: readonly DigestItem[], fireAt: Date, timeZone = 'Asia/Shanghai'): Digest {
  const list = uniqueItems(items);
  const [only] = list;
  if (list.length === 1 && only) {
    return {
      subject: only.title,
      text: `${only.body}${only.link ? `\n\n查看：${only.link}` : ''}\n\n——督办系统（${chineseDateTime(fireAt, timeZone)}）`,
    };
  }
  const lines = list.map(
    (item, index) => `${index + 1}. ${item.title}\n   ${item.body}${item.link ? `\n   查看：${item.link}` : ''}`,
  );
  return {
    subject: `【督办汇总】您有${list.length}项提醒（${chineseDateTime(fireAt, timeZone)}）`,
    text: `您有${list.length}项督办提醒：\n\n${lines.join('\n\n')}\n\n——督办系统`,
  };
}

/** The body POSTed to a webhook of the given format. */
export function webhookBody(
  format: WebhookFormat,
  items: readonly DigestItem[],
  fireAt: Date,
  timeZone = 'Asia/Shanghai',
): unknown {
  const digest = composeDigest(items, fireAt, timeZone);
  switch (format) {
    case 'generic':
      return {
        type: 'duban.reminders',
        fireAt: fireAt.toISOString(),
        subject: digest.subject,
        text: digest.text,
        items: uniqueItems(items).map((item) => ({
          subjectType: item.subjectType,
          subjectId: item.subjectId,
          projectId: item.projectId,
          regionCode: item.regionCode,
          stage: item.stage,
          title: item.title,
          body: item.body,
          link: item.link,
        })),
      };
    case 'dingtalk':
    case 'wecom':
      return {
        msgtype: 'text',
        text: { content: truncateUtf8(`${digest.subject}\n\n${digest.text}`, ROBOT_LIMIT_BYTES[format]) },
      };
  }
}

/** Cuts a text to at most `limit` bytes of UTF-8, on a character boundary, marking the cut. */
export function truncateUtf8(text: string, limit: number): string {
  if (Buffer.byteLength(text, 'utf8') <= limit) return text;
  const mark = '…（内容过长，详见督办系统）';
  const room = limit - Buffer.byteLength(mark, 'utf8');
  let out = '';
  let used = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (used + size > room) break;
    out += char;
    used += size;
  }
  return out + mark;
}
