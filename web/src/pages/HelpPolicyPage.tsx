import { Card, Flex, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';

export function HelpPolicyPage() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  return (
    <div style={{ minHeight: '100vh', background: token.colorBgLayout }}>
      <Flex vertical gap={16} style={{ maxWidth: 800, margin: '0 auto', padding: 24 }}>
        <Flex justify="space-between" align="center">
          <Link to="/">{t('app.name')}</Link>
          <LanguageSwitch />
        </Flex>
        <Card data-testid="help-policy">
          <Typography.Title level={2} style={{ marginTop: 0 }}>
            {t('help.policyTitle')}
          </Typography.Title>
          <Typography.Paragraph>{t('help.policyText')}</Typography.Paragraph>
        </Card>
      </Flex>
    </div>
  );
}
