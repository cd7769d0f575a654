import type { AuditTrail } from '@duban/contracts';

export const TRAIL_LABELS: Readonly<Record<AuditTrail, string>> = {
  projects: '项目与进度',
  funding: '资金',
  evaluation: '验收',
  notifications: '提醒与通知',
  gateway: '登录与账号',
};

/** How the actions people look for read in Chinese; any other shows its code. */
const ACTION_LABELS: Readonly<Record<string, string>> = {
  'inspection.open': '发起验收检查',
  'inspection.cancel': '撤销验收检查',
  'inspection.score': '评分',
  'inspection.sign': '签字',
  'rectification.create': '设定整改项',
  'rectification.close': '确认整改完成',
  'settings.put': '修改验收设置',
  'evidence.upload': '上传证据',
  'rubric.load': '载入评分标准',
  'calculator.commit': '提交测算分配',
  'calculator.preview': '测算预览',
  'expenditure.record': '登记支出',
  'disbursement.record': '登记拨付',
  'allocation.set': '设定分配',
  'budget.set': '设定预算',
  'expenditure.reverse': '冲销支出',
  'disbursement.reverse': '冲销拨付',
  'milestone.complete': '完成节点',
  'milestone.reopen': '重新打开节点',
  'auth.login': '登录',
  'auth.logout': '退出',
};

export function actionLabel(action: string): string {
  const label = ACTION_LABELS[action];
  return label ? `${label}（${action}）` : action;
}

/** One changed field, as the table shows it: its value before and after (JSON, shortened). */
export interface Change {
  readonly field: string;
  readonly before: string;
  readonly after: string;
}

const shown = (value: unknown): string => {
  if (value === undefined) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * What a row changed: for two objects, each top-level field whose value differs (before → after); otherwise
 * the whole values. Rows that record no before (a creation) list what was written.
 */
export function changesOf(before: unknown, after: unknown): Change[] {
  if (before == null && after == null) return [];
  if (!isRecord(before) || !isRecord(after)) {
    return [{ field: '', before: before == null ? '—' : shown(before), after: after == null ? '—' : shown(after) }];
  }
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return fields
    .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
    .map((field) => ({ field, before: shown(before[field]), after: shown(after[field]) }));
}
