import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { getReturnAddress, type ReturnAddress, setReturnAddress } from '../../api/returns.ts';

/** 退货地址: where the shop's buyers send goods back; editable by the merchant. */
export function ReturnAddressCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const current = useQuery({ queryKey: ['returnAddress'], queryFn: getReturnAddress });
  const save = useMutation({
    mutationFn: (v: ReturnAddress) =>
      setReturnAddress({ name: v.name.trim(), phone: v.phone.trim(), address: v.address.trim() }),
    onSuccess: (answer) => {
      queryClient.setQueryData(['returnAddress'], answer);
      message.success(t('returnAddress.saved'));
    },
  });
  if (current.isPending) return null;
  const address = current.data?.returnAddress ?? null;
  return (
    <Card title={t('returnAddress.title')} size="small" data-testid="return-address-card">
      <Typography.Paragraph type="secondary">{t('returnAddress.intro')}</Typography.Paragraph>
      {!address && (
        <Alert type="warning" showIcon title={t('returnAddress.notSet')} style={{ marginBottom: 12 }} />
      )}
      <Form<ReturnAddress>
        layout="vertical"
        initialValues={address ?? undefined}
        onFinish={(v) => save.mutate(v)}
        data-testid="return-address-form"
      >
        <Flex gap={12} wrap align="end">
          <Form.Item
            name="name"
            label={t('returnAddress.name')}
            rules={[{ required: true, whitespace: true }]}
            style={{ marginBottom: 0 }}
          >
            <Input maxLength={40} data-testid="return-address-name" />
          </Form.Item>
          <Form.Item
            name="phone"
            label={t('returnAddress.phone')}
            rules={[{ required: true, whitespace: true }]}
            style={{ marginBottom: 0 }}
          >
            <Input maxLength={20} data-testid="return-address-phone" />
          </Form.Item>
          <Form.Item
            name="address"
            label={t('returnAddress.address')}
            rules={[{ required: true, whitespace: true }]}
            style={{ marginBottom: 0, flex: '1 1 320px' }}
          >
            <Input maxLength={200} data-testid="return-address-text" />
          </Form.Item>
          <Button htmlType="submit" type="primary" loading={save.isPending} data-testid="return-address-save">
            {t('returnAddress.save')}
          </Button>
        </Flex>
        {save.isError && <Alert type="error" showIcon title={save.error.message} style={{ marginTop: 12 }} />}
      </Form>
    </Card>
  );
}
