import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Flex, Result, Row, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { type CaseDetail, getRefund } from '../../api/refunds.ts';
import { CaseConversation } from '../../components/CaseConversation.tsx';
import { CaseFileCard } from '../../components/CaseFileCard.tsx';
import { CaseStateTag } from '../../components/CaseStateTag.tsx';
import { CaseTimeline } from '../../components/CaseTimeline.tsx';
import { ComplaintButton } from '../complaints/ComplaintButton.tsx';
import { ReturnShipmentCard } from '../returns/ReturnShipmentCard.tsx';
import { BuyerCaseActions } from './BuyerCaseActions.tsx';
import { CaseEvidence } from './CaseEvidence.tsx';
import { CaseFacts } from './CaseFacts.tsx';
import { CaseLineage } from './CaseLineage.tsx';
import { CaseFlags, CaseStatus } from './CaseStatus.tsx';
import { CaseVerification } from './CaseVerification.tsx';
import { ExpressRecoveryCard } from './ExpressRecoveryCard.tsx';

const isNotFound = (error: unknown) => error instanceof ApiError && error.status === 404;

function CaseView({ refund }: { refund: CaseDetail }) {
  const { t } = useTranslation();
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={16}>
        <Flex vertical gap={16}>
          <CaseVerification refund={refund} />
          {refund.express && <ExpressRecoveryCard refundNo={refund.refundNo} />}
          <Card data-testid="case-detail" data-version={refund.version}>
            <Flex justify="space-between" align="center" gap={16} wrap style={{ marginBottom: 16 }}>
              <Flex vertical gap={4}>
                <Typography.Title level={4} style={{ margin: 0 }}>
                  {t('refundCase.title')}
                </Typography.Title>
                <Flex gap={8} align="center" wrap>
                  <Typography.Text code copyable data-testid="case-refund-no" style={{ fontSize: 15 }}>
                    {refund.refundNo}
                  </Typography.Text>
                  <CaseStateTag refund={refund} />
                  <CaseFlags refund={refund} />
                </Flex>
              </Flex>
              <Flex gap={8} wrap>
                <BuyerCaseActions refund={refund} />
                <ComplaintButton refund={refund} />
              </Flex>
            </Flex>
            <Flex vertical gap={16}>
              <CaseLineage refund={refund} base="/buyer/refunds" />
              <CaseStatus refund={refund} />
              <CaseFacts refund={refund} />
            </Flex>
          </Card>
          <ReturnShipmentCard refund={refund} viewer="buyer" queryKey={['refund', refund.refundNo]} />
          <CaseEvidence refund={refund} queryKey={['refund', refund.refundNo]} />
          <CaseConversation refundNo={refund.refundNo} viewer="buyer" />
        </Flex>
      </Col>
      <Col xs={24} xl={8}>
        <Flex vertical gap={16}>
          <CaseTimeline events={refund.timeline} />
          <CaseFileCard refundNo={refund.refundNo} />
        </Flex>
      </Col>
    </Row>
  );
}

/** One refund case of the buyer: facts, the quote's reasons, progress and what can still be done. */
export function RefundCasePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { refundNo = '' } = useParams();
  const refund = useQuery({
    queryKey: ['refund', refundNo],
    queryFn: () => getRefund(refundNo),
    retry: (failures, error) => !isNotFound(error) && failures < 2,
  });

  if (refund.isPending) {
    return (
      <Flex justify="center" style={{ padding: 96 }}>
        <Spin size="large" />
      </Flex>
    );
  }
  if (refund.isError) {
    return isNotFound(refund.error) ? (
      <Result
        data-testid="case-not-found"
        status="404"
        title="404"
        subTitle={t('refundCase.notFound')}
        extra={
          <Button type="primary" onClick={() => navigate('/buyer/refunds')}>
            {t('refundCase.backToList')}
          </Button>
        }
      />
    ) : (
      <Alert type="error" showIcon data-testid="case-load-error" title={refund.error.message} />
    );
  }
  return <CaseView refund={refund.data} />;
}
