import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../api/refunds.ts';
import {
  CARRIERS,
  type Carrier,
  confirmReturn,
  objectReturn,
  type ReturnShipment,
  shipReturn,
} from '../../api/returns.ts';
import { TextActionModal } from '../../components/TextActionModal.tsx';
import { formatBeijingTime, formatTime, formatYuan } from '../../format.ts';
import { inLanguage } from '../../i18n/index.ts';

interface Props {
  refund: CaseDetail;
  viewer: 'buyer' | 'merchant';
  /** The query the page reads the case from (updated with the answer). */
  queryKey: readonly unknown[];
}

/**
 * 退货寄回 on a case page: the return address, who pays the postage and the deadline; for the buyer the
 * carrier + tracking-number form, for the merchant the parcel with 确认收货 / 有异议.
 */
export function ReturnShipmentCard({ refund, viewer, queryKey }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const r = refund.returnShipment;
  if (!r) return null;
  const onDone = (updated: CaseDetail) => {
    queryClient.setQueryData(queryKey, (old: object | undefined) => ({ ...old, ...updated }));
    void queryClient.invalidateQueries({ queryKey });
  };
  const waiting = refund.state === 'awaiting_return';
  return (
    <Card title={t('returns.title')} size="small" data-testid="return-shipment" data-state={refund.state}>
      <Flex vertical gap={12}>
        {(waiting || refund.state === 'return_shipped') && (
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {viewer === 'buyer' ? t('returns.buyerIntro') : t('returns.merchantIntro')}
          </Typography.Paragraph>
        )}
        <ReturnFacts r={r} state={refund.state} />
        {viewer === 'buyer' && refund.actions.includes('ship_return') && (
          <ShipForm
            refundNo={refund.refundNo}
            merchantPays={r.postagePaidBy === 'merchant'}
            onDone={onDone}
          />
        )}
        {viewer === 'merchant' && <MerchantReturnActions refund={refund} onDone={onDone} />}
      </Flex>
    </Card>
  );
}

