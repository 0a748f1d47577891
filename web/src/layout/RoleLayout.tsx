import { MenuOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  type ButtonProps,
  Drawer,
  Grid,
  Layout,
  Menu,
  Space,
  Tag,
  Typography,
  theme,
} from 'antd';
import { type MouseEvent, type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import type { User } from '../api/client.ts';
import { useLogout } from '../auth/session.ts';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { canSee, entryPath, inboxPath, type Section } from '../roles.ts';
import { hasUnsavedChanges } from '../unsaved.ts';
import { AdminWarnings } from './AdminWarnings.tsx';
import { InboxBell } from './InboxBell.tsx';

/**
 * The menu entry for the page shown: the longest entry path the location is at or below. The section's
 * home (`/buyer`) only for itself: an unknown page under it is no page of the home's.
 */
function selectedKeys(paths: string[], pathname: string): string[] {
  const current = pathname.replace(/\/$/, '');
  const home = (path: string) => path.split('/').length === 2;
  const matches = paths.filter((path) => current === path || (!home(path) && current.startsWith(`${path}/`)));
  const best = matches.sort((a, b) => b.length - a.length)[0];
  return best ? [best] : [];
}

/** Read by screen readers, not drawn: the page title the visible card titles already show. */
const visuallyHidden = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0, 0, 0, 0)',
  whiteSpace: 'nowrap',
  border: 0,
} as const;

interface Props {
  section: Section;
  user: User;
  children: ReactNode;
}

export function RoleLayout({ section, user, children }: Props) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const { message, modal } = App.useApp();
  const location = useLocation();
  const navigate = useNavigate();
  // Leaving a page with unsaved edits by the menu asks first.
  const leaveTo = (path: string) => (event: MouseEvent) => {
    if (!hasUnsavedChanges() || path === location.pathname) return;
    event.preventDefault();
    modal.confirm({
      title: t('unsaved.title'),
      content: t('unsaved.body'),
      okText: t('unsaved.leave'),
      cancelText: t('unsaved.stay'),
      okButtonProps: { danger: true, 'data-testid': 'unsaved-leave' } as ButtonProps,
      onOk: () => navigate(path),
    });
  };
  const logout = useLogout();
  const inbox = inboxPath(section);
  // A phone has no room for the name and role beside the bell, language and logout: they go.
  const screens = Grid.useBreakpoint();
  const narrow = screens.sm === false;
  // Below a laptop's width the menu is a drawer over the page, opened from the header, rather than
  // a side column that squeezes (or, collapsed, hides) the lists.
  const compact = screens.lg === false;
  const [drawerOpen, setDrawerOpen] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: closing on every navigation is the point
  useEffect(() => setDrawerOpen(false), [location.pathname]);

  const visible = section.menu.filter((entry) => canSee(entry, user.role));
  const current = selectedKeys(
    visible.map((entry) => entryPath(section, entry)),
    location.pathname,
  )[0];
  const currentEntry = visible.find((entry) => entryPath(section, entry) === current);
  const items = section.menu
    .filter((entry) => canSee(entry, user.role))
    .map((entry) => {
      const path = entryPath(section, entry);
      return {
        key: path,
        label: (
          <Link to={path} data-testid={`menu-${entry.key}`} onClick={leaveTo(path)}>
            {t(`menu.${entry.key}`)}
          </Link>
        ),
      };
    });

  // The same menu in the phone's drawer and in the side bar.
  const sideMenu = (
    <Menu
      data-testid="side-menu"
      mode="inline"
      selectedKeys={selectedKeys(
        items.map((item) => item.key),
        location.pathname,
      )}
      items={items}
      style={{ height: '100%', borderInlineEnd: 0 }}
    />
  );
  return (
    <Layout style={{ minHeight: '100vh' }} data-testid={`layout-${section.base.slice(1)}`}>
      <Layout.Header
        data-testid="app-header"
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: narrow ? 8 : 16,
          paddingInline: narrow ? 12 : 24,
          background: token.colorBgContainer,
          borderBottom: `1px solid ${token.colorBorderSecondary}`,
        }}
      >
        {compact && (
          <Button
            type="text"
            icon={<MenuOutlined />}
            aria-label={t('layout.openMenu')}
            aria-expanded={drawerOpen}
            aria-controls="role-menu-drawer"
            data-testid="menu-toggle"
            onClick={() => setDrawerOpen(true)}
          />
        )}
        <Typography.Text strong ellipsis style={{ fontSize: narrow ? 16 : 18, flex: 1, minWidth: 0 }}>
          {t('app.name')}
        </Typography.Text>
        {inbox && <InboxBell to={inbox} />}
        <LanguageSwitch />
        {!narrow && (
          <Space size="small">
            <Typography.Text data-testid="header-display-name">{user.displayName}</Typography.Text>
            <Tag color="blue" data-testid="header-role">
              {t(`roles.${user.role}`)}
            </Tag>
          </Space>
        )}
        <Button
          data-testid="logout-button"
          loading={logout.isPending}
          onClick={() => logout.mutate(undefined, { onError: (error) => message.error(error.message) })}
        >
          {t('header.logout')}
        </Button>
      </Layout.Header>
      <Layout>
        {compact ? (
          <Drawer
            id="role-menu-drawer"
            placement="left"
            size={260}
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            title={
              <Space size="small" wrap>
                <span data-testid="drawer-display-name">{user.displayName}</span>
                <Tag color="blue">{t(`roles.${user.role}`)}</Tag>
              </Space>
            }
            data-testid="menu-drawer"
            styles={{ body: { padding: 0 } }}
          >
            <nav aria-label={t('layout.menu')}>{sideMenu}</nav>
          </Drawer>
        ) : (
          <Layout.Sider theme="light" width={200}>
            <nav aria-label={t('layout.menu')} style={{ height: '100%' }}>
              {sideMenu}
            </nav>
          </Layout.Sider>
        )}
        <Layout.Content style={{ padding: narrow ? 12 : 24, minWidth: 0 }}>
          {/* One h1 per page, for screen readers and the outline: the section of the menu shown. */}
          <h1 data-testid="page-h1" style={visuallyHidden}>
            {currentEntry ? t(`menu.${currentEntry.key}`) : t('app.name')}
          </h1>
          {user.role === 'admin' && <AdminWarnings />}
          {children}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
