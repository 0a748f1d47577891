import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { type Language, languages, setLanguage } from '../i18n/index.ts';

export function LanguageSwitch() {
  const { i18n, t } = useTranslation();
  return (
    <Segmented<Language>
      data-testid="lang-switch"
      aria-label={t('lang.label')}
      size="small"
      value={i18n.language === 'en' ? 'en' : 'zh-CN'}
      onChange={setLanguage}
      options={languages.map(({ value, label }) => ({
        value,
        label: <span data-testid={`lang-${value}`}>{label}</span>,
      }))}
    />
  );
}
