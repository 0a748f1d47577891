import { useQuery } from '@tanstack/react-query';
import { Button, Card, Flex, Form, InputNumber, Radio, Select, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../api/refunds.ts';
import {
  approveCase,
  type ContactChannel,
  escalateCase,
  listRejectReasons,
  logContact,
  type ReviewCase,
  rejectCase,
  requestInfo,
  retryPayout,
  waiveFee,
} from '../../api/review.ts';
import { useMe } from '../../auth/session.ts';
import { TextActionModal } from '../../components/TextActionModal.tsx';
import { formatYuan, parseHundredths } from '../../format.ts';
import { currentLanguage, inLanguage } from '../../i18n/index.ts';
import { BuyerContact } from './BuyerContact.tsx';
import { allowedFen, stillEligible } from './QuoteNow.tsx';

interface Props {
  refund: ReviewCase;
  onDone: (updated: CaseDetail) => void;
  /** Turns a refusal into words, refreshing the case when it was stale. */
  onError: (error: Error) => string | undefined;
}

/**
 * 部分或全部通过: the amount in yuan, checked here against what the case may refund on today's facts
 * (the server checks again); empty or the full amount approves all of it.
 */
function useApproveAmount(maxFen: number) {
  const { t } = useTranslation();
  const [partial, setPartial] = useState(false);
  const [text, setText] = useState('');
  const fen = parseHundredths(text);
  const problem = !partial
    ? undefined
    : fen === null || fen === 0
      ? t('review.amountInvalid')
      : fen > maxFen
        ? t('review.amountTooHigh', { max: formatYuan(maxFen) })
        : undefined;
  const field = (
    <Flex vertical gap={8}>
      <Radio.Group
        value={partial ? 'partial' : 'full'}
        onChange={(event) => setPartial(event.target.value === 'partial')}
      >
        <Radio value="full" data-testid="approve-full">
          {t('review.approveFull', { amount: formatYuan(maxFen) })}
        </Radio>
        <Radio value="partial" data-testid="approve-partial">
          {t('review.approvePartial')}
        </Radio>
      </Radio.Group>
      {partial && (
        <Form.Item
          validateStatus={problem && text !== '' ? 'error' : undefined}
          help={text !== '' ? problem : undefined}
          style={{ marginBottom: 0 }}
        >
          <InputNumber<string>
            data-testid="approve-amount"
            stringMode
            min="0"
            prefix="¥"
            placeholder={t('review.amountPlaceholder')}
            value={text}
            onChange={(value) => setText(value ?? '')}
            style={{ width: 200 }}
          />
        </Form.Item>
      )}
    </Flex>
  );
  return { field, problem, amountFen: partial && fen ? fen : undefined };
}

/** 风控 (RISK) is a reason only out of a risk review; the server refuses it on any other case. */
const RISK_REASON = 'RISK';

function RejectReasonSelect({
  value,
  onChange,
  held,
}: {
  value?: string;
  onChange: (code: string) => void;
  /** The case is in 风控审核: the RISK reason is offered. */
  held: boolean;
}) {
  const { t } = useTranslation();
  const reasons = useQuery({ queryKey: ['rejectReasons'], queryFn: listRejectReasons, staleTime: Infinity });
  const offered = (reasons.data ?? []).filter((reason) => held || reason.code !== RISK_REASON);
  return (
    <Select<string>
      data-testid="reject-reason"
      placeholder={t('review.rejectReason')}
      loading={reasons.isPending}
      value={value}
      onChange={onChange}
      options={offered.map((reason) => ({
        value: reason.code,
        label: <span data-testid={`reject-reason-${reason.code}`}>{inLanguage(reason)}</span>,
      }))}
    />
  );
}

/** 通过, disabled when today's facts allow no refund, saying why (only a rejection is possible). */
function ApproveBlocked({ refund }: { refund: ReviewCase }) {
  const { t } = useTranslation();
  const en = currentLanguage() === 'en';
  const why = (refund.currentQuote?.reasons ?? []).map((r) => (en ? r.textEn : r.textZh)).join(' ');
  return (
    <Tooltip title={why || t('review.quoteNowIneligible')}>
      <Button type="primary" disabled data-testid="case-approve" data-blocked="true">
        {t('review.approve')}
      </Button>
    </Tooltip>
  );
}

/**
 * 处理: the decisions open to the caller on this case, each sent with the version it was made on. An
 * approval also sends the amount it was taken on (today's quote), so a quote that changed meanwhile
 * is refused rather than paid.
 */
export function DecisionPanel({ refund, onDone, onError }: Props) {
  const { t } = useTranslation();
  const has = (action: string) => refund.actions.includes(action);
  const expectedVersion = refund.version;
  const maxFen = allowedFen(refund);
  const eligible = stillEligible(refund);
  const approve = useApproveAmount(maxFen);
  const [reasonCode, setReasonCode] = useState<string>();
  const [channel, setChannel] = useState<ContactChannel>('phone');
  // A case under review is decided by the agent who holds it: until this agent claims it, the
  // decisions stay disabled (a contact record is not a decision and stays open). Supervisors decide
  // without a claim, as the API lets them (an appeal while the rejecting agent's claim is still live).
  const me = useMe();
  const mine = refund.assignee !== null && refund.assignee === me.data?.displayName;
  const locked = me.data?.role === 'agent' && has('claim') && !mine;
  const guard = (button: Record<string, unknown> = {}) => ({ ...button, disabled: locked });
  const common = { onDone, onError };
  const decisions = [
    'request_info',
    'approve',
    'reject',
    'escalate',
    'waive_fee',
    'retry_payout',
    'contact',
  ].filter(has);

  return (
    <Card title={t('review.decide')} size="small" data-testid="decision-panel" data-locked={String(locked)}>
      {locked && decisions.some((d) => d !== 'contact') && (
        <Typography.Paragraph type="warning" data-testid="decision-claim-first" style={{ marginBottom: 12 }}>
          {t('decision.claimFirst')}
        </Typography.Paragraph>
      )}
      {decisions.length === 0 && (
        <Typography.Text type="secondary">{t('review.nothingToDo')}</Typography.Text>
      )}
      {has('approve') && !eligible && (
        <Typography.Paragraph type="danger" data-testid="approve-blocked" style={{ marginBottom: 12 }}>
          {t('review.approveBlocked', { reason: t('review.quoteNowIneligible') })}
        </Typography.Paragraph>
      )}
      <Flex gap={8} wrap>
        {has('approve') && !eligible && <ApproveBlocked refund={refund} />}
        {has('approve') && eligible && (
          <TextActionModal
            {...common}
            id="approve"
            label={t('review.approve')}
            title={t('review.approveTitle', { refundNo: refund.refundNo })}
            placeholder={t('review.notePlaceholder')}
            optional
            extra={approve.field}
            blocked={approve.problem}
            button={guard({ type: 'primary' })}
            send={(note) =>
              approveCase(refund.refundNo, {
                amountFen: approve.amountFen,
                quotedFen: refund.currentQuote ? maxFen : undefined,
                note: note || undefined,
                expectedVersion,
              })
            }
            success={t('review.approved')}
          />
        )}
        {has('request_info') && (
          <TextActionModal
            {...common}
            id="request-info"
            label={t('review.requestInfo')}
            title={t('review.requestInfoTitle')}
            hint={t('review.requestInfoHint')}
            placeholder={t('review.requestInfoPlaceholder')}
            button={guard()}
            send={(reason) => requestInfo(refund.refundNo, { reason, expectedVersion })}
            success={t('review.infoRequested')}
          />
        )}
        {has('reject') && (
          <TextActionModal
            {...common}
            id="reject"
            label={t('review.reject')}
            title={t('review.rejectTitle', { refundNo: refund.refundNo })}
            hint={t('review.rejectHint')}
            placeholder={t('review.rejectPlaceholder')}
            extra={
              <RejectReasonSelect
                value={reasonCode}
                onChange={setReasonCode}
                held={refund.state === 'risk_hold'}
              />
            }
            blocked={reasonCode ? undefined : t('review.rejectNeedReason')}
            button={guard({ danger: true })}
            send={(text) =>
              rejectCase(refund.refundNo, { reasonCode: reasonCode ?? '', text, expectedVersion })
            }
            success={t('review.rejected')}
          />
        )}
        {has('escalate') && (
          <TextActionModal
            {...common}
            id="escalate"
            label={t('review.escalate')}
            title={t('review.escalateTitle')}
            hint={t('review.escalateHint')}
            placeholder={t('review.escalatePlaceholder')}
            button={guard()}
            send={(reason) => escalateCase(refund.refundNo, { reason, expectedVersion })}
            success={t('review.escalated')}
          />
        )}
        {has('waive_fee') && (
          <TextActionModal
            {...common}
            id="waive-fee"
            label={t('review.waiveFee')}
            title={t('review.waiveFeeTitle', { fee: formatYuan(refund.feeFen) })}
            button={guard()}
            placeholder={t('review.notePlaceholder')}
            send={(note) => waiveFee(refund.refundNo, { note, expectedVersion })}
            success={t('review.feeWaived')}
          />
        )}
        {has('retry_payout') && (
          <TextActionModal
            {...common}
            id="retry-payout"
            label={t('review.retryPayout')}
            title={t('review.retryPayoutTitle', {
              amount: formatYuan(refund.approvedFen ?? refund.amountFen),
            })}
            placeholder={t('review.retryPayoutPlaceholder')}
            button={guard()}
            send={(note) => retryPayout(refund.refundNo, { note, expectedVersion })}
            success={t('review.payoutRetried')}
          />
        )}
        {has('contact') && (
          <TextActionModal
            {...common}
            id="contact"
            label={t('review.contact')}
            title={t('review.contactTitle')}
            hint={t('review.contactHint')}
            placeholder={t('review.contactPlaceholder')}
            extra={
              <Flex vertical gap={12}>
                <BuyerContact refundNo={refund.refundNo} />
                <Radio.Group
                  value={channel}
                  onChange={(event) => setChannel(event.target.value as ContactChannel)}
                >
                  <Radio value="phone" data-testid="contact-phone">
                    {t('review.contactChannel.phone')}
                  </Radio>
                  <Radio value="other" data-testid="contact-other">
                    {t('review.contactChannel.other')}
                  </Radio>
                </Radio.Group>
              </Flex>
            }
            send={(note) => logContact(refund.refundNo, { channel, note })}
            success={t('review.contactLogged')}
          />
        )}
      </Flex>
    </Card>
  );
}
