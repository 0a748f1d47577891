import type { UseQueryResult } from '@tanstack/react-query';
import { Col, Flex, Row, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../api/refunds.ts';
import { CaseStateTag } from '../../components/CaseStateTag.tsx';
import { Loaded } from '../../components/Loaded.tsx';
import { CaseFlags } from './CaseStatus.tsx';

/**
 * What the buyer's, the merchant's and the staff's case pages share: loading one case (a 404 says it
 * is not there, with the way back), its heading, and the two columns.
 */
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
  return (
    <Loaded query={query} name="case" notFound={t('refundCase.notFound')} back={back}>
      {children}
    </Loaded>
  );
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
