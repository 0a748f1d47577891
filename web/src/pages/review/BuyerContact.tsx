import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { getBuyerContact, revealBuyerContact } from '../../api/conversation.ts';

/**
 * The buyer's name and phone for 记录联系: masked (张*明, 138****5678) until 查看, which the server
 * records in the audit log (who, whose, which case, when) and limits per hour.
 */
export function BuyerContact({ refundNo }: { refundNo: string }) {
  const { t } = useTranslation();
  const masked = useQuery({ queryKey: ['buyerContact', refundNo], queryFn: () => getBuyerContact(refundNo) });
  const reveal = useMutation({ mutationFn: () => revealBuyerContact(refundNo) });
  if (!masked.data) return null;
  if (!masked.data.verified)
    return (
      <Typography.Text type="secondary" data-testid="buyer-contact-unverified">
        {t('buyerContact.unverified')}
      </Typography.Text>
    );
  const shown = reveal.data;
  return (
    <Flex vertical gap={8} data-testid="buyer-contact" data-revealed={String(Boolean(shown))}>
      <Descriptions size="small" column={1} title={t('buyerContact.label')}>
        <Descriptions.Item label={t('buyerContact.name')}>
          <span data-testid="buyer-contact-name">{shown?.name ?? masked.data.nameMasked}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('buyerContact.phone')}>
          <span data-testid="buyer-contact-phone">{shown?.phone ?? masked.data.phoneMasked}</span>
        </Descriptions.Item>
      </Descriptions>
      {!shown && (
        <Flex gap={8} align="center" wrap>
          <Button
            size="small"
            data-testid="buyer-contact-reveal"
            loading={reveal.isPending}
            onClick={() => reveal.mutate()}
          >
            {t('buyerContact.reveal')}
          </Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('buyerContact.revealHint')}
          </Typography.Text>
        </Flex>
      )}
      {reveal.error && <Alert type="error" showIcon title={reveal.error.message} />}
    </Flex>
  );
}
