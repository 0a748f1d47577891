import { Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderSummary } from '../../api/orders.ts';
import { OrderList } from '../orders/OrderList.tsx';
import { ShipModal } from './ShipModal.tsx';

export function MerchantOrdersPage() {
  const { t } = useTranslation();
  const [shipping, setShipping] = useState<OrderSummary | null>(null);
  return (
    <>
      <OrderList
        title={t('menu.merchantOrders')}
        showBuyer
        caseBase="/merchant/refunds"
        renderActions={(order) =>
          order.productKind === 'physical' &&
          order.status === 'awaiting_delivery' &&
          order.refundState !== 'refunded' ? (
            <Button size="small" type="primary" data-testid="order-ship" onClick={() => setShipping(order)}>
              {t('ship.action')}
            </Button>
          ) : null
        }
      />
      {shipping && <ShipModal order={shipping} onClose={() => setShipping(null)} />}
    </>
  );
}
