import {
  notificationStageLabel,
  OFFICER_ROLE_LABELS,
  type AnswerableOfficer,
  type OverrunItemView,
  type OverrunReportView,
} from '@duban/contracts';
import { chinaTime } from '../formats/pdf-document';

/** The words the 超时倒查 exports share (xlsx and PDF say the same thing the same way). */

export function reportTitle(report: OverrunReportView): string {
  return `${report.region.name}超时倒查（${report.from} 至 ${report.to}）`;
}

export function reportFilename(report: OverrunReportView, extension: 'xlsx' | 'pdf'): string {
  return `超时倒查-${report.region.name}-${report.from}-${report.to}.${extension}`;
}

export function officersText(officers: readonly AnswerableOfficer[]): string {
  return (
    officers.map((officer) => `${officer.name}（${OFFICER_ROLE_LABELS[officer.role]}）`).join('、') || '未指定责任人'
  );
}

export function dueText(item: OverrunItemView): string {
  return item.dueDate ?? (item.dueAt ? chinaTime(item.dueAt) : '');
}

/** 已完成 2023年4月6日 10:00（北京时间）, or 未完成，自 … 起逾期 (a monthly report: 已报送 / 未报送). */
export function stateText(item: OverrunItemView): string {
  const [done, open] = item.kind === 'report' ? ['已报送', '未报送'] : ['已完成', '未完成'];
  if (item.completedAt) return `${done} ${chinaTime(item.completedAt)}`;
  return `${open}，自 ${chinaTime(item.overdueSince as string)} 起逾期`;
}

/** One line per reminder sent: 逾期提醒 2023年4月3日 09:00（北京时间） 刘星、张振玉（站内、邮件）. */
export function remindersText(item: OverrunItemView, remindersKnown: boolean): string {
  if (!remindersKnown) return '（通知服务暂不可用，未能读取）';
  if (item.reminders.length === 0) return '未发送提醒';
  return item.reminders
    .map(
      (reminder) =>
        `${notificationStageLabel(reminder.stage)} ${chinaTime(reminder.sentAt)} ${reminder.recipients.join('、')}（${reminder.channels.map(channelLabel).join('、')}）`,
    )
    .join('\n');
}

const CHANNEL_LABELS: Readonly<Record<string, string>> = {
  inbox: '站内',
  email: '邮件',
  webhook: '群机器人',
  sms: '短信',
};

function channelLabel(channel: string): string {
  return CHANNEL_LABELS[channel] ?? channel;
}
