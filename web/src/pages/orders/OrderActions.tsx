import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Modal, Popconfirm, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { cancelOrder, confirmReceipt, type OrderDetail } from '../../api/orders.ts';
import { PayPanel } from './PayPanel.tsx';

/** What the buyer can do with the order in its current state. */
export function OrderActions({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [paying, setPaying] = useState(false);

  const updated = (next: OrderDetail) => {
    queryClient.setQueryData(['order', next.orderNo], next);
    void queryClient.invalidateQueries({ queryKey: ['orders'] });
  };
  const cancel = useMutation({
    mutationFn: () => cancelOrder(order.orderNo),
    onSuccess: (next) => {
      updated(next);
      message.success(t('orderDetail.cancelled'));
    },
    onError: (error) => message.error(error.message),
  });
  const receive = useMutation({
    mutationFn: () => confirmReceipt(order.orderNo),
    onSuccess: (next) => {
      updated(next);
      message.success(t('orderDetail.received'));
    },
    onError: (error) => message.error(error.message),
  });

  const pending = order.status === 'pending_payment';
  return (
    <Space wrap>
      {pending && (
        <Button type="primary" data-testid="order-pay" onClick={() => setPaying(true)}>
          {t('orderDetail.pay')}
        </Button>
      )}
      {pending && (
        <Popconfirm title={t('orderDetail.cancelConfirm')} onConfirm={() => cancel.mutate()}>
          <Button danger data-testid="order-cancel" loading={cancel.isPending}>
            {t('orderDetail.cancel')}
          </Button>
        </Popconfirm>
      )}
      {order.productKind === 'physical' &&
        order.status === 'delivered' &&
        order.refundState !== 'refunded' && (
          <Popconfirm title={t('orderDetail.confirmReceiptConfirm')} onConfirm={() => receive.mutate()}>
            <Button type="primary" data-testid="order-confirm-receipt" loading={receive.isPending}>
              {t('orderDetail.confirmReceipt')}
            </Button>
          </Popconfirm>
        )}
      {order.openRefundNo && (
        <Button
          type="primary"
          data-testid="order-open-case"
          onClick={() => navigate(`/buyer/refunds/${encodeURIComponent(order.openRefundNo ?? '')}`)}
        >
          {t('orderRefund.openCase')}
        </Button>
      )}
      {/* One open case per order: while one is open, the way on is that case, not a new one. */}
      {order.paidAt && order.refundableFen > 0 && !order.openRefundNo && (
        <Button
          data-testid="order-refund"
          onClick={() => navigate(`/buyer/refunds/new?orderNo=${encodeURIComponent(order.orderNo)}`)}
        >
          {t('orderDetail.refund')}
        </Button>
      )}
      <Modal
        open={paying}
        title={t('purchase.payTitle', { orderNo: order.orderNo })}
        footer={null}
        destroyOnHidden
        onCancel={() => setPaying(false)}
      >
        <PayPanel
          order={order}
          onPaid={() => {
            setPaying(false);
            message.success(t('purchase.paid'));
          }}
        />
      </Modal>
    </Space>
  );
}
