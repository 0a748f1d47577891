import { Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DeliveryStatus, OrderStatus, OrderSummary } from '../api/orders.ts';
import type { RefundType } from '../api/policy.ts';
import type { ProductKind } from '../api/products.ts';
import { formatYuan } from '../format.ts';

const statusColors: Record<OrderStatus, string> = {
  pending_payment: 'gold',
  awaiting_delivery: 'blue',
  delivered: 'cyan',
  completed: 'green',
  cancelled: 'default',
};

const deliveryColors: Record<DeliveryStatus, string> = {
  pending: 'processing',
  delivered: 'success',
  partial: 'orange',
  failed: 'red',
};

export function OrderStatusTag({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColors[status]} data-testid="order-status" data-status={status}>
      {t(`orderStatus.${status}`)}
    </Tag>
  );
}

/** Delivery state; by default only the problems (failed, partial) that a list must make stand out. */
export function DeliveryStatusTag({ status, always = false }: { status: DeliveryStatus; always?: boolean }) {
  const { t } = useTranslation();
  const problem = status === 'failed' || status === 'partial';
  if (!always && !problem) return null;
  return (
    <Tag color={deliveryColors[status]} variant="outlined" data-testid="delivery-status" data-status={status}>
      {t(`deliveryStatus.${status}`)}
    </Tag>
  );
}

export function KindTag({ kind }: { kind: ProductKind }) {
  const { t } = useTranslation();
  return (
    <Tag color="geekblue" variant="outlined">
      {t(`productKind.${kind}`)}
    </Tag>
  );
}

/** A refund case's product with its kind, and under it the refund's type (the staff's and shop's lists). */
export function CaseProductCell({
  row,
}: {
  row: { productName: string; productKind: ProductKind; type: RefundType };
}) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={2}>
      <Flex gap={8} align="center" wrap>
        <span>{row.productName}</span>
        <KindTag kind={row.productKind} />
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t(`refundType.${row.type}`)}
      </Typography.Text>
    </Flex>
  );
}

/** The fields of an order its state tags read. */
type OrderState = Pick<OrderSummary, 'status' | 'refundState' | 'refundedFen' | 'openRefundNo'>;

/**
 * The order's state as a buyer or merchant reads it: refunded in full closes the trade (交易关闭), so
 * that tag takes the place of 已发货 / 已完成; otherwise the status, a partial refund, and 售后中 linking
 * to the open case under `caseBase` (/buyer/refunds, /merchant/refunds).
 */
export function OrderStateTags({
  order,
  caseBase,
  compact = false,
}: {
  order: OrderState;
  caseBase: string;
  /** Lists: 售后中 without the case number (it is in the link's title). */
  compact?: boolean;
}) {
  const { t } = useTranslation();
  if (order.refundState === 'refunded')
    return (
      <Tag color="red" variant="outlined" data-testid="order-refund-state" data-state="refunded">
        {t('orderRefund.refunded')}
      </Tag>
    );
  return (
    <>
      <OrderStatusTag status={order.status} />
      {order.refundState === 'partly_refunded' && (
        <Tag color="orange" data-testid="order-refund-state" data-state="partly_refunded">
          {t('orderRefund.partly', { amount: formatYuan(order.refundedFen) })}
        </Tag>
      )}
      {order.openRefundNo && (
        <Link
          to={`${caseBase}/${encodeURIComponent(order.openRefundNo)}`}
          // In a list the row opens the order; the tag opens the case instead.
          onClick={(event) => event.stopPropagation()}
          data-testid="order-open-refund"
          data-refund-no={order.openRefundNo}
          title={order.openRefundNo}
        >
          <Tag color="processing" style={{ cursor: 'pointer' }}>
            {compact ? t('orderRefund.open') : `${t('orderRefund.open')} · ${order.openRefundNo}`}
          </Tag>
        </Link>
      )}
    </>
  );
}
