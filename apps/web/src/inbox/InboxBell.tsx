import { BellOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button } from 'antd';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../api/client';

export const INBOX_QUERY_KEY = ['inbox'] as const;

/** The header's bell: the unread count, a click opens the inbox. */
export function InboxBell() {
  const navigate = useNavigate();
  const inbox = useQuery({
    queryKey: [...INBOX_QUERY_KEY, 'unread-count'],
    queryFn: () => unwrap(api.GET('/api/me/notifications', { params: { query: { unread: 'true', limit: 1 } } })),
  });
  return (
    <Badge count={inbox.data?.unread ?? 0} size="small" overflowCount={99}>
      <Button
        type="text"
        aria-label={`收件箱，${inbox.data?.unread ?? 0} 条未读`}
        icon={<BellOutlined style={{ color: '#fff', fontSize: 18 }} />}
        onClick={() => void navigate('/inbox')}
      />
    </Badge>
  );
}
