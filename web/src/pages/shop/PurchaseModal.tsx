import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Form, Input, InputNumber, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { createOrder, type NewOrder } from '../../api/orders.ts';
import type { Product } from '../../api/products.ts';
import { formatYuan } from '../../format.ts';
import { PayPanel } from '../orders/PayPanel.tsx';

type Values = Omit<NewOrder, 'productId'>;

/** Place an order for the product, then pay it; lands on the order's detail page. */
export function PurchaseModal({ product, onClose }: { product: Product; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const quantity = Form.useWatch('quantity', form) ?? 1;
  const create = useMutation({
    mutationFn: ({ quantity, topupAccount, shippingAddress }: Values) =>
      createOrder({
        productId: product.id,
        quantity,
        topupAccount: topupAccount?.trim(),
        shippingAddress: shippingAddress?.trim(),
      }),
    onSuccess: (order) => {
      queryClient.setQueryData(['order', order.orderNo], order);
      void queryClient.invalidateQueries({ queryKey: ['orders'] });
    },
  });
  const order = create.data;
  const maxQuantity = Math.max(1, Math.min(99, product.stock ?? 99));

  return (
    <Modal
      open
      title={
        order
          ? t('purchase.payTitle', { orderNo: order.orderNo })
          : t('purchase.title', { name: product.name })
      }
      footer={null}
      onCancel={onClose}
    >
      {order ? (
        <PayPanel
          order={order}
          onPaid={(paid) => {
            message.success(t('purchase.paid'));
            navigate(`/buyer/orders/${encodeURIComponent(paid.orderNo)}`);
          }}
        />
      ) : (
        <Form<Values>
          form={form}
          layout="vertical"
          data-testid="purchase-form"
          initialValues={{ quantity: 1 }}
          onFinish={(values) => create.mutate(values)}
        >
          <Form.Item name="quantity" label={t('purchase.quantity')} rules={[{ required: true }]}>
            <InputNumber data-testid="purchase-quantity" min={1} max={maxQuantity} precision={0} />
          </Form.Item>
          {product.kind === 'direct_topup' && (
            <Form.Item
              name="topupAccount"
              label={t('purchase.topupAccount')}
              rules={[{ required: true, whitespace: true, message: t('purchase.topupAccountRequired') }]}
            >
              <Input
                data-testid="purchase-topup-account"
                placeholder={t('purchase.topupAccountHint')}
                maxLength={64}
              />
            </Form.Item>
          )}
          {product.kind === 'physical' && (
            <Form.Item
              name="shippingAddress"
              label={t('purchase.shippingAddress')}
              rules={[{ required: true, whitespace: true, message: t('purchase.shippingAddressRequired') }]}
            >
              <Input.TextArea data-testid="purchase-address" rows={2} maxLength={300} />
            </Form.Item>
          )}
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'total', label: t('purchase.total'), children: formatYuan(product.priceFen * quantity) },
            ]}
          />
          {create.error && (
            <Alert type="error" showIcon data-testid="purchase-error" title={create.error.message} />
          )}
          <Button
            type="primary"
            htmlType="submit"
            block
            data-testid="purchase-submit"
            loading={create.isPending}
            style={{ marginTop: 16 }}
          >
            {t('purchase.submit')}
          </Button>
        </Form>
      )}
    </Modal>
  );
}
