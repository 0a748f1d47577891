import { Card, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { User } from '../api/client.ts';

export function RoleHome({ user }: { user: User }) {
  const { t } = useTranslation();
  return (
    <Card
      data-testid="welcome-card"
      title={t('home.welcome', { name: user.displayName })}
      extra={<Tag color="blue">{t(`roles.${user.role}`)}</Tag>}
    >
      <Typography.Paragraph data-testid="role-description" style={{ marginBottom: 0 }}>
        {t(`home.${user.role}`)}
      </Typography.Paragraph>
    </Card>
  );
}
