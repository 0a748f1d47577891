import { type QueryKey, type UseQueryOptions, type UseQueryResult, useQuery } from '@tanstack/react-query';
import { Alert, Button, Flex, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../api/client.ts';

const isNotFound = (error: unknown) => error instanceof ApiError && error.status === 404;

/**
 * One thing read by its number for a detail page (an order, a case, a complaint): a 404 is an answer,
 * not a failure, so it is not retried; anything else is tried twice more.
 */
export function useDetailQuery<T>(
  queryKey: QueryKey,
  queryFn: () => Promise<T>,
  options: Pick<UseQueryOptions<T, Error>, 'refetchInterval'> = {},
): UseQueryResult<T, Error> {
  return useQuery({
    queryKey,
    queryFn,
    retry: (failures, error) => !isNotFound(error) && failures < 2,
    ...options,
  });
}

/**
 * The page once its thing is loaded; a spinner before. A 404 says it is not there (`<name>-not-found`,
 * with the way back); any other error is shown as it is (`<name>-load-error`).
 */
export function Loaded<T>({
  query,
  name,
  notFound,
  back,
  children,
}: {
  query: UseQueryResult<T, Error>;
  /** What is loaded, for the test ids: order, case, complaint. */
  name: string;
  /** What the 404 says; the server's message when absent. */
  notFound?: string;
  back?: { label: string; to: string; primary?: boolean };
  children: (data: T) => ReactNode;
}) {
  const navigate = useNavigate();
  if (query.isPending)
    return (
      <Flex justify="center" style={{ padding: 96 }}>
        <Spin size="large" />
      </Flex>
    );
  if (query.isError)
    return isNotFound(query.error) ? (
      <Result
        data-testid={`${name}-not-found`}
        status="404"
        title="404"
        subTitle={notFound ?? query.error.message}
        extra={
          back && (
            <Button type={back.primary ? 'primary' : 'default'} onClick={() => navigate(back.to)}>
              {back.label}
            </Button>
          )
        }
      />
    ) : (
      <Alert type="error" showIcon data-testid={`${name}-load-error`} title={query.error.message} />
    );
  return children(query.data);
}
