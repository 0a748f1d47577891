import { Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { OrderSummary } from '../../api/orders.ts';
import { OrderList } from '../orders/OrderList.tsx';
import { ReturnAddressCard } from '../returns/ReturnAddressCard.tsx';
import { ShipModal } from './ShipModal.tsx';

export function MerchantOrdersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [shipping, setShipping] = useState<OrderSummary | null>(null);
  return (
    <>
      <OrderList
        title={t('menu.merchantOrders')}
        showBuyer
        caseBase="/merchant/refunds"
        onOpen={(order) => navigate(`/merchant/orders/${encodeURIComponent(order.orderNo)}`)}
        renderActions={(order) =>
          order.productKind === 'physical' &&
          order.status === 'awaiting_delivery' &&
          order.refundState !== 'refunded' ? (
            <Button
              size="small"
              type="primary"
              data-testid="order-ship"
              onClick={(e) => {
                // The row opens the order; this button ships it.
                e.stopPropagation();
                setShipping(order);
              }}
            >
              {t('ship.action')}
            </Button>
          ) : null
        }
      />
      {shipping && <ShipModal order={shipping} onClose={() => setShipping(null)} />}
      <div style={{ marginTop: 16 }}>
        <ReturnAddressCard />
      </div>
    </>
  );
}
