import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';

/** The server could not be reached: what went wrong and a button to try again. */
export function LoadError({
  message,
  retrying,
  retry,
}: {
  message: string;
  retrying: boolean;
  retry: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Result
      data-testid="app-load-error"
      status="error"
      title={t('app.loadFailed')}
      subTitle={message}
      extra={
        <Button type="primary" loading={retrying} onClick={retry}>
          {t('app.retry')}
        </Button>
      }
    />
  );
}
