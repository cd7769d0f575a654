import { notificationStageKind, notificationStageLabel, type NotificationStageKind } from '@duban/contracts';
import { useQuery } from '@tanstack/react-query';
import { App, Badge, Button, Card, Flex, Radio, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../api/problem';
import { programmeTime } from '../county/time';
import { QueryState } from '../shared/QueryState';
import { inboxListQuery, INBOX_PAGE_SIZE, useMarkRead, type InboxItem } from './inbox-api';
import { notificationHref } from './notification-link';

dayjs.extend(relativeTime);

const STAGE_COLOURS: Readonly<Record<NotificationStageKind, string>> = {
  before: 'blue',
  due: 'orange',
  overdue: 'red',
  escalation: 'magenta',
  notice: 'default',
  urge: 'volcano',
  instruction: 'purple',
  acknowledged: 'green',
};

type Filter = 'all' | 'unread';

/**
 * `/inbox`: the newest notifications first, unread ones highlighted, each with its stage, time and a link to
 * what it is about; opening the link or "标为已读" marks it read. New ones appear by themselves: the bell's
 * live connection refreshes this list.
 */
export default function InboxPage() {
  const [filter, setFilter] = useState<Filter>('all');
  const inbox = useQuery(inboxListQuery(filter === 'unread'));
  return (
    <Card
      title="收件箱"
      extra={
        <Radio.Group
          optionType="button"
          value={filter}
          onChange={(event) => setFilter(event.target.value as Filter)}
          options={[
            { value: 'all', label: '全部' },
            { value: 'unread', label: '未读' },
          ]}
        />
      }
    >
      <QueryState
        query={inbox}
        isEmpty={(data) => data.items.length === 0}
        empty={<Typography.Text type="secondary">{filter === 'unread' ? '没有未读通知' : '暂无通知'}</Typography.Text>}
      >
        {(data) => (
          <Flex vertical gap={12}>
            <Typography.Text type="secondary">
              {data.unread > 0 ? `共 ${data.unread} 条未读` : '全部已读'}
              {data.items.length === INBOX_PAGE_SIZE && `，显示最新 ${INBOX_PAGE_SIZE} 条`}
            </Typography.Text>
            <ul aria-label="通知列表" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
              {data.items.map((item) => (
                <InboxEntry key={item.id} item={item} />
              ))}
            </ul>
          </Flex>
        )}
      </QueryState>
    </Card>
  );
}

function InboxEntry({ item }: { item: InboxItem }) {
  const { message } = App.useApp();
  const markRead = useMarkRead();
  const unread = item.readAt === null;
  const href = notificationHref(item);
  const kind = notificationStageKind(item.stage);
  // In Beijing time, as every date of the programme, whatever the browser's zone.
  const created = programmeTime(item.createdAt);
  const read = () => {
    if (unread) markRead.mutate(item.id, { onError: (error) => void message.error(errorMessage(error)) });
  };

  return (
    <li
      aria-label={item.title}
      data-unread={unread}
      style={{
        padding: '12px 16px',
        marginBottom: 8,
        borderRadius: 8,
        border: '1px solid #f0f0f0',
        background: unread ? '#e6f4ff' : undefined,
      }}
    >
      <Flex justify="space-between" align="start" gap={12} wrap>
        <Flex vertical gap={4} style={{ minWidth: 0, flex: 1 }}>
          <Flex gap={8} align="center" wrap>
            {unread && <Badge status="processing" text="未读" />}
            <Tag color={kind ? STAGE_COLOURS[kind] : 'default'}>{notificationStageLabel(item.stage)}</Tag>
            {href ? (
              <Link to={href} onClick={read} style={{ fontWeight: unread ? 600 : 400 }}>
                {item.title}
              </Link>
            ) : (
              <Typography.Text strong={unread}>{item.title}</Typography.Text>
            )}
          </Flex>
          <Typography.Paragraph style={{ margin: 0 }}>{item.body}</Typography.Paragraph>
          <Tooltip title={created.format('YYYY年M月D日 HH:mm:ss')}>
            <Typography.Text type="secondary">
              {created.fromNow()} · {created.format('YYYY-MM-DD HH:mm')}
            </Typography.Text>
          </Tooltip>
        </Flex>
        {unread && (
          <Button size="small" loading={markRead.isPending} onClick={read}>
            标为已读
          </Button>
        )}
      </Flex>
    </li>
  );
}
