import { Alert, Button, Card, Checkbox, Col, Flex, Form, InputNumber, Result, Row, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { type CardKey, getOrder, type OrderDetail } from '../../api/orders.ts';
import { type RefundType, refundTypes } from '../../api/policy.ts';
import { hasKeyStock } from '../../api/products.ts';
import { EvidenceUpload, useEvidenceFiles } from '../../components/EvidenceUpload.tsx';
import { Loaded, useDetailQuery } from '../../components/Loaded.tsx';
import { UploadCheckHints } from '../../components/UploadCheckHints.tsx';
import { KeyChoice } from './KeyChoice.tsx';
import { LiveQuote } from './LiveQuote.tsx';
import { RefundDescription } from './RefundDescription.tsx';
import { RefundOrderSummary } from './RefundOrderSummary.tsx';
import { SubmitError } from './SubmitError.tsx';
import { TypeChoice } from './TypeChoice.tsx';
import { usePartialAmount, useRefundQuote } from './useRefundQuote.ts';
import { useSubmitRefund } from './useSubmitRefund.ts';

const isRefundType = (value: string | null): value is RefundType => refundTypes.includes(value as RefundType);

/** The keys of a card-key order the buyer still holds (refunded ones are void); none for other orders. */
function heldKeys(order: OrderDetail): CardKey[] {
  if (!hasKeyStock(order.productKind)) return [];
  return order.cardKeys.filter((key) => key.status === 'held');
}

/**
 * Which held keys the refund covers: all until the buyer unticks some. A fee dispute is about the fee
 * kept, not about keys, so it covers none.
 */
function useKeyChoice(order: OrderDetail, type: RefundType | undefined) {
  const [picked, setPicked] = useState<number[] | null>(null);
  const keys = heldKeys(order);
  const choosing = keys.length > 0 && type !== 'fee_dispute';
  const chosen = picked ?? keys.map((key) => key.id);
  const items = choosing ? chosen.map((cardKeyId) => ({ cardKeyId })) : undefined;
  return { keys, choosing, chosen, setChosen: setPicked, items };
}

function RefundForm({ order }: { order: OrderDetail }) {
  const { orderNo, openRefundNo } = order;
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const typeParam = params.get('type');
  const type = isRefundType(typeParam) ? typeParam : undefined;
  const partial = usePartialAmount();
  const [description, setDescription] = useState('');
  const files = useEvidenceFiles();
  const submit = useSubmitRefund();

  const keys = useKeyChoice(order, type);
  const items = keys.items;
  const live = useRefundQuote({ orderNo, type, requestedFen: partial.requestedFen, items });
  const { quote, requestedFen, settled } = live;

  const chooseType = (next: RefundType) =>
    setParams(
      (current) => {
        current.set('type', next);
        return current;
      },
      { replace: true },
    );

  // One open case per order: the page says so at once rather than after the form is filled in.
  const blocker = openRefundNo
    ? t('refundNew.caseOpen', { refundNo: openRefundNo })
    : !type
      ? t('refundSubmit.needType')
      : settled && !quote.data?.eligible
        ? t('refundSubmit.ineligible')
        : !description.trim()
          ? t('refundSubmit.needDescription')
          : files.uploading
            ? t('refundSubmit.uploading')
            : undefined;
  const canSubmit = type !== undefined && settled && quote.data?.eligible === true && !blocker;
  const send = () => {
    if (canSubmit)
      submit.mutate({
        orderNo,
        type,
        description: description.trim(),
        requestedFen,
        evidenceIds: files.ids.length > 0 ? files.ids : undefined,
        items,
      });
  };
  const describe = (value: string) => {
    setDescription(value);
    if (submit.isError) submit.reset();
  };

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={13}>
        <Flex vertical gap={16}>
          {openRefundNo && (
            <Alert
              type="warning"
              showIcon
              data-testid="refund-case-open"
              title={t('refundNew.caseOpen', { refundNo: openRefundNo })}
              description={
                <Link to={`/buyer/refunds/${encodeURIComponent(openRefundNo)}`}>
                  {t('refundSubmit.viewOpenCase', { refundNo: openRefundNo })}
                </Link>
              }
            />
          )}
          <Card title={t('refundNew.title')}>
            <RefundOrderSummary order={order} />
          </Card>
          <Card title={t('refundNew.type')}>
            <TypeChoice value={type} onChange={chooseType} />
            <Flex vertical gap={8} style={{ marginTop: 20 }}>
              <Checkbox
                data-testid="refund-partial-toggle"
                checked={partial.enabled}
                onChange={(event) => partial.setEnabled(event.target.checked)}
              >
                {t('refundNew.partial')}
              </Checkbox>
              {partial.enabled && (
                <Form.Item
                  label={t('refundNew.partialAmount')}
                  validateStatus={partial.invalid ? 'error' : undefined}
                  help={partial.invalid ? t('refundNew.partialInvalid') : undefined}
                  style={{ marginBottom: 0 }}
                >
                  <InputNumber<string>
                    data-testid="refund-partial-amount"
                    stringMode
                    min="0"
                    prefix="¥"
                    placeholder={t('refundNew.partialPlaceholder')}
                    value={partial.text}
                    onChange={(value) => partial.setText(value ?? '')}
                    style={{ width: 200 }}
                  />
                </Form.Item>
              )}
              {!partial.enabled && (
                <Typography.Text type="secondary">{t('refundNew.partialHint')}</Typography.Text>
              )}
            </Flex>
          </Card>
          {keys.choosing && <KeyChoice keys={keys.keys} chosen={keys.chosen} onChange={keys.setChosen} />}
          <RefundDescription orderNo={orderNo} value={description} onChange={describe} />
          <Card title={t('evidence.title')}>
            <Flex vertical gap={8}>
              <EvidenceUpload files={files} testId="refund-evidence" />
              <UploadCheckHints files={files} orderNo={orderNo} />
            </Flex>
          </Card>
        </Flex>
      </Col>
      <Col xs={24} xl={11}>
        <Card
          title={t('refundNew.quote')}
          data-testid="refund-quote"
          data-state={quote.isFetching || quote.isPlaceholderData ? 'loading' : 'ready'}
        >
          <LiveQuote live={live} chosen={type !== undefined} />
          <Flex vertical gap={8} style={{ marginTop: 20 }}>
            {submit.isError && <SubmitError error={submit.error} />}
            <Button
              type="primary"
              size="large"
              block
              disabled={!canSubmit}
              loading={submit.isPending}
              onClick={send}
              data-testid="refund-submit"
            >
              {t('refundNew.submit')}
            </Button>
            {blocker && (
              <Typography.Text type="secondary" data-testid="refund-submit-blocker">
                {blocker}
              </Typography.Text>
            )}
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {t('refundNew.submitNote')}
            </Typography.Text>
          </Flex>
        </Card>
      </Col>
    </Row>
  );
}

/** 申请退款: the order, the refund type and the live quote of the policy in force. */
export function RefundRequestPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const orderNo = params.get('orderNo') ?? '';
  if (!orderNo) {
    return (
      <Result
        data-testid="refund-no-order"
        status="warning"
        title={t('refundNew.title')}
        subTitle={t('refundNew.noOrder')}
        extra={<Button onClick={() => navigate('/buyer/orders')}>{t('refundNew.backToOrders')}</Button>}
      />
    );
  }
  return <RefundOrderLoader key={orderNo} orderNo={orderNo} />;
}

/** The order the refund is for, read first: another buyer's or an unknown number is the 404 page. */
function RefundOrderLoader({ orderNo }: { orderNo: string }) {
  const { t } = useTranslation();
  const order = useDetailQuery(['order', orderNo], () => getOrder(orderNo));
  return (
    <Loaded
      query={order}
      name="order"
      back={{ label: t('refundNew.backToOrders'), to: '/buyer/orders', primary: true }}
    >
      {(data) => <RefundForm order={data} />}
    </Loaded>
  );
}
