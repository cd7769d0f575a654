import { CalendarOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Popconfirm, Space, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../api/problem';
import { useCalendarToken, useIssueCalendarToken, useRevokeCalendarToken } from './formats-api';
import { formatInstant } from '../county/time';

/**
 * The personal calendar feed (the milestones and report days the user answers for), for a phone's or a
 * desktop's calendar app: made, replaced or stopped here. The address is shown once, when it is made.
 */
export function CalendarSubscription({ narrow }: { narrow: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        type="text"
        aria-label="日历订阅"
        icon={<CalendarOutlined />}
        style={{ color: '#fff' }}
        onClick={() => setOpen(true)}
      >
        {narrow ? '' : '日历订阅'}
      </Button>
      <Modal title="订阅我的督办日历" open={open} onCancel={() => setOpen(false)} footer={null} destroyOnHidden>
        <SubscriptionBody />
      </Modal>
    </>
  );
}

function SubscriptionBody() {
  const state = useCalendarToken();
  const issue = useIssueCalendarToken();
  const revoke = useRevokeCalendarToken();
  const url = issue.data ? new URL(issue.data.url, window.location.origin).href : null;
  const active = state.data?.active ?? false;
  const failure = issue.error ?? revoke.error ?? state.error;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph>
        将订阅地址添加到手机或电脑日历，即可在日历中看到您负责的节点和月报报送日（全天事件，按提醒规则提前提醒），
        节点到期日调整后日历自动更新。订阅地址相当于密码，请勿转发。
      </Typography.Paragraph>
      {url ? (
        <>
          <Typography.Text strong>订阅地址（仅显示这一次）：</Typography.Text>
          <Typography.Paragraph copyable={{ text: url, tooltips: ['复制', '已复制'] }} code>
            {url}
          </Typography.Paragraph>
          <a href={url.replace(/^https?:/, 'webcal:')}>在日历应用中打开</a>
        </>
      ) : (
        <Typography.Text type="secondary">
          {active
            ? `已于 ${formatInstant(state.data?.createdAt ?? '')} 生成订阅地址；如遗失，请更换地址。`
            : '尚未生成订阅地址。'}
        </Typography.Text>
      )}
      <Space>
        <Button type="primary" loading={issue.isPending} onClick={() => issue.mutate()}>
          {active ? '更换订阅地址' : '生成订阅地址'}
        </Button>
        {active && (
          <Popconfirm
            title="停用后，已添加的日历将不再更新。确定停用？"
            onConfirm={() => revoke.mutate(undefined, { onSuccess: () => issue.reset() })}
          >
            <Button danger loading={revoke.isPending}>
              停用订阅
            </Button>
          </Popconfirm>
        )}
      </Space>
      {failure && <Alert type="error" showIcon title={errorMessage(failure)} />}
    </Space>
  );
}
