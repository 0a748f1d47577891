import { Flex, Spin } from 'antd';
import { Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import type { User } from '../api/client.ts';
import { RoleLayout } from '../layout/RoleLayout.tsx';

import { RoleHome } from '../pages/RoleHome.tsx';
import { ComingSoonPage, menuPages, NotFoundPage, subPages } from '../pages/sectionPages.tsx';
import { canSee, homePath, type MenuEntry, type Section } from '../roles.ts';
import { SessionGate } from './SessionGate.tsx';

function EntryPage({ section, entry, user }: { section: Section; entry: MenuEntry; user: User }) {
  if (!canSee(entry, user.role)) return <Navigate to={section.base} replace />;
  if (entry.href) return <Navigate to={entry.href} replace />;
  if (entry.key === 'home') return <RoleHome user={user} />;
  const Page = menuPages[entry.key];
  return Page ? <Page /> : <ComingSoonPage menuKey={entry.key} />;
}

/** Guards one role section (e.g. /agent/*) and routes the pages of its menu. */
export function SectionRoute({ section }: { section: Section }) {
  return (
    <SessionGate>
      {(user) => {
        if (!user) return <Navigate to="/login" replace />;
        if (!section.roles.includes(user.role)) return <Navigate to={homePath(user.role)} replace />;
        return (
          <RoleLayout section={section} user={user}>
            <Suspense
              fallback={
                <Flex justify="center" style={{ padding: 96 }}>
                  <Spin size="large" />
                </Flex>
              }
            >
              <Routes>
                {section.menu.map((entry) =>
                  entry.path ? (
                    <Route
                      key={entry.key}
                      path={entry.path}
                      element={<EntryPage section={section} entry={entry} user={user} />}
                    />
                  ) : (
                    <Route
                      key={entry.key}
                      index
                      element={<EntryPage section={section} entry={entry} user={user} />}
                    />
                  ),
                )}
                {(subPages[section.base] ?? []).map(({ path, Page }) => (
                  <Route key={path} path={path} element={<Page />} />
                ))}
                <Route path="*" element={<NotFoundPage />} />
              </Routes>
            </Suspense>
          </RoleLayout>
        );
      }}
    </SessionGate>
  );
}
