import { parseIsoOffset } from '../projects/iso-offset';

/**
 * What a notification's `stage` means to its reader. Stages are written by the notifications service
 * (see its reminder plan): `before-<n>wd`, `due-day`, `overdue-<k>`, `escalation`, `offset-<ISO offset>` for
 * an exact plan, `notice` for a notice from another service, and `urge-<id>`, `instruction-<id>`,
 * `acknowledged-<id>` for a 催办, a 批示 and its acknowledgement (sent at once, not planned).
 */
export const NOTIFICATION_STAGE_KINDS = [
  'before',
  'due',
  'overdue',
  'escalation',
  'notice',
  'urge',
  'instruction',
  'acknowledged',
] as const;
export type NotificationStageKind = (typeof NOTIFICATION_STAGE_KINDS)[number];

export const NOTIFICATION_STAGE_LABELS: Readonly<Record<NotificationStageKind, string>> = {
  before: '到期前提醒',
  due: '到期当日',
  overdue: '逾期提醒',
  escalation: '升级督办',
  notice: '通知',
  urge: '催办',
  instruction: '批示',
  acknowledged: '批示已签收',
};

/** The kind of a stage, or null for one this version does not know (show the raw stage then). */
export function notificationStageKind(stage: string): NotificationStageKind | null {
  if (/^before-\d+wd$/.test(stage)) return 'before';
  if (stage === 'due-day') return 'due';
  if (/^overdue-\d+$/.test(stage)) return 'overdue';
  if (stage === 'escalation' || stage === 'notice') return stage;
  const oversight = /^(urge|instruction|acknowledged)-/.exec(stage);
  if (oversight) return oversight[1] as 'urge' | 'instruction' | 'acknowledged';
  if (stage.startsWith('offset-')) {
    const offset = parseIsoOffset(stage.slice('offset-'.length));
    if (!offset.ok) return null;
    return offset.milliseconds < 0 ? 'before' : offset.milliseconds === 0 ? 'due' : 'overdue';
  }
  return null;
}

/**
 * E.g. `before-3wd` → 到期前提醒（提前3个工作日）, `overdue-2` → 逾期提醒（第2次）, and an exact plan's
 * `offset--PT10S` → 到期前提醒（到期前10秒）, `offset-PT0S` → 到期当日（到期时）.
 */
export function notificationStageLabel(stage: string): string {
  const kind = notificationStageKind(stage);
  if (kind === null) return stage;
  const label = NOTIFICATION_STAGE_LABELS[kind];
  const offset = stage.startsWith('offset-') ? parseIsoOffset(stage.slice('offset-'.length)) : null;
  if (offset?.ok) {
    const length = durationText(Math.abs(offset.milliseconds));
    const when = offset.milliseconds === 0 ? '到期时' : offset.milliseconds < 0 ? `到期前${length}` : `到期后${length}`;
    return `${label}（${when}）`;
  }
  const before = /^before-(\d+)wd$/.exec(stage);
  if (before) return `${label}（提前${before[1]}个工作日）`;
  const overdue = /^overdue-(\d+)$/.exec(stage);
  if (overdue && overdue[1] !== '1') return `${label}（第${overdue[1]}次）`;
  return label;
}

const UNITS = [
  [86_400_000, '天'],
  [3_600_000, '小时'],
  [60_000, '分钟'],
  [1000, '秒'],
] as const;

/** 90061000 ms → "1天1小时1分钟1秒"; what is left below a second, in milliseconds. */
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
