import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { SectionRoute } from './auth/SectionRoute.tsx';
import { SessionGate } from './auth/SessionGate.tsx';

/**
 * Ant Design's default secondary grey (#8c8c8c) and primary blue (#1677ff) reach 3.4:1 and 4.1:1
 * against white; WCAG AA asks 4.5:1 for body text. Darker shades of the same colours.
 */
const readableColours = {
  colorPrimary: '#0958d9',
  colorLink: '#0958d9',
  // Hovered links and buttons (a tooltip open on one) stay dark enough too (#2e7ae6 was 4.2:1).
  colorPrimaryHover: '#003eb3',
  // Green and red text (amounts in and out, 成功 / 失败) at 4.5:1 and more: #52c41a and #ff4d4f were 2.2 and 3.3.
  colorSuccess: '#237804',
  colorError: '#cf1322',
  // Warning text (answer-by deadlines, extraction warnings): antd's gold #faad14 is 1.9:1; orange 8 is 5.4.
  colorWarning: '#ad4e00',
  colorLinkHover: '#003eb3',
  colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
  colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
  colorTextDescription: 'rgba(0, 0, 0, 0.6)',
  colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
};

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
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={{ token: readableColours }}>
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
