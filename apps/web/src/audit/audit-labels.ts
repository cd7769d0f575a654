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
  'milestone.create': '添加节点',
  'milestone.update': '调整节点',
  'milestone.file.upload': '上传节点佐证文件',
  'milestone.urge': '催办',
  'milestone.instruct': '批示',
  'instruction.acknowledge': '签收批示',
  'monthly_report.submit': '报送月报',
  'monthly_report.resubmit': '重新报送月报',
  'monthly_report.return': '退回月报',
  'monthly_report.accept': '通过月报',
  'project.update': '修改附件1',
  'officer.create': '添加领导小组成员',
  'officer.update': '修改领导小组成员',
  'officer.remove': '移除领导小组成员',
  'programme.create': '新建年度计划',
  'programme.close': '关闭年度计划',
  'programme.archive': '归档年度计划',
  'auth.login': '登录',
  'auth.logout': '退出',
};

export function actionLabel(action: string): string {
  const label = ACTION_LABELS[action];
  return label ? `${label}（${action}）` : action;
}

/** What the rows are about, in Chinese; any other shows its code. */
const TARGET_LABELS: Readonly<Record<string, string>> = {
  inspection: '验收检查',
  rectification: '整改项',
  evidence: '证据',
  rubric: '评分标准',
  milestone: '节点',
  instruction: '批示',
  monthly_report: '月报',
  county_project: '项目',
  officer: '领导小组成员',
  leading_group: '领导小组',
  programme: '年度计划',
  programme_template: '计划模板',
  programme_budget: '预算',
  allocation: '资金分配',
  expenditure: '支出',
  disbursement: '拨付',
  account: '账号',
  region: '地区',
  calendar_year: '节假日安排',
  calendar_feed: '日历订阅',
  contact_channel: '通知渠道',
};

/** 验收检查 0195d000-…: the kind of thing in Chinese (its code when unnamed here), then its id. */
export function targetLabel(targetType: string, targetId: string | null): string {
  return `${TARGET_LABELS[targetType] ?? targetType}${targetId ? ` ${targetId}` : ''}`;
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
