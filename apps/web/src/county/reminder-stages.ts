import { ROLE_LABELS } from '@duban/contracts';
import type { ReminderStage } from './county-api';

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
