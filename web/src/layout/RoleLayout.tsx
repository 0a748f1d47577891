import { App, Button, Grid, Layout, Menu, Space, Tag, Typography, theme } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import type { User } from '../api/client.ts';
import { useLogout } from '../auth/session.ts';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { canSee, entryPath, inboxPath, type Section } from '../roles.ts';
import { AdminWarnings } from './AdminWarnings.tsx';
import { InboxBell } from './InboxBell.tsx';

/** The menu entry for the page shown: the longest entry path the location is at or below. */
function selectedKeys(paths: string[], pathname: string): string[] {
  const current = pathname.replace(/\/$/, '');
  const matches = paths.filter((path) => current === path || current.startsWith(`${path}/`));
  const best = matches.sort((a, b) => b.length - a.length)[0];
  return best ? [best] : [];
}

interface Props {
  section: Section;
  user: User;
  children: ReactNode;
}

export function RoleLayout({ section, user, children }: Props) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const { message } = App.useApp();
  const location = useLocation();
  const logout = useLogout();
  const inbox = inboxPath(section);
  // A phone has no room for the name and role beside the bell, language and logout: they go.
  const narrow = Grid.useBreakpoint().sm === false;

  const items = section.menu
    .filter((entry) => canSee(entry, user.role))
    .map((entry) => {
      const path = entryPath(section, entry);
      return {
        key: path,
        label: (
          <Link to={path} data-testid={`menu-${entry.key}`}>
            {t(`menu.${entry.key}`)}
          </Link>
        ),
      };
    });

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
        <Layout.Sider theme="light" width={200} breakpoint="lg" collapsedWidth={0}>
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
        </Layout.Sider>
        <Layout.Content style={{ padding: 24 }}>
          {user.role === 'admin' && <AdminWarnings />}
          {children}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
