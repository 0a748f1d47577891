import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { type OrderSummary, shipOrder } from '../../api/orders.ts';

interface Values {
  carrier: string;
  trackingNo: string;
}

export function ShipModal({ order, onClose }: { order: OrderSummary; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const ship = useMutation({
    mutationFn: ({ carrier, trackingNo }: Values) =>
      shipOrder(order.orderNo, { carrier: carrier.trim(), trackingNo: trackingNo.trim() }),
    onSuccess: (shipped) => {
      queryClient.setQueryData(['order', shipped.orderNo], shipped);
      void queryClient.invalidateQueries({ queryKey: ['orders'] });
      message.success(t('ship.done'));
      onClose();
    },
  });

  return (
    <Modal open title={t('ship.title', { orderNo: order.orderNo })} footer={null} onCancel={onClose}>
      <Form<Values> layout="vertical" data-testid="ship-form" onFinish={(values) => ship.mutate(values)}>
        <Form.Item
          name="carrier"
          label={t('ship.carrier')}
          rules={[{ required: true, whitespace: true, message: t('ship.carrierRequired') }]}
        >
          <Input data-testid="ship-carrier" maxLength={32} />
        </Form.Item>
        <Form.Item
          name="trackingNo"
          label={t('ship.trackingNo')}
          rules={[
            { required: true, whitespace: true, message: t('ship.trackingNoRequired') },
            { pattern: /^\s*[A-Za-z0-9-]{4,40}\s*$/, message: t('ship.trackingNoInvalid') },
          ]}
        >
          <Input data-testid="ship-tracking-no" maxLength={40} />
        </Form.Item>
        {ship.error && (
          <Alert type="error" showIcon title={ship.error.message} style={{ marginBottom: 16 }} />
        )}
        <Button type="primary" htmlType="submit" block data-testid="ship-submit" loading={ship.isPending}>
          {t('ship.submit')}
        </Button>
      </Form>
    </Modal>
  );
}