function ReturnFacts({ r, state }: { r: ReturnShipment; state: CaseDetail['state'] }) {
  const { t } = useTranslation();
  /** A deadline row: the time, and what happens when it passes. */
  const deadlineItem = (key: 'shipBy' | 'confirmBy', at: string, testId: string) => ({
    key,
    label: t(`returns.${key}`),
    children: (
      <Flex vertical>
        <Typography.Text strong data-testid={testId}>
          {formatBeijingTime(at)}
        </Typography.Text>
        <Typography.Text type="secondary">{t(`returns.${key}Hint`)}</Typography.Text>
      </Flex>
    ),
  });
  const items = [
    {
      key: 'address',
      label: t('returns.address'),
      children: r.address ? (
        <Typography.Text
          copyable={{ text: `${r.address.name} ${r.address.phone} ${r.address.address}` }}
          data-testid="return-address"
        >
          {r.address.name}，{r.address.phone}，{r.address.address}
        </Typography.Text>
      ) : (
        <Typography.Text type="warning" data-testid="return-address-missing">
          {t('returns.addressMissing')}
        </Typography.Text>
      ),
    },
    {
      key: 'postage',
      label: t('returns.postage'),
      children: (
        <Flex vertical>
          <span>
            {r.postagePaidBy === 'merchant' ? t('returns.postageMerchant') : t('returns.postageBuyer')}
          </span>
          {r.merchantOwesPostageFen > 0 && (
            <Typography.Text
              type={r.postagePaid ? 'success' : 'secondary'}
              data-testid="return-postage-owed"
              data-paid={String(r.postagePaid)}
            >
              {t(r.postagePaid ? 'returns.postagePaid' : 'returns.postageOwed', {
                amount: formatYuan(r.merchantOwesPostageFen),
              })}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    ...(state === 'awaiting_return' && r.shipBy ? [deadlineItem('shipBy', r.shipBy, 'return-ship-by')] : []),
    ...(r.trackingNo
      ? [
          {
            key: 'shipment',
            label: t('returns.shipment'),
            children: (
              <Typography.Text copyable={{ text: r.trackingNo }} data-testid="return-tracking">
                {r.carrierName ? inLanguage(r.carrierName) : ''} {r.trackingNo}
              </Typography.Text>
            ),
          },
          { key: 'shippedAt', label: t('returns.shippedAt'), children: formatTime(r.shippedAt) },
        ]
      : []),
    ...(state === 'return_shipped' && r.confirmBy
      ? [deadlineItem('confirmBy', r.confirmBy, 'return-confirm-by')]
      : []),
    ...(r.receivedAt
      ? [{ key: 'receivedAt', label: t('returns.receivedAt'), children: formatTime(r.receivedAt) }]
      : []),
  ];
  return <Descriptions size="small" column={1} bordered items={items} />;
}

interface ShipValues {
  carrier: Carrier;
  trackingNo: string;
  postageYuan?: number | null;
}

function ShipForm({
  refundNo,
  merchantPays,
  onDone,
}: {
  refundNo: string;
  merchantPays: boolean;
  onDone: (c: CaseDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const ship = useMutation({
    mutationFn: (v: ShipValues) =>
      shipReturn(refundNo, {
        carrier: v.carrier,
        trackingNo: v.trackingNo.trim(),
        ...(merchantPays && v.postageYuan ? { postageFen: Math.round(v.postageYuan * 100) } : {}),
      }),
    onSuccess: (updated) => {
      message.success(t('returns.shipped'));
      onDone(updated);
    },
  });
  return (
    <Form<ShipValues> layout="vertical" data-testid="return-ship-form" onFinish={(v) => ship.mutate(v)}>
      <Flex gap={12} wrap align="end">
        <Form.Item
          name="carrier"
          label={t('returns.carrier')}
          rules={[{ required: true, message: t('returns.carrierPlaceholder') }]}
          style={{ minWidth: 180, marginBottom: 0 }}
        >
          <Select<Carrier>
            data-testid="return-carrier"
            placeholder={t('returns.carrierPlaceholder')}
            options={CARRIERS.map((c) => ({ value: c, label: t(`returns.carriers.${c}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="trackingNo"
          label={t('returns.trackingNo')}
          rules={[{ required: true, whitespace: true, message: t('returns.trackingRequired') }]}
          style={{ minWidth: 240, marginBottom: 0 }}
        >
          <Input
            data-testid="return-tracking-no"
            placeholder={t('returns.trackingPlaceholder')}
            maxLength={40}
          />
        </Form.Item>
        {merchantPays && (
          <Form.Item name="postageYuan" label={t('returns.postageFen')} style={{ marginBottom: 0 }}>
            <InputNumber data-testid="return-postage" min={0} max={1000} precision={2} />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={ship.isPending} data-testid="return-ship-submit">
          {t('returns.submit')}
        </Button>
      </Flex>
      {ship.isError && (
        <Alert
          type="error"
          showIcon
          data-testid="return-ship-error"
          title={ship.error.message}
          style={{ marginTop: 12 }}
        />
      )}
    </Form>
  );
}

function MerchantReturnActions({ refund, onDone }: { refund: CaseDetail; onDone: (c: CaseDetail) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const confirm = useMutation({
    mutationFn: () => confirmReturn(refund.refundNo),
    onSuccess: (updated) => {
      message.success(t('returns.confirmed'));
      onDone(updated);
    },
  });
  if (!refund.actions.includes('confirm_return') && !refund.actions.includes('object_return')) return null;
  return (
    <Flex vertical gap={8}>
      <Flex gap={8} wrap data-testid="return-actions">
        {refund.actions.includes('confirm_return') && (
          <Popconfirm
            title={t('returns.confirmTitle')}
            description={t('returns.confirmHint')}
            onConfirm={() => confirm.mutate()}
            okButtonProps={{ 'data-testid': 'return-confirm-ok' } as Record<string, string>}
          >
            <Button type="primary" loading={confirm.isPending} data-testid="return-confirm">
              {t('returns.confirm')}
            </Button>
          </Popconfirm>
        )}
        {refund.actions.includes('object_return') && (
          <TextActionModal
            id="return-object"
            label={t('returns.object')}
            title={t('returns.objectTitle', { refundNo: refund.refundNo })}
            hint={t('returns.objectHint')}
            placeholder={t('returns.objectPlaceholder')}
            minLength={5}
            maxLength={2000}
            withEvidence
            button={{ danger: true }}
            send={(text, evidenceIds) => objectReturn(refund.refundNo, { text, evidenceIds })}
            onDone={onDone}
            success={t('returns.objected')}
          />
        )}
      </Flex>
      {confirm.isError && <Alert type="error" showIcon title={confirm.error.message} />}
    </Flex>
  );
}
