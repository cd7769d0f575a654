import { parseIsoOffset, ROLE_LABELS } from '@duban/contracts';
import type { ReminderStage } from './county-api';

/**
 * How the notifications service's stage codes read (see apps/notifications/src/deadlines/reminder-plan.ts):
 * `before-7wd`, `due-day`, `overdue-<k>` (the k-th overdue alert), `escalation`, and `offset-<ISO 8601>` for an
 * extra milestone's exact plan. An unknown code is shown as it is rather than hidden.
 */
export function reminderStageLabel(stage: string): string {
  const before = /^before-(\d+)wd$/.exec(stage);
  if (before) return `到期前${before[1]}个工作日`;
  if (stage === 'due-day') return '到期当日';
  const overdue = /^overdue-(\d+)$/.exec(stage);
  if (overdue) return `逾期提醒（第${overdue[1]}次）`;
  if (stage === 'escalation') return '升级至市局';
  if (stage.startsWith('offset-')) {
    const offset = parseIsoOffset(stage.slice('offset-'.length));
    if (!offset.ok) return stage;
    if (offset.milliseconds === 0) return '到期时';
    const length = durationText(Math.abs(offset.milliseconds));
    return offset.milliseconds < 0 ? `到期前${length}` : `到期后${length}`;
  }
  return stage;
}

const UNITS = [
  [86_400_000, '天'],
  [3_600_000, '小时'],
  [60_000, '分钟'],
  [1000, '秒'],
] as const;

/** 90061000 ms → "1天1小时1分钟1秒"; below a second, in milliseconds. */
export function durationText(milliseconds: number): string {
  let rest = milliseconds;
  const parts: string[] = [];
  for (const [size, unit] of UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count}${unit}`);
    rest -= count * size;
  }
  if (rest > 0) parts.push(`${rest}毫秒`);
  return parts.join('');
}

export const REMINDER_STATE_LABELS: Readonly<Record<ReminderStage['state'], string>> = {
  planned: '待发送',
  sent: '已发送',
  cancelled: '已取消',
  skipped: '已跳过',
};

/** A recipient by name; a role (the city officer) by the role's name. */
export function recipientName(recipient: ReminderStage['recipients'][number]): string {
  return recipient.kind === 'user' ? recipient.name : ROLE_LABELS[recipient.role];
}
