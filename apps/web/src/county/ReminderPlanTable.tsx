import { notificationStageLabel } from '@duban/contracts';
import { Alert, Space, Table, Typography } from 'antd';
import { QueryState } from '../shared/QueryState';
import { useReminders, type ReminderStage } from './county-api';
import { recipientName, REMINDER_STATE_LABELS } from './reminder-stages';
import { formatInstant } from './time';

/** 提醒计划: every reminder stage of the milestone, when it fires, whom it reaches, and whether it went out. */
export function ReminderPlanTable({ milestoneId }: { milestoneId: string }) {
  const reminders = useReminders(milestoneId);
  return (
    <section aria-label="提醒计划">
      <Typography.Title level={5}>提醒计划</Typography.Title>
      <QueryState query={reminders} isEmpty={(schedule) => schedule.items.length === 0}>
        {(schedule) => (
          <Space orientation="vertical" style={{ width: '100%' }}>
            {(schedule.assumedCalendarYears ?? []).length > 0 && (
              <Alert
                type="warning"
                showIcon
                title={`${(schedule.assumedCalendarYears ?? []).join('、')}年节假日安排尚未加载：提醒暂按周一至周五排定，加载后自动重新排期`}
              />
            )}
            <Table<ReminderStage>
              rowKey={(stage) => `${stage.stage}-${stage.fireAt}`}
              size="small"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={schedule.items}
              columns={[
                { key: 'stage', title: '阶段', render: (_, stage) => notificationStageLabel(stage.stage) },
                { key: 'fireAt', title: '提醒时间', render: (_, stage) => formatInstant(stage.fireAt, true) },
                {
                  key: 'recipients',
                  title: '提醒对象',
                  render: (_, stage) => stage.recipients.map(recipientName).join('、') || '—',
                },
                {
                  key: 'state',
                  title: '状态',
                  render: (_, stage) =>
                    stage.state === 'sent' && stage.sentAt
                      ? `${REMINDER_STATE_LABELS.sent}（${formatInstant(stage.sentAt)}）`
                      : REMINDER_STATE_LABELS[stage.state],
                },
              ]}
            />
          </Space>
        )}
      </QueryState>
    </section>
  );
}
