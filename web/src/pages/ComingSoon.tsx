import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MenuKey } from '../roles.ts';

export function ComingSoon({ menuKey }: { menuKey: MenuKey }) {
  const { t } = useTranslation();
  return (
    <Result
      data-testid="coming-soon"
      status="info"
      title={t('comingSoon.title')}
      subTitle={t('comingSoon.description', { page: t(`menu.${menuKey}`) })}
    />
  );
}
