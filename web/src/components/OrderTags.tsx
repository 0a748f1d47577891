import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DeliveryStatus, OrderStatus } from '../api/orders.ts';
import type { ProductKind } from '../api/products.ts';

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
    <Tag
      color={deliveryColors[status]}
      variant={problem ? 'solid' : 'outlined'}
      data-testid="delivery-status"
      data-status={status}
    >
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
