import { HomeOutlined, LogoutOutlined } from '@ant-design/icons';
import { ROLE_LABELS } from '@duban/contracts';
import { Button, Grid, Layout, Space, Spin, Typography } from 'antd';
import { Suspense } from 'react';
import { Link, Outlet } from 'react-router';
import { session } from '../auth/session-store';
import { useMe } from '../auth/session';
import { InboxBell } from '../inbox/InboxBell';

/** The frame around every page after login: the name of the work, the user, the inbox bell, and logout. */
export function AppLayout() {
  const me = useMe();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{ display: 'flex', alignItems: 'center', gap: 12, paddingInline: narrow ? 12 : 24, background: '#001529' }}
      >
        <Link to="/" style={{ color: '#fff', fontWeight: 600, fontSize: 18, whiteSpace: 'nowrap' }}>
          <HomeOutlined /> 督办
        </Link>
        {!narrow && (
          <Typography.Text style={{ color: 'rgba(255,255,255,0.65)' }} ellipsis>
            公益性零工市场县县全覆盖
          </Typography.Text>
        )}
        <div style={{ flex: 1 }} />
        <Space size={narrow ? 'small' : 'middle'}>
          <InboxBell />
          {!narrow && (
            <Typography.Text style={{ color: '#fff' }}>
              {me.displayName}（{ROLE_LABELS[me.role]}）
            </Typography.Text>
          )}
          <Button type="text" icon={<LogoutOutlined />} style={{ color: '#fff' }} onClick={() => session.end()}>
            {narrow ? '' : '退出'}
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: narrow ? 8 : 24, maxWidth: 1400, width: '100%', margin: '0 auto' }}>
        <Suspense fallback={<Spin style={{ display: 'block', margin: 48 }} />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}

