import { Spin } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import type { User } from '../api/client.ts';
import { useMe } from './session.ts';

// Rarely shown, and its illustration is heavy: loaded only when the server cannot be reached.
const LoadError = lazy(() => import('./LoadError.tsx').then((m) => ({ default: m.LoadError })));

/** Waits for /api/me and renders its children with the signed-in user, or null when signed out. */
export function SessionGate({ children }: { children: (user: User | null) => ReactNode }) {
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
      <Suspense fallback={null}>
        <LoadError message={error.message} retrying={isFetching} retry={() => refetch()} />
      </Suspense>
    );
  }
  return children(user);
}
