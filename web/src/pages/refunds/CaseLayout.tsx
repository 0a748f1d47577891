import { type QueryKey, type UseQueryResult, useQuery } from '@tanstack/react-query';
import { Alert, Button, Col, Flex, Result, Row, Spin, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/client.ts';
import type { CaseDetail } from '../../api/refunds.ts';
import { CaseStateTag } from '../../components/CaseStateTag.tsx';
import { CaseFlags } from './CaseStatus.tsx';

/**
 * What the buyer's, the merchant's and the staff's case pages share: loading one case (a 404 is not
 * retried and says the case is not there, with the way back), its heading, and the two columns.
 */
const isNotFound = (error: unknown) => error instanceof ApiError && error.status === 404;

export function useCaseQuery<T>(queryKey: QueryKey, queryFn: () => Promise<T>): UseQueryResult<T, Error> {
  return useQuery({
    queryKey,
    queryFn,
    retry: (failures, error) => !isNotFound(error) && failures < 2,
  });
}

/** The case once loaded; a spinner before, and a 404 (with `back`) or the error instead of it. */
export function CaseLoaded<T>({
  query,
  back,
  children,
}: {
  query: UseQueryResult<T, Error>;
  back: { label: string; to: string; primary?: boolean };
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
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
        data-testid="case-not-found"
        status="404"
        title="404"
        subTitle={t('refundCase.notFound')}
        extra={
          <Button type={back.primary ? 'primary' : 'default'} onClick={() => navigate(back.to)}>
            {back.label}
          </Button>
        }
      />
    ) : (
      <Alert type="error" showIcon data-testid="case-load-error" title={query.error.message} />
    );
  return children(query.data);
}

/** The case card's heading: title, refund number (copyable), state and flags; the viewer's actions. */
export function CaseHeading({
  refund,
  title,
  children,
}: {
  refund: CaseDetail;
  title: string;
  children?: ReactNode;
}) {
  return (
    <Flex justify="space-between" align="center" gap={16} wrap style={{ marginBottom: 16 }}>
      <Flex vertical gap={4}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        <Flex gap={8} align="center" wrap>
          <Typography.Text code copyable data-testid="case-refund-no" style={{ fontSize: 15 }}>
            {refund.refundNo}
          </Typography.Text>
          <CaseStateTag refund={refund} />
          <CaseFlags refund={refund} />
        </Flex>
      </Flex>
      {children}
    </Flex>
  );
}

/** The page's two columns: the case (wide) and its timeline and side cards (narrow; below on phones). */
export function CaseColumns({ main, side }: { main: ReactNode; side: ReactNode }) {
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={16}>
        <Flex vertical gap={16}>
          {main}
        </Flex>
      </Col>
      <Col xs={24} xl={8}>
        <Flex vertical gap={16}>
          {side}
        </Flex>
      </Col>
    </Row>
  );
}
