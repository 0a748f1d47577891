import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { SectionRoute } from './auth/SectionRoute.tsx';
import { SessionGate } from './auth/SessionGate.tsx';
import { HelpPolicyPage } from './pages/HelpPolicyPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { NotFound } from './pages/NotFound.tsx';
import { homePath, sections } from './roles.ts';

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
          <Routes>
            <Route path="/" element={<RootRedirect />} />
            <Route path="/login" element={<LoginPage />} />
            <Route path="/help/policy" element={<HelpPolicyPage />} />
            {sections.map((section) => (
              <Route
                key={section.base}
                path={`${section.base}/*`}
                element={<SectionRoute section={section} />}
              />
            ))}
            <Route path="*" element={<NotFound />} />
          </Routes>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}
