import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { SectionRoute } from './auth/SectionRoute.tsx';
import { SessionGate } from './auth/SessionGate.tsx';

import { NotFoundPage } from './pages/sectionPages.tsx';
import { homePath, sections } from './roles.ts';

// Pages outside the role sections load when visited (the sections load theirs in sectionPages.tsx).
const LoginPage = lazy(() => import('./pages/LoginPage.tsx').then((m) => ({ default: m.LoginPage })));
const HelpComplaintsPage = lazy(() =>
  import('./pages/HelpComplaintsPage.tsx').then((m) => ({ default: m.HelpComplaintsPage })),
);
const HelpPolicyPage = lazy(() =>
  import('./pages/HelpPolicyPage.tsx').then((m) => ({ default: m.HelpPolicyPage })),
);

function RootRedirect() {
  return (
    <SessionGate>{(user) => <Navigate to={user ? homePath(user.role) : '/login'} replace />}</SessionGate>
  );
}

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN}>
      <AntApp>
        <BrowserRouter>
          <Suspense fallback={null}>
            <Routes>
              <Route path="/" element={<RootRedirect />} />
              <Route path="/login" element={<LoginPage />} />
              <Route path="/help/policy" element={<HelpPolicyPage />} />
              <Route path="/help/complaints" element={<HelpComplaintsPage />} />
              {sections.map((section) => (
                <Route
                  key={section.base}
                  path={`${section.base}/*`}
                  element={<SectionRoute section={section} />}
                />
              ))}
              <Route path="*" element={<NotFoundPage />} />
            </Routes>
          </Suspense>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}
