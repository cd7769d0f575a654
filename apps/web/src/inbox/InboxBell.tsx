import { BellOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Badge, Button } from 'antd';
import type { MouseEvent } from 'react';
import { useNavigate } from 'react-router';
import { unreadCountQuery, useMarkRead } from './inbox-api';
import { notificationHref } from './notification-link';
import { useInboxStream } from './useInboxStream';

export { INBOX_QUERY_KEY } from './inbox-api';

/** More new notifications at once than this pop up as one summary. */
const MAX_POPUPS = 3;

/**
 * The header's bell: the unread count, a click opens the inbox. It also holds the tab's live connection:
 * a new notification refreshes the count (and any inbox list on screen) and pops up with its title.
 */
export function InboxBell() {
  const navigate = useNavigate();
  const { notification } = App.useApp();
  const markRead = useMarkRead();
  const inbox = useQuery(unreadCountQuery);

  const open = (key: string, href: string, id?: string) => (event: MouseEvent) => {
    // The popup lives outside the router: navigate in the app instead of loading the page.
    event.preventDefault();
    notification.destroy(key);
    if (id) markRead.mutate(id);
    void navigate(href);
  };

  useInboxStream((items) => {
    // A batch (a city's escalations falling due together) is one popup, not a wall of them.
    if (items.length > MAX_POPUPS) {
      const key = items.map((item) => item.id).join();
      notification.info({
        key,
        title: `新提醒：${items.length} 条`,
        description: (
          <a href="/inbox" onClick={open(key, '/inbox')}>
            查看收件箱
          </a>
        ),
      });
      return;
    }
    for (const item of items) {
      const href = notificationHref(item);
      notification.info({
        key: item.id,
        title: `新提醒：${item.title}`,
        description: (
          <>
            {item.body}
            {href && (
              <>
                {' '}
                <a href={href} onClick={open(item.id, href, item.id)}>
                  查看
                </a>
              </>
            )}
          </>
        ),
      });
    }
  });

  const unread = inbox.data?.unread ?? 0;
  return (
    <Badge count={unread} size="small" overflowCount={99}>
      <Button
        type="text"
        aria-label={`收件箱，${unread} 条未读`}
        icon={<BellOutlined style={{ color: '#fff', fontSize: 18 }} />}
        onClick={() => void navigate('/inbox')}
      />
    </Badge>
  );
}
