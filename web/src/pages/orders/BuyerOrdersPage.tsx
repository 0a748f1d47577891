import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { OrderList } from './OrderList.tsx';

export function BuyerOrdersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <OrderList
      title={t('menu.buyerOrders')}
      caseBase="/buyer/refunds"
      onOpen={(order) => navigate(`/buyer/orders/${encodeURIComponent(order.orderNo)}`)}
    />
  );
}
