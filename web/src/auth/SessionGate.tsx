import { Button, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../api/client.ts';
import { useMe } from './session.ts';

/** Waits for /api/me and renders its children with the signed-in user, or null when signed out. */
export function SessionGate({ children }: { children: (user: User | null) => ReactNode }) {
  const { t } = useTranslation();
  const { data: user, isPending, isError, error, refetch, isFetching } = useMe();

  if (isPending) {
    return (
      <div data-testid="app-loading" style={{ display: 'flex', justifyContent: 'center', padding: 96 }}>
        <Spin size="large" />
      </div>
    );
  }
  if (isError) {
    return (
      <Result
        data-testid="app-load-error"
        status="error"
        title={t('app.loadFailed')}
        subTitle={error.message}
        extra={
          <Button type="primary" loading={isFetching} onClick={() => refetch()}>
            {t('app.retry')}
          </Button>
        }
      />
    );
  }
  return children(user);
}
