import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Flex, Result, Row, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { objectExpress } from '../../api/credit.ts';
import { merchantAgree, merchantObject } from '../../api/merchantRefunds.ts';
import { type CaseDetail, getRefund } from '../../api/refunds.ts';
import { getMerchantCase } from '../../api/returns.ts';
import { CaseConversation } from '../../components/CaseConversation.tsx';
import { CaseFileCard } from '../../components/CaseFileCard.tsx';
import { CaseStateTag } from '../../components/CaseStateTag.tsx';
import { CaseTimeline } from '../../components/CaseTimeline.tsx';
import { EvidenceGallery } from '../../components/EvidenceGallery.tsx';
import { TextActionModal } from '../../components/TextActionModal.tsx';
import { CaseFacts } from '../refunds/CaseFacts.tsx';
import { CaseLineage } from '../refunds/CaseLineage.tsx';
import { CaseFlags, CaseStatus } from '../refunds/CaseStatus.tsx';
import { ReturnShipmentCard } from '../returns/ReturnShipmentCard.tsx';
import { OrderRecords } from '../review/OrderRecords.tsx';

const isNotFound = (error: unknown) => error instanceof ApiError && error.status === 404;

/** 同意退款 / 提出异议, while the merchant's response window is open. */
function MerchantActions({ refund }: { refund: CaseDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const onDone = (updated: CaseDetail) => {
    queryClient.setQueryData(['merchantRefund', refund.refundNo], (old: object | undefined) => ({
      ...old,
      ...updated,
    }));
    void queryClient.invalidateQueries({ queryKey: ['merchantRefund', refund.refundNo] });
    void queryClient.invalidateQueries({ queryKey: ['merchantRefunds'] });
  };
  return (
    <Flex gap={8} wrap data-testid="case-actions">
      {refund.actions.includes('merchant_agree') && (
        <TextActionModal
          id="merchant-agree"
          label={t('merchantCase.agree')}
          title={t('merchantCase.agreeTitle', { refundNo: refund.refundNo })}
          hint={t('merchantCase.agreeHint')}
          placeholder={t('merchantCase.notePlaceholder')}
          optional
          button={{ type: 'primary' }}
          send={(note) => merchantAgree(refund.refundNo, note || undefined)}
          onDone={onDone}
          success={t('merchantCase.agreed')}
        />
      )}
      {refund.actions.includes('merchant_object') && (
        <TextActionModal
          id="merchant-object"
          label={t('merchantCase.object')}
          title={t('merchantCase.objectTitle', { refundNo: refund.refundNo })}
          hint={t('merchantCase.objectHint')}
          placeholder={t('merchantCase.objectPlaceholder')}
          minLength={5}
          withEvidence
          maxLength={2000}
          button={{ danger: true }}
          send={(text, evidenceIds) => merchantObject(refund.refundNo, { text, evidenceIds })}
          onDone={onDone}
          success={t('merchantCase.objected')}
        />
      )}
      {refund.express && (refund.state === 'refunding' || refund.state === 'refunded') && (
        <TextActionModal
          id="merchant-express-object"
          label={t('credit.objectExpress')}
          title={t('credit.objectExpress')}
          hint={t('credit.objectExpressHint')}
          placeholder={t('merchantCase.objectPlaceholder')}
          minLength={5}
          maxLength={1000}
          button={{ danger: true }}
          send={async (text) => {
            await objectExpress(refund.refundNo, text);
            return getRefund(refund.refundNo);
          }}
          onDone={onDone}
          success={t('merchantCase.objected')}
        />
      )}
    </Flex>
  );
}

/** A refund case on one of the shop's orders: what the buyer asked, the evidence, and the answer. */
export function MerchantCasePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { refundNo = '' } = useParams();
  const refund = useQuery({
    queryKey: ['merchantRefund', refundNo],
    queryFn: () => getMerchantCase(refundNo),
    retry: (failures, error) => !isNotFound(error) && failures < 2,
  });
  if (refund.isPending)
    return (
      <Flex justify="center" style={{ padding: 96 }}>
        <Spin size="large" />
      </Flex>
    );
  if (refund.isError)
    return isNotFound(refund.error) ? (
      <Result
        data-testid="case-not-found"
        status="404"
        title="404"
        subTitle={t('refundCase.notFound')}
        extra={<Button onClick={() => navigate('/merchant/refunds')}>{t('merchantCase.backToList')}</Button>}
      />
    ) : (
      <Alert type="error" showIcon data-testid="case-load-error" title={refund.error.message} />
    );
  const data = refund.data;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={16}>
        <Flex vertical gap={16}>
          <Card data-testid="case-detail">
            <Flex justify="space-between" align="center" gap={16} wrap style={{ marginBottom: 16 }}>
              <Flex vertical gap={4}>
                <Typography.Title level={4} style={{ margin: 0 }}>
                  {t('refundCase.title')}
                </Typography.Title>
                <Flex gap={8} align="center" wrap>
                  <Typography.Text code copyable data-testid="case-refund-no" style={{ fontSize: 15 }}>
                    {data.refundNo}
                  </Typography.Text>
                  <CaseStateTag refund={data} />
                  <CaseFlags refund={data} />
                </Flex>
              </Flex>
              <MerchantActions refund={data} />
            </Flex>
            <Flex vertical gap={16}>
              <CaseLineage refund={data} base="/merchant/refunds" />
              <CaseStatus refund={data} />
              <CaseFacts refund={data} orderPath={null} />
            </Flex>
          </Card>
          <ReturnShipmentCard refund={data} viewer="merchant" queryKey={['merchantRefund', data.refundNo]} />
          <Card title={t('evidence.title')} size="small" data-testid="case-evidence">
            <EvidenceGallery items={data.evidence ?? []} />
          </Card>
          <Flex vertical gap={4} data-testid="merchant-case-order">
            <Typography.Text type="secondary">
              {t('merchantRecords.order')} · {t('merchantRecords.masked')} ·{' '}
              <Link to={`/merchant/orders/${encodeURIComponent(data.orderNo)}`}>
                {t('merchantRecords.orderPage')}
              </Link>
            </Typography.Text>
            <OrderRecords order={data.order} submittedAt={data.createdAt} caseBase="/merchant/refunds" />
          </Flex>
          <CaseConversation refundNo={data.refundNo} viewer="merchant" />
        </Flex>
      </Col>
      <Col xs={24} xl={8}>
        <Flex vertical gap={16}>
          <CaseTimeline events={data.timeline} />
          <CaseFileCard refundNo={data.refundNo} scope="merchant" />
        </Flex>
      </Col>
    </Row>
  );
}
