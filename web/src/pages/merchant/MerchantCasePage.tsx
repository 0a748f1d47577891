import { useQueryClient } from '@tanstack/react-query';
import { Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { objectExpress } from '../../api/credit.ts';
import { merchantAgree, merchantObject } from '../../api/merchantRefunds.ts';
import { type CaseDetail, getRefund } from '../../api/refunds.ts';
import { getMerchantCase } from '../../api/returns.ts';
import { CaseConversation } from '../../components/CaseConversation.tsx';
import { CaseFileCard } from '../../components/CaseFileCard.tsx';
import { CaseTimeline } from '../../components/CaseTimeline.tsx';
import { EvidenceGallery } from '../../components/EvidenceGallery.tsx';
import { useDetailQuery } from '../../components/Loaded.tsx';
import { TextActionModal } from '../../components/TextActionModal.tsx';
import { formatYuan } from '../../format.ts';
import { CaseFacts } from '../refunds/CaseFacts.tsx';
import { CaseColumns, CaseHeading, CaseLoaded } from '../refunds/CaseLayout.tsx';
import { CaseLineage } from '../refunds/CaseLineage.tsx';
import { CaseStatus } from '../refunds/CaseStatus.tsx';
import { ReturnShipmentCard } from '../returns/ReturnShipmentCard.tsx';
import { OrderRecords } from '../review/OrderRecords.tsx';

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
          hint={t('merchantCase.agreeHint', { amount: formatYuan(refund.amountFen) })}
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
  const { refundNo = '' } = useParams();
  const refund = useDetailQuery(['merchantRefund', refundNo], () => getMerchantCase(refundNo));
  return (
    <CaseLoaded query={refund} back={{ label: t('merchantCase.backToList'), to: '/merchant/refunds' }}>
      {(data) => (
        <CaseColumns
          main={
            <>
              <Card data-testid="case-detail">
                <CaseHeading refund={data} title={t('refundCase.title')}>
                  <MerchantActions refund={data} />
                </CaseHeading>
                <Flex vertical gap={16}>
                  <CaseLineage refund={data} base="/merchant/refunds" />
                  <CaseStatus refund={data} />
                  <CaseFacts refund={data} orderPath={null} />
                </Flex>
              </Card>
              <ReturnShipmentCard
                refund={data}
                viewer="merchant"
                queryKey={['merchantRefund', data.refundNo]}
              />
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
            </>
          }
          side={
            <>
              <CaseTimeline events={data.timeline} />
              <CaseFileCard refundNo={data.refundNo} scope="merchant" />
            </>
          }
        />
      )}
    </CaseLoaded>
  );
}
