import { HomeOutlined, LogoutOutlined, SettingOutlined } from '@ant-design/icons';
import { ROLE_LABELS } from '@duban/contracts';
import { Button, Grid, Layout, Menu, Space, Spin } from 'antd';
import { Suspense } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { logout } from '../auth/logout';
import { useMe, type Me } from '../auth/session';
import { CalendarSubscription } from '../formats/CalendarSubscription';
import { InboxBell } from '../inbox/InboxBell';
import { ProgrammeSelector } from '../programmes/ProgrammeSelector';

/** The sections a role works in: the dashboard of its region, the inspections, its own project (home). */
function sectionsFor(me: Me): { key: string; label: string }[] {
  switch (me.role) {
    case 'province_admin':
      return [
        { key: `/regions/${me.regionCodes[0]}`, label: '督办看板' },
        { key: '/overruns', label: '超时倒查' },
        { key: '/inspections', label: '验收检查' },
        { key: '/evaluation', label: '验收设置' },
        { key: '/programmes', label: '年度计划' },
        { key: '/funding', label: '资金管理' },
        { key: '/notification-channels', label: '通知渠道' },
        { key: '/calendars', label: '工作日历' },
        { key: '/people', label: '人员管理' },
        { key: '/audit', label: '审计记录' },
        { key: '/operations', label: '运行维护' },
      ];
    case 'city_officer':
      return [
        { key: `/regions/${me.regionCodes[0]}`, label: '督办看板' },
        { key: '/overruns', label: '超时倒查' },
        { key: '/inspections', label: '验收检查' },
        { key: '/funding', label: '资金管理' },
        { key: '/notification-channels', label: '通知渠道' },
        { key: '/people', label: '人员管理' },
      ];
    case 'inspector':
      return [{ key: '/inspections', label: '验收检查' }];
    case 'county_officer':
    case 'leading_member':
      return [{ key: '/', label: '本县项目' }];
  }
}

/**
 * The frame around every page after login: the programme worked in (chosen here; every page takes its
 * labels from it), the user, the inbox bell, and logout.
 */
export function AppLayout() {
  const me = useMe();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;
  const { pathname } = useLocation();
  const sections = sectionsFor(me);
  const current = sections.find((section) => section.key !== '/' && pathname.startsWith(section.key))?.key;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        className="no-print"
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 12,
          paddingInline: narrow ? 12 : 24,
          background: '#001529',
        }}
      >
        <Link to="/" style={{ color: '#fff', fontWeight: 600, fontSize: 18, whiteSpace: 'nowrap' }}>
          <HomeOutlined /> 督办
        </Link>
        <ProgrammeSelector narrow={narrow} />
        <Menu
          theme="dark"
          mode="horizontal"
          selectedKeys={current ? [current] : []}
          items={sections.map(({ key, label }) => ({ key, label: <Link to={key}>{label}</Link> }))}
          style={{ flex: 1, minWidth: 0, background: 'transparent' }}
        />
        <Space size={narrow ? 'small' : 'middle'}>
          <InboxBell />
          <CalendarSubscription narrow={narrow} />
          <Link to="/notification-preferences" aria-label="通知偏好" title="通知偏好" style={{ color: '#fff' }}>
            <SettingOutlined />
          </Link>
          {!narrow && (
            <Link to="/password" title="修改密码" style={{ color: '#fff' }}>
              {me.displayName}（{ROLE_LABELS[me.role]}）
            </Link>
          )}
          <Button
            type="text"
            aria-label="退出"
            icon={<LogoutOutlined />}
            style={{ color: '#fff' }}
            onClick={() => void logout()}
          >
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
