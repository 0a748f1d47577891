import { Card, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { type CaseDetail, getRefund } from '../../api/refunds.ts';
import { CaseConversation } from '../../components/CaseConversation.tsx';
import { CaseFileCard } from '../../components/CaseFileCard.tsx';
import { CaseTimeline } from '../../components/CaseTimeline.tsx';
import { useDetailQuery } from '../../components/Loaded.tsx';
import { ComplaintButton } from '../complaints/ComplaintButton.tsx';
import { ReturnShipmentCard } from '../returns/ReturnShipmentCard.tsx';
import { BuyerCaseActions } from './BuyerCaseActions.tsx';
import { CaseEvidence } from './CaseEvidence.tsx';
import { CaseFacts } from './CaseFacts.tsx';
import { CaseColumns, CaseHeading, CaseLoaded } from './CaseLayout.tsx';
import { CaseLineage } from './CaseLineage.tsx';
import { CaseStatus } from './CaseStatus.tsx';
import { CaseVerification } from './CaseVerification.tsx';
import { ExpressRecoveryCard } from './ExpressRecoveryCard.tsx';

function CaseView({ refund }: { refund: CaseDetail }) {
  const { t } = useTranslation();
  const queryKey = ['refund', refund.refundNo];
  return (
    <CaseColumns
      main={
        <>
          <CaseVerification refund={refund} />
          {refund.express && <ExpressRecoveryCard refundNo={refund.refundNo} />}
          <Card data-testid="case-detail" data-version={refund.version}>
            <CaseHeading refund={refund} title={t('refundCase.title')}>
              <Flex gap={8} wrap>
                <BuyerCaseActions refund={refund} />
                <ComplaintButton refund={refund} />
              </Flex>
            </CaseHeading>
            <Flex vertical gap={16}>
              <CaseLineage refund={refund} base="/buyer/refunds" />
              <CaseStatus refund={refund} />
              <CaseFacts refund={refund} />
            </Flex>
          </Card>
          <ReturnShipmentCard refund={refund} viewer="buyer" queryKey={queryKey} />
          <CaseEvidence refund={refund} queryKey={queryKey} />
          <CaseConversation refundNo={refund.refundNo} viewer="buyer" />
        </>
      }
      side={
        <>
          <CaseTimeline events={refund.timeline} />
          <CaseFileCard refundNo={refund.refundNo} />
        </>
      }
    />
  );
}

/** One refund case of the buyer: facts, the quote's reasons, progress and what can still be done. */
export function RefundCasePage() {
  const { t } = useTranslation();
  const { refundNo = '' } = useParams();
  const refund = useDetailQuery(['refund', refundNo], () => getRefund(refundNo));
  return (
    <CaseLoaded
      query={refund}
      back={{ label: t('refundCase.backToList'), to: '/buyer/refunds', primary: true }}
    >
      {(data) => <CaseView refund={data} />}
    </CaseLoaded>
  );
}
